import { describeTarget, type WarehouseParams } from '../../resources/warehouse-target.cjs';

const base: WarehouseParams = {
  createWarehouse: 'true',
  redshiftWorkgroupName: '',
  redshiftWorkgroupId: '',
  redshiftClusterIdentifier: '',
  redshiftDatabase: 'xecu',
};

describe('warehouse params check (package time)', () => {
  it('selects the created workgroup by default', () => {
    expect(describeTarget(base)).toBe('created-workgroup');
  });

  it('selects an existing cluster when its identifier is set and nothing is created', () => {
    expect(describeTarget({ ...base, createWarehouse: 'false', redshiftClusterIdentifier: 'xecu-prod' })).toBe('existing-cluster');
  });

  it('selects an existing workgroup given its name and id', () => {
    // Prepare
    const params = { ...base, createWarehouse: 'false', redshiftWorkgroupName: 'analytics', redshiftWorkgroupId: '0b2f8a64-1c3d-4e5f-8a9b-0c1d2e3f4a5b' };
    // Act + Assess
    expect(describeTarget(params)).toBe('existing-workgroup');
  });

  it('names the missing workgroup id, which IAM needs, when only the name is given', () => {
    expect(() => describeTarget({ ...base, createWarehouse: 'false', redshiftWorkgroupName: 'analytics' })).toThrow('redshiftWorkgroupId');
  });

  it('asks for a warehouse when none is created and none is named', () => {
    expect(() => describeTarget({ ...base, createWarehouse: 'false' })).toThrow('redshiftClusterIdentifier or redshiftWorkgroupName');
  });

  it('refuses a cluster identifier next to a created warehouse', () => {
    expect(() => describeTarget({ ...base, redshiftClusterIdentifier: 'xecu-prod' })).toThrow('choose one warehouse');
  });

  it('refuses a createWarehouse value other than true or false', () => {
    expect(() => describeTarget({ ...base, createWarehouse: 'yes' })).toThrow("'true' or 'false'");
  });
});
