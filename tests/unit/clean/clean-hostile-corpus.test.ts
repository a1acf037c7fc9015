import { gzipSync } from 'node:zlib';
import { UnreadableFileError } from '../../../shared/steps/clean';
import { cleanBody, customer, expectAccounting, PROCESSED_BUCKET } from '../../support/clean-harness';

const lines = (...records: unknown[]) => records.map((record) => (typeof record === 'string' ? record : JSON.stringify(record))).join('\n');

describe('clean on hostile input', () => {
  it('rejects each broken record with its reason and keeps the good ones', async () => {
    const body = lines(
      customer({ CustomerId: 'KH1', asset_num: 'VIN0000000001' }),
      '{"CustomerId": "KH2", "NameCustomer": "Trần Thị B"',                     // truncated record
      'garbage \u0001\u0002 bytes',                                             // not JSON
      '[1, 2, 3]',                                                               // not an object
      customer({ CustomerId: 'KH3', asset_num: 'VIN0000000003', Phone: { home: '0903123456' } }), // object in a scalar field
      customer({ CustomerId: 'KH4', asset_num: 'VIN0000000004', NameCustomer: ['Lê', 'Văn', 'C'] }), // array in a scalar field
      customer({ CustomerId: 'KH5', asset_num: 'VIN0000000005', price: true }), // wrong type
      customer({ CustomerId: 'KH6', asset_num: 'VIN0000000006', NameCustomer: '   ' }),
      customer({ CustomerId: null, asset_num: 'VIN0000000007', Phone: '028 3822 1234', BirthDate: null }), // no id, landline: no key
      customer({ CustomerId: 'KH8', asset_num: null, modelType: null }),
      '{"CustomerId":"KH9","NameCustomer":"Phạm Văn D","Phone":"0903123456","Phone":"0912345678","asset_num":"VIN9","modelType":"Vios"}',
      customer({ CustomerId: 'KH10', asset_num: 'VIN0000000010', Phone: 903123457, BirthDate: 31000 }), // number phone, Excel date
    );
    const run = await cleanBody('customers/hostile.ndjson', body);
    expectAccounting(run);
    expect(run.result.counts).toMatchObject({ rowsIn: 12, valid: 2, rejected: 10, duplicates: 0 });
    const reasonsByRow = Object.fromEntries(run.rejects.map((reject) => [reject.row, reject.reasons]));
    expect(reasonsByRow).toEqual({
      2: ['invalid_json'],
      3: ['invalid_json'],
      4: ['not_an_object'],
      5: ['field_type:Phone'],
      6: ['field_type:NameCustomer'],
      7: ['field_type:price'],
      8: ['name_missing'],
      9: ['customer_key_missing', 'phone_invalid'],
      10: ['vehicle_missing'],
      11: ['duplicate_key:Phone'],
    });
    // The original record is kept: parsed when it parsed, as text when it did not.
    expect(run.rejects.find((reject) => reject.row === 2)?.text).toBe('{"CustomerId": "KH2", "NameCustomer": "Trần Thị B"');
    expect(run.rejects.find((reject) => reject.row === 5)?.record).toMatchObject({ CustomerId: 'KH3', Phone: { home: '0903123456' } });
    expect(run.stats).toMatchObject({ counts: run.result.counts, rejectReasons: run.result.rejectReasons });
    const rowKH10 = run.csvRows.find((row) => row.includes('c:KH10'));
    expect(rowKH10).toContain('0903123457');
    expect(rowKH10).toContain('1984-11-14');
  });

  it('rejects a record whose value would not fit its warehouse column, in UTF-8 bytes', async () => {
    const run = await cleanBody(
      'customers/long.ndjson',
      lines(
        customer({ CustomerId: 'OK1', asset_num: 'A'.repeat(64) }),
        customer({ CustomerId: 'LONG1', asset_num: 'A'.repeat(65) }),
        customer({ CustomerId: 'LONG2', asset_num: 'VIN2', modelType: `Vios ${'Đặc biệt '.repeat(40)}` }), // < 512 chars, > 512 bytes
      ),
    );
    expectAccounting(run);
    expect(run.result.counts).toMatchObject({ rowsIn: 3, valid: 1, rejected: 2 });
    expect(run.rejects.map((reject) => reject.reasons)).toEqual([['field_too_long:vin'], ['field_too_long:variant', 'field_too_long:model_raw']]);
  });

  it('rejects one huge line as too large, keeping its head, and reads on', async () => {
    const huge = JSON.stringify(customer({ CustomerId: 'BIG', Email: `${'x'.repeat(3_000_000)}@gmail.com` }));
    const run = await cleanBody('customers/huge.ndjson', `${huge}\n${JSON.stringify(customer())}\n`);
    expectAccounting(run);
    expect(run.result.counts).toMatchObject({ rowsIn: 2, valid: 1, rejected: 1 });
    expect(run.rejects[0]).toMatchObject({ row: 1, reasons: ['record_too_large'], chars: huge.length });
    expect(run.rejects[0]?.text?.length).toBeLessThanOrEqual(4096);
  });

  it('reads the DB export document, gzip and BOM included, with the same result as NDJSON', async () => {
    const records = [customer({ CustomerId: 'A', asset_num: 'V1' }), customer({ CustomerId: 'B', asset_num: 'V2', NameCustomer: 'ANH TRAN VAN BINH' })];
    const document = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(JSON.stringify({ total: 2, results: records }))]);
    const fromDocument = await cleanBody('customers/export.json.gz', gzipSync(document));
    const fromLines = await cleanBody('customers/export.ndjson', lines(...records));
    expectAccounting(fromDocument);
    expect(fromDocument.csvRows).toEqual(fromLines.csvRows);
    expect(fromDocument.result.counts.valid).toBe(2);
  });

  it.each([
    ['0 bytes', 'customers/empty.json', Buffer.alloc(0), 'empty_file'],
    ['a truncated gzip', 'customers/cut.json.gz', gzipSync(Buffer.from(JSON.stringify({ results: Array.from({ length: 300 }, () => customer()) }))).subarray(0, 200), 'corrupt_gzip'],
    ['a truncated JSON document', 'customers/cut.json', Buffer.from(JSON.stringify({ results: [customer(), customer()] }).slice(0, -40)), 'truncated_json'],
    ['UTF-16', 'customers/utf16.json', Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(JSON.stringify([customer()]), 'utf16le')]), 'utf16_not_supported'],
    ['not JSON', 'customers/export.json', Buffer.from('CustomerId;NameCustomer\n1;An\n'), 'not_json'],
  ])('ends the batch with a file-level error for %s and writes nothing', async (_name, key, body, problem) => {
    const attempt = cleanBody(key, body);
    await expect(attempt).rejects.toBeInstanceOf(UnreadableFileError);
    await expect(attempt).rejects.toMatchObject({ problem });
  });

  it('leaves no processed, rejects or stats object behind after a file-level error', async () => {
    const { MemoryObjectStore } = await import('../../../shared/adapters/memory/memory-object-store');
    const { clean } = await import('../../../shared/steps/clean');
    const store = new MemoryObjectStore();
    await store.putBytes({ bucket: 'raw', key: 'customers/cut.json' }, `{"results":[${JSON.stringify(customer())},`);
    await expect(
      clean({ batchId: `b_${'a'.repeat(32)}`, kind: 'customers', source: { bucket: 'raw', key: 'customers/cut.json' } }, { objectStore: store, processedBucket: PROCESSED_BUCKET }),
    ).rejects.toMatchObject({ problem: 'truncated_json' });
    const left = [];
    for await (const object of store.list(PROCESSED_BUCKET, '')) left.push(object.key);
    expect(left).toEqual([]);
  });
});
