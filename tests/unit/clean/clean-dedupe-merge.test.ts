import fc from 'fast-check';
import { cleanBody, customer, expectAccounting } from '../../support/clean-harness';

const ndjson = (records: unknown[]) => records.map((record) => JSON.stringify(record)).join('\n');

describe('clean dedupe and merge', () => {
  it('drops exact duplicates and merges the sale and service rows of one vehicle', async () => {
    const sale = customer({ CustomerId: 'KH1', asset_num: 'rl4-bt3f 30k1234567', ServiceDate: null });
    const service1 = { NameCustomer: 'nguyen van an', Phone: '+84 903 123 456', asset_num: 'RL4BT3F30K1234567', modelType: 'Vios', ServiceDate: '2024-05-02' };
    const service2 = { ...service1, ServiceDate: '02/11/2025' };
    const other = customer({ CustomerId: 'KH2', asset_num: 'OTHERVIN1', NameCustomer: 'Trần Thị Bình', Phone: '0912345678' });
    const run = await cleanBody('customers/x.ndjson', ndjson([service1, sale, sale, service2, other, other]));
    expectAccounting(run);
    expect(run.result.counts).toMatchObject({ rowsIn: 6, valid: 2, rejected: 0, duplicates: 4, exactDuplicates: 2, mergedRows: 2 });
    const columns = run.header.split(',');
    const merged = run.csvRows.map((row) => row.split(',')).find((cells) => cells[columns.indexOf('vin')] === 'RL4BT3F30K1234567');
    expect(merged?.[columns.indexOf('customer_key')]).toBe('c:KH1');
    expect(merged?.[columns.indexOf('last_service_at')]).toBe('2025-11-02');
    expect(merged?.[columns.indexOf('service_visits')]).toBe('2');
    expect(merged?.[columns.indexOf('purchase_date')]).toBe('2019-03-20');
    expect(merged?.[columns.indexOf('source_row')]).toBe('1');
  });

  it('never repeats the merged phone as the alternative phone', async () => {
    const sale = customer({ CustomerId: 'KH7', asset_num: 'VINPHONE1', Phone: null });
    const service = { NameCustomer: 'Nguyễn Văn An', Phone: '0903 123 456', asset_num: 'VINPHONE1', modelType: 'Vios', ServiceDate: '2025-01-02' };
    const run = await cleanBody('customers/phones.ndjson', ndjson([sale, service]));
    const columns = run.header.split(',');
    const [cells] = run.csvRows.map((row) => row.split(','));
    expect(cells?.[columns.indexOf('phone')]).toBe('0903123456');
    expect(cells?.[columns.indexOf('phone_alt')]).toBe('');
  });

  it('gives the same rows whatever the number of spill partitions', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.record({ id: fc.integer({ min: 1, max: 30 }), vin: fc.integer({ min: 1, max: 20 }), service: fc.boolean() }), { minLength: 1, maxLength: 60 }),
        async (specs) => {
          const records = specs.map((spec) =>
            spec.service
              ? { NameCustomer: 'Lê Văn Cường', Phone: '0987654321', asset_num: `VIN${spec.vin}`, modelType: 'CX-5', ServiceDate: '2025-01-01' }
              : customer({ CustomerId: `KH${spec.id}`, asset_num: `VIN${spec.vin}` }),
          );
          const body = ndjson(records);
          const one = await cleanBody('customers/p.ndjson', body, { deps: { partitionTargetBytes: 1 << 30 } });
          const many = await cleanBody('customers/p.ndjson', body, { deps: { partitionTargetBytes: 16 } });
          expectAccounting(one);
          expectAccounting(many);
          expect(Number(many.stats.partitions)).toBeGreaterThan(1);
          expect([...many.csvRows].sort()).toEqual([...one.csvRows].sort());
          expect(many.result.counts).toEqual(one.result.counts);
        },
      ),
      { numRuns: 25 },
    );
  });
});
