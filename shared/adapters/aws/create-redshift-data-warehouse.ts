import { RedshiftDataClient } from '@aws-sdk/client-redshift-data';
import { RedshiftDataWarehouse, type RedshiftDataWarehouseOptions } from '../redshift-data/redshift-data-warehouse';

/** The Redshift Data API warehouse with its SDK client made here, so callers outside adapters never import the SDK. */
export function createRedshiftDataWarehouse(options: Omit<RedshiftDataWarehouseOptions, 'client'>): RedshiftDataWarehouse {
  return new RedshiftDataWarehouse({ ...options, client: new RedshiftDataClient({ region: options.region }) });
}
