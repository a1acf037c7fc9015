import { gzipSync } from 'node:zlib';
import { RejectRateExceededError, UnreadableFileError } from '../../../shared/steps/clean';
import { customerProfile } from '../../../shared/steps/clean/customer-profile';
import { listingProfile } from '../../../shared/steps/clean/listing-profile';
import { cleanBody, customer, expectAccounting, PROCESSED_BUCKET } from '../../support/clean-harness';

const lines = (...records: unknown[]) => records.map((record) => (typeof record === 'string' ? record : JSON.stringify(record))).join('\n');

describe('clean on hostile input', () => {
  it('rejects each broken record with its reason and keeps every record that identifies someone', async () => {
    const body = lines(
      customer({ CustomerId: 'KH1', asset_num: 'VIN0000000001' }),
      '{"CustomerId": "KH2", "NameCustomer": "Trần Thị B"',                     // truncated record
      'garbage \u0001\u0002 bytes',                                             // not JSON
      '[1, 2, 3]',                                                               // not an object
      customer({ CustomerId: 'KH3', asset_num: 'VIN0000000003', Phone: { home: '0903123456' } }), // object in a scalar field
      customer({ CustomerId: 'KH4', asset_num: 'VIN0000000004', NameCustomer: ['Lê', 'Văn', 'C'] }), // array in a scalar field
      customer({ CustomerId: 'KH5', asset_num: 'VIN0000000005', price: true }), // a boolean is a scalar: price unread, row kept
      customer({ CustomerId: 'KH6', asset_num: 'VIN0000000006', NameCustomer: '   ' }), // no name, but a CustomerId
      customer({ CustomerId: null, asset_num: 'VIN0000000007', Phone: '028 3822 1234', BirthDate: null }), // name + VIN only
      customer({ CustomerId: 'KH8', asset_num: null, modelType: null }),       // a customer without a vehicle
      '{"CustomerId":"KH9","NameCustomer":"Phạm Văn D","Phone":"0903123456","Phone":"0912345678","asset_num":"VIN9","modelType":"Vios"}',
      customer({ CustomerId: 'KH10', asset_num: 'VIN0000000010', Phone: 903123457, BirthDate: 31000 }), // number phone, Excel date
      { NameCustomer: 'Lê Văn Tám', Phone: '028 3822 1234', modelType: 'Vios' }, // nothing identifies a person or a vehicle
    );
    const run = await cleanBody('customers/hostile.ndjson', body);
    expectAccounting(run);
    expect(run.result.counts).toMatchObject({ rowsIn: 13, valid: 6, rejected: 7, duplicates: 0 });
    const reasonsByRow = Object.fromEntries(run.rejects.map((reject) => [reject.row, reject.reasons]));
    expect(reasonsByRow).toEqual({
      2: ['invalid_json'],
      3: ['invalid_json'],
      4: ['not_an_object'],
      5: ['field_type:Phone'],
      6: ['field_type:NameCustomer'],
      11: ['duplicate_key:Phone'],
      13: ['identity_missing', 'phone_invalid'],
    });
    // The original record is kept: parsed when it parsed, as text when it did not.
    expect(run.rejects.find((reject) => reject.row === 2)?.text).toBe('{"CustomerId": "KH2", "NameCustomer": "Trần Thị B"');
    expect(run.rejects.find((reject) => reject.row === 5)?.record).toMatchObject({ CustomerId: 'KH3', Phone: { home: '0903123456' } });
    expect(run.stats).toMatchObject({ counts: run.result.counts, rejectReasons: run.result.rejectReasons });
    expect(run.stats.warnings).toMatchObject({ price_unparsed: 1, name_missing: 1, customer_from_vehicle: 1, vehicle_missing: 1, phone_invalid: 2 });
    const rowKH10 = run.csvRows.find((row) => row.includes('c:KH10'));
    expect(rowKH10).toContain('0903123457');
    expect(rowKH10).toContain('1984-11-14');
    expect(run.csvRows.find((row) => row.includes('c:KH6'))).toMatch(/^b_\w+,8,c:KH6,KH6,,,,,0903123456,/);
    // The unknown owner of a known vehicle: keyed by the VIN, name kept.
    expect(run.csvRows.find((row) => row.includes('v:VIN0000000007'))).toContain(',v:VIN0000000007,,Nguyễn Văn An,');
  });

  it('keeps a phone-only row, attached to its vehicle, with a warning', async () => {
    const run = await cleanBody('customers/phone-only.ndjson', lines({ Phone: '0903 123 456', asset_num: 'RL4BT3F30K7654321', modelType: 'Vios G' }));
    expectAccounting(run);
    expect(run.result.counts).toMatchObject({ rowsIn: 1, valid: 1, rejected: 0 });
    const row = customerProfile.fromCsvLine(`${run.csvRows[0] as string}\n`);
    expect(row).toMatchObject({ customer_key: 'p:0903123456', phone: '0903123456', full_name: null, name_folded: null, name_key: null, vehicle_key: 'v:RL4BT3F30K7654321', model: 'Vios' });
    expect(run.stats.warnings).toEqual({ name_missing: 1 });
  });

  it('cuts free text wider than its column, nulls a too-long email, and rejects only a key that would not fit', async () => {
    const run = await cleanBody(
      'customers/long.ndjson',
      lines(
        customer({ CustomerId: 'OK1', asset_num: 'A'.repeat(64) }),
        customer({ CustomerId: 'LONG1', asset_num: 'A'.repeat(65) }),
        customer({ CustomerId: 'LONG2', asset_num: 'VIN2', modelType: `Vios ${'Đặc biệt '.repeat(40)}` }), // < 512 chars, > 512 bytes
        customer({ CustomerId: 'LONG3', asset_num: 'VIN3', Email: `${'a'.repeat(320)}@gmail.com` }),
      ),
    );
    expectAccounting(run);
    expect(run.result.counts).toMatchObject({ rowsIn: 4, valid: 3, rejected: 1 });
    expect(run.rejects.map((reject) => reject.reasons)).toEqual([['field_too_long:vin']]);
    expect(run.stats.warnings).toMatchObject({ 'truncated:variant': 1, 'truncated:model_raw': 1, 'too_long:email': 1 });
    const long2 = customerProfile.fromCsvLine(`${run.csvRows.find((row) => row.includes('c:LONG2')) as string}\n`);
    expect(Buffer.byteLength(long2.model_raw ?? '')).toBeLessThanOrEqual(512);
    expect(long2.model_raw).toMatch(/^Vios Đặc biệt/);
    expect(long2.model_raw).not.toContain('\uFFFD'); // cut between characters, never inside one
    expect(customerProfile.fromCsvLine(`${run.csvRows.find((row) => row.includes('c:LONG3')) as string}\n`).email).toBeNull();
  });

  it('rejects one huge line as too large, keeping its head, and reads on', async () => {
    const huge = JSON.stringify(customer({ CustomerId: 'BIG', Email: `${'x'.repeat(3_000_000)}@gmail.com` }));
    const run = await cleanBody('customers/huge.ndjson', `${huge}\n${JSON.stringify(customer())}\n`);
    expectAccounting(run);
    expect(run.result.counts).toMatchObject({ rowsIn: 2, valid: 1, rejected: 1 });
    expect(run.rejects[0]).toMatchObject({ row: 1, reasons: ['record_too_large'], chars: huge.length });
    expect(run.rejects[0]?.text?.length).toBeLessThanOrEqual(4096);
  });

  it('strips NUL and control characters, replaces lone surrogates, and keeps the record', async () => {
    // JSON escapes: NUL, BEL, ESC, a C1 control, a tab and a newline in the name; a lone surrogate in the model.
    const body = [
      '{"CustomerId":"CTL1","NameCustomer":"Nguy\\u1ec5n\\u0000 V\\u0103n\\u0007\\u001b\\u0085\\tAn\\nB\\u00ecnh","Phone":"0903\\u0000123456","asset_num":"VINCTL1","modelType":"Vios \\ud800G"}',
      JSON.stringify(customer({ CustomerId: 'CTL2', asset_num: 'VINCTL2', NameCustomer: 'Lê Văn \uFFFD Tám' })), // a U+FFFD the file wrote: text
    ].join('\n');
    const run = await cleanBody('customers/controls.ndjson', body);
    expectAccounting(run);
    expect(run.result.counts).toMatchObject({ rowsIn: 2, valid: 2, rejected: 0 });
    const rows = run.csvRows.map((line) => customerProfile.fromCsvLine(`${line}\n`));
    const ctl1 = rows.find((row) => row.customer_id === 'CTL1');
    expect(ctl1).toMatchObject({ full_name: 'Nguyễn Văn An Bình', phone: '0903123456', model_raw: 'Vios \uFFFDG' });
    expect(run.csvRows.join('\n')).not.toMatch(/[\u0000-\u0009\u000b-\u001f\u007f-\u009f]/);
    expect(rows.find((row) => row.customer_id === 'CTL2')?.full_name).toBe('Lê Văn \uFFFD Tám');
    expect(run.stats.warnings).toMatchObject({ control_characters_removed: 1, invalid_characters_replaced: 1 });
  });

  it('rejects a record only for bytes that were not UTF-8 in the file', async () => {
    const body = Buffer.concat([
      Buffer.from(`${JSON.stringify(customer({ CustomerId: 'U1', asset_num: 'VINU1' })).slice(0, -1)},"Note":"`),
      Buffer.from([0xc3, 0x28]),
      Buffer.from(`"}\n${JSON.stringify(customer({ CustomerId: 'U2', asset_num: 'VINU2', NameCustomer: 'Lê \uFFFD Tám' }))}\n`),
    ]);
    const run = await cleanBody('customers/utf8.ndjson', body);
    expectAccounting(run);
    expect(run.rejects.map((reject) => [reject.row, reject.reasons])).toEqual([[1, ['invalid_utf8']]]);
    expect(run.result.counts).toMatchObject({ valid: 1, rejected: 1 });
  });

  it('nulls numbers past int64 or in exponent form that no column takes, with a warning, and keeps the record', async () => {
    const body = [
      JSON.stringify(customer({ CustomerId: 'N1', asset_num: 'VINN1', price: '12345678901234567890123' })), // 23 digits
      JSON.stringify(customer({ CustomerId: 'N2', asset_num: 'VINN2', price: 5.45e8 })),
      '{"CustomerId":"N3","NameCustomer":"Võ Thị Hoa","Phone":"0912000111","asset_num":"VINN3","price":1e400,"Age":1e400,"BirthDate":-1e400}',
      JSON.stringify(customer({ CustomerId: 'N4', asset_num: 'VINN4', price: 1e30, Warranty_start_dt: '31/12/99999', BirthDate: '0000-01-01' })),
      '{"CustomerId":12345678901234567890123,"NameCustomer":"Đỗ Minh Tâm","Phone":9.03123458e8,"asset_num":1e21,"modelType":"CX-5"}',
    ].join('\n');
    const run = await cleanBody('customers/numbers.ndjson', body);
    expectAccounting(run);
    expect(run.result.counts).toMatchObject({ rowsIn: 5, valid: 5, rejected: 0 });
    const rows = run.csvRows.map((line) => customerProfile.fromCsvLine(`${line}\n`));
    const price = (id: string) => rows.find((row) => row.customer_key === `c:${id}`)?.price_vnd;
    expect([price('N1'), price('N2'), price('N3'), price('N4')]).toEqual([null, 545_000_000, null, null]);
    expect(rows.find((row) => row.customer_key === 'c:N4')).toMatchObject({ purchase_date: null, birth_date: null });
    expect(run.stats.warnings).toMatchObject({
      'out_of_range:price_vnd': 2, number_out_of_range: 1, purchase_date_unparsed: 1, birth_date_unparsed: 1,
      'number_imprecise:CustomerId': 1, 'number_imprecise:asset_num': 1,
    });
    // A rounded id would name someone else: dropped, the phone (a number in exponent form, exact) identifies the row.
    expect(rows.find((row) => row.customer_key === 'p:0903123458')).toMatchObject({ customer_id: null, vin: null, model: 'CX-5' });
    // No number in exponent form reaches the CSV: COPY would refuse it for an integer column.
    for (const row of rows) for (const value of [row.price_vnd, row.birth_year, row.purchase_year]) expect(String(value)).not.toMatch(/e/i);
  });

  it('keeps the payload small for thousands of distinct duplicated keys: top reasons in the result, all in stats', async () => {
    const records = Array.from({ length: 3000 }, (_v, i) => `{"CustomerId":"D${i}","NameCustomer":"An","k${i}":1,"k${i}":2}`);
    const run = await cleanBody('customers/dupkeys.ndjson', records.join('\n'), { deps: { maxRejectRate: 1 } });
    expectAccounting(run);
    expect(run.result.counts).toMatchObject({ rowsIn: 3000, rejected: 3000 });
    expect(Object.keys(run.result.rejectReasons)).toHaveLength(21);
    expect(run.result.rejectReasons.other).toBe(2980);
    expect(Object.keys(run.stats.rejectReasons as object)).toHaveLength(3000);
    expect(JSON.stringify(run.result).length).toBeLessThan(4096);
  });

  it('never lets a field name of any length into a reason', async () => {
    const name = 'x'.repeat(100_000);
    const run = await cleanBody('customers/longkey.ndjson', `{"CustomerId":"L1","${name}":1,"${name}":2}`);
    expect(run.rejects[0]?.reasons[0]?.length).toBeLessThanOrEqual(100);
  });

  it.each([
    ['NDJSON', 'customers/attachment.ndjson'],
    ['a JSON export document', 'customers/attachment.json'],
  ])('skips a 5 MB field it does not load, counts it, and loads the record (%s)', async (_layout, key) => {
    const attachment = Buffer.alloc(3_750_000, 7).toString('base64'); // 5 MB of base64
    const records = [
      { ...customer({ CustomerId: 'ATT1', asset_num: 'VINATT1' }), Attachment: { name: 'scan.pdf', data: attachment }, Note: 'giữ' },
      customer({ CustomerId: 'ATT2', asset_num: 'VINATT2', ScanBase64: attachment }),
      customer({ CustomerId: 'ATT3', asset_num: 'VINATT3' }),
    ];
    const body = key.endsWith('.ndjson') ? lines(...records) : JSON.stringify({ results: records });
    const run = await cleanBody(key, body);
    expectAccounting(run);
    expect(run.result.counts).toMatchObject({ rowsIn: 3, valid: 3, rejected: 0 });
    expect(run.stats.warnings).toMatchObject({ unknown_field_skipped: 2 });
    expect(run.stats.skippedFields).toEqual({ fields: 2, chars: expect.any(Number) as number });
    expect((run.stats.skippedFields as { chars: number }).chars).toBeGreaterThan(2 * 5_000_000);
    expect(run.csvRows.find((row) => row.includes('c:ATT1'))).toContain('Nguyễn Văn An');
  });

  it('fails a batch whose rows are nearly all rejected, after writing its rejects and stats; force loads the rest', async () => {
    // A listings file dropped under the customers prefix: nothing in it identifies a customer.
    const listings = Array.from({ length: 30 }, (_v, i) => ({ source: 'chotot', listing_id: `${i}`, title: 'Vios 2019', seller_name: 'An', price_vnd: 1 }));
    const body = lines(...listings, customer({ CustomerId: 'REAL1' }));
    const attempt = cleanBody('customers/wrong.ndjson', body);
    await expect(attempt).rejects.toBeInstanceOf(RejectRateExceededError);
    await expect(attempt).rejects.toThrow(/30 of 31 rows rejected \(96\.8%, above 50%\); top reasons: identity_missing 30/);
    const forced = await cleanBody('customers/wrong.ndjson', body, { force: true });
    expectAccounting(forced);
    expect(forced.result.counts).toMatchObject({ rowsIn: 31, valid: 1, rejected: 30 });
    expect(forced.stats).toMatchObject({ rejectRateExceeded: true, forced: true });
  });

  it('judges the reject rate only from 20 rows in, and only above half', async () => {
    const few = await cleanBody('customers/few.ndjson', lines({ NameCustomer: 'An' }, { NameCustomer: 'Bình' }, customer()));
    expect(few.result.counts).toMatchObject({ rowsIn: 3, rejected: 2 });
    const half = await cleanBody(
      'customers/half.ndjson',
      lines(...Array.from({ length: 10 }, () => ({ NameCustomer: 'An' })), ...Array.from({ length: 10 }, (_v, i) => customer({ CustomerId: `H${i}`, asset_num: `VINH${i}` }))),
    );
    expect(half.result.counts).toMatchObject({ rowsIn: 20, rejected: 10, valid: 10 });
  });

  it('loads a hostile ad with what fits, and rejects it only for a source, id, url or scrape time it lacks', async () => {
    const ad = (overrides: Record<string, unknown>) => ({
      source: 'chotot', listing_id: '1', url: 'https://xe.chotot.com/1.htm', title: 'Vios 2019', make: 'Toyota', model: 'Vios', variant: null,
      year: 2019, mileage_km: 42000, price_vnd: 450_000_000, price_text: '450 triệu', negotiable: false, seller_name: 'Nguyễn Văn A',
      seller_phone: null, seller_type: 'private', province: 'Hà Nội', district: null, posted_at: '2026-09-11T08:44:23.530Z',
      scraped_at: '2026-11-20T01:00:00.000Z', ...overrides,
    });
    const run = await cleanBody(
      'listings/hostile.ndjson',
      lines(
        ad({ listing_id: 'H1', year: 99999, price_vnd: 1e30, mileage_km: -5, title: 'Vios\u0000 2019\u0007 đẹp\nlắm', posted_at: '0000-01-01T00:00:00Z' }),
        ad({ listing_id: 'H2', title: 'x'.repeat(900), negotiable: 'yes', posted_at: 'hôm qua', price_vnd: 5.45e8 }),
        ad({ listing_id: 'H3', scraped_at: '0000-01-01T00:00:00Z' }),
        ad({ listing_id: 'H4', url: 'not a url' }),
        ad({ listing_id: 'H5', seller_name: { first: 'An' } }),
        ad({ listing_id: 'H6', year: 2019.5, price_vnd: 12345678901234567890123 }),
      ),
      { kind: 'listings' },
    );
    expectAccounting(run);
    expect(run.result.counts).toMatchObject({ rowsIn: 6, valid: 3, rejected: 3 });
    expect(run.rejects.map((reject) => reject.reasons)).toEqual([['field_out_of_range:scraped_at'], ['field_invalid:url'], ['field_type:seller_name']]);
    const rows = Object.fromEntries(run.csvRows.map((line) => listingProfile.fromCsvLine(`${line}\n`)).map((row) => [row.listing_id, row]));
    expect(rows.H1).toMatchObject({ year: null, price_vnd: null, mileage_km: null, posted_at: null, title: 'Vios 2019 đẹp lắm' });
    expect(rows.H2).toMatchObject({ negotiable: false, posted_at: null, price_vnd: 545_000_000 });
    expect(rows.H2?.title).toHaveLength(500);
    expect(rows.H6).toMatchObject({ year: null, price_vnd: null });
    expect(run.stats.warnings).toMatchObject({
      'field_nulled:year': 2, 'field_nulled:mileage_km': 1, 'field_nulled:price_vnd': 2, 'out_of_range:posted_at': 1,
      'field_nulled:posted_at': 1, 'field_nulled:negotiable': 1, 'truncated:title': 1, control_characters_removed: 1,
    });
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
