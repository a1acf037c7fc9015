'use strict';
/**
 * Checks the per-stage warehouse params of serverless.yml before anything is packaged, so a stage that points at
 * an existing warehouse but forgets half of it fails with a message naming the missing param instead of an IAM
 * policy with an empty Resource at deploy time.
 *
 * serverless.yml: `custom.warehouseTarget: ${file(resources/warehouse-target.cjs):target}`.
 */

/** @param {{ createWarehouse: string, redshiftWorkgroupName: string, redshiftWorkgroupId: string, redshiftClusterIdentifier: string, redshiftDatabase: string }} params */
function describeTarget(params) {
  const create = String(params.createWarehouse).trim();
  if (create !== 'true' && create !== 'false') {
    throw new Error(`param createWarehouse must be 'true' or 'false', got '${create}'`);
  }
  if (!params.redshiftDatabase) throw new Error('param redshiftDatabase must name the database');
  if (create === 'true') {
    if (params.redshiftClusterIdentifier) {
      throw new Error('param redshiftClusterIdentifier is set but createWarehouse is true: choose one warehouse');
    }
    return 'created-workgroup';
  }
  if (params.redshiftClusterIdentifier) return 'existing-cluster';
  if (!params.redshiftWorkgroupName) {
    throw new Error('createWarehouse is false: set param redshiftClusterIdentifier or redshiftWorkgroupName');
  }
  // The Data API IAM resource is the workgroup ARN, which ends in the workgroup id, not its name.
  if (!/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/.test(params.redshiftWorkgroupId)) {
    throw new Error('createWarehouse is false with a workgroup: set param redshiftWorkgroupId to its id (a UUID)');
  }
  return 'existing-workgroup';
}

const PARAM_NAMES = ['createWarehouse', 'redshiftWorkgroupName', 'redshiftWorkgroupId', 'redshiftClusterIdentifier', 'redshiftDatabase'];

async function target({ resolveVariable }) {
  const entries = await Promise.all(PARAM_NAMES.map(async (name) => [name, String((await resolveVariable(`param:${name}`)) ?? '')]));
  return describeTarget(Object.fromEntries(entries));
}

module.exports = { target, describeTarget };
