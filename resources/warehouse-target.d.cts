/** Types of warehouse-target.cjs. */
export type WarehouseTarget = 'created-workgroup' | 'existing-workgroup' | 'existing-cluster';
export interface WarehouseParams {
  createWarehouse: string;
  redshiftWorkgroupName: string;
  redshiftWorkgroupId: string;
  redshiftClusterIdentifier: string;
  redshiftDatabase: string;
}
/** Which warehouse the params select; throws naming the param when they contradict each other. */
export function describeTarget(params: WarehouseParams): WarehouseTarget;
export function target(context: { resolveVariable(address: string): Promise<unknown> }): Promise<WarehouseTarget>;
