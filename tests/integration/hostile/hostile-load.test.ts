import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import fc from 'fast-check';
import { FilesystemObjectStore } from '../../../shared/adapters/filesystem/filesystem-object-store';
import { PostgresWarehouse } from '../../../shared/adapters/postgres/postgres-warehouse';
import type { BatchKind } from '../../../shared/contracts/batch';
import { silentLog } from '../../../shared/ports/log';
import { loadSql } from '../../../shared/sql';
import type { IngestDependencies } from '../../../shared/steps/tasks';
import { ingestInputFor } from '../../../shared/steps/trigger';
import { runIngestLocally } from '../../../local/runtime/local-state-machine';
import { startPostgres, type PostgresServer } from '../../support/postgres-server';

/**
 * Property: whatever scalar values a record holds — control characters, lone surrogates, numbers past int64 or in
 * exponent form, dates in year 0 or 10000, text wider than its column — the batch loads (clean + manifest + COPY +
 * MERGE through the state machine) on PGlite and on a real PostgreSQL server, and rows in = valid + rejected +
 * duplicates. Before clean guarded every column, one such value failed the whole COPY.
 */

/** JSON text written as is (JSON.stringify cannot write 1e400 or a 23-digit integer). */
class RawJson {
  constructor(readonly text: string) {}
}

function toJson(value: unknown): string {
  if (value instanceof RawJson) return value.text;
  if (Array.isArray(value)) return `[${value.map(toJson).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    return `{${Object.entries(value).map(([key, item]) => `${JSON.stringify(key)}:${toJson(item)}`).join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}

const hostileChar = fc.constantFrom(
  'a', 'Ă', 'ễ', 'Đ', ' ', '\u0000', '\u0007', '\t', '\n', '\r', '\u001b', '\u007f', '\u0085', '\u009f', '\ud800', '\udfff',
  '\ufffd', '\uffff', '\ufdd0', '"', '\\', ',', '🚗', '\u2028',
);
const hostileString = fc.oneof(
  { weight: 4, arbitrary: fc.string({ unit: hostileChar, maxLength: 40 }) },
  { weight: 2, arbitrary: fc.string({ unit: 'binary', maxLength: 30 }) },
  { weight: 1, arbitrary: fc.string({ unit: hostileChar, minLength: 300, maxLength: 900 }) },
  {
    weight: 3,
    arbitrary: fc.constantFrom(
      '', ' ', '0000-01-01', '10000-01-01', '31/12/99999', '29/02/2023', '01/01/0001', '12345678901234567890123', '5.45e8', '1e400',
      'NaN', '-0', '0903123456', '+84 903 123 456', '545.000.000', '1 tỷ 200 triệu', '-5', '2024-02-30T25:61:00+99:00', 'Infinity',
    ),
  },
);
const hostileNumber = fc.oneof(
  fc.double(),
  fc.integer(),
  fc.bigInt({ min: -(10n ** 30n), max: 10n ** 30n }).map((value) => new RawJson(value.toString())),
  fc.constantFrom(
    ...['1e400', '-1e400', '12345678901234567890123', '5.45e8', '1e21', '-0', '99999', '903123456', '2147483648', '9223372036854775808', '1e-7', '2019.5'].map(
      (text) => new RawJson(text),
    ),
  ),
);
const hostileScalar = fc.oneof(
  { weight: 6, arbitrary: hostileString },
  { weight: 4, arbitrary: hostileNumber },
  { weight: 1, arbitrary: fc.boolean() },
  { weight: 1, arbitrary: fc.constant(null) },
);
/** Mostly scalars; now and then an object or array where a scalar belongs (the one thing that rejects). */
const hostileValue = fc.oneof(
  { weight: 20, arbitrary: hostileScalar },
  { weight: 1, arbitrary: fc.constantFrom<unknown>({}, [], { a: 1 }, ['0903123456']) },
);
const sometimes = <T>(usual: fc.Arbitrary<T>) => fc.oneof({ weight: 3, arbitrary: usual }, { weight: 2, arbitrary: hostileValue });

const hostileCustomer = fc.record(
  {
    CustomerId: sometimes(fc.stringMatching(/^KH[0-9]{1,5}$/)),
    NameCustomer: sometimes(fc.constantFrom('Nguyễn Văn An', 'TRAN THI BINH', 'Lê Văn Tám')),
    Phone: sometimes(fc.constantFrom('0903123456', '0912 345 678', '028 3822 1234')),
    BirthDate: hostileValue,
    Age: hostileValue,
    Email: hostileValue,
    asset_num: sometimes(fc.stringMatching(/^[A-Z0-9]{5,17}$/)),
    modelType: sometimes(fc.constantFrom('Vios 1.5G', 'CX-5 2.0', 'Ranger XLS')),
    Brand: hostileValue,
    Warranty_start_dt: hostileValue,
    price: hostileValue,
    DealerProvince: hostileValue,
    ServiceDate: hostileValue,
    Attachment: hostileValue,
  },
  { requiredKeys: [] },
);

const hostileListing = fc
  .record(
    {
      listing_id: sometimes(fc.stringMatching(/^[0-9]{1,9}$/)),
      url: sometimes(fc.constant('https://xe.chotot.com/1.htm')),
      title: sometimes(fc.constant('Vios 2019 số tự động')),
      make: hostileValue,
      model: hostileValue,
      variant: hostileValue,
      year: hostileValue,
      mileage_km: hostileValue,
      price_vnd: hostileValue,
      price_text: hostileValue,
      negotiable: hostileValue,
      seller_name: hostileValue,
      seller_phone: hostileValue,
      province: hostileValue,
      district: hostileValue,
      posted_at: hostileValue,
      scraped_at: sometimes(fc.constantFrom('2026-11-20T01:00:00.000Z', '2026-11-20T08:00:00+07:00')),
    },
    { requiredKeys: [] },
  )
  .map((fields) => ({ source: 'chotot', listing_id: '1', url: 'https://xe.chotot.com/1.htm', title: 'Vios', negotiable: false, seller_type: 'private', scraped_at: '2026-11-20T01:00:00.000Z', ...fields }));

const RAW_BUCKET = 'xecu-test-hostile';

describe.each([
  ['PGlite', async (): Promise<{ url?: string; stop?: () => Promise<void> }> => ({})],
  [
    'a PostgreSQL server',
    async (): Promise<{ url?: string; stop?: () => Promise<void> }> => {
      const server: PostgresServer = await startPostgres();
      return { url: server.url, stop: () => server.stop() };
    },
  ],
])('hostile records loaded on %s', (_backend, startBackend) => {
  let home: string;
  let warehouse: PostgresWarehouse;
  let deps: IngestDependencies;
  let stopBackend: (() => Promise<void>) | undefined;
  let objects = 0;

  beforeAll(async () => {
    home = mkdtempSync(path.join(tmpdir(), 'xecu-hostile-'));
    const store = new FilesystemObjectStore(path.join(home, 's3'));
    const backend = await startBackend();
    stopBackend = backend.stop;
    warehouse = new PostgresWarehouse({ objectStore: store, ...(backend.url ? { databaseUrl: backend.url } : {}) });
    await warehouse.migrate();
    deps = { objectStore: store, warehouse, processedBucket: 'xecu-test-processed', log: silentLog, tmpDir: home };
  }, 120_000);

  afterAll(async () => {
    await warehouse?.close();
    await stopBackend?.();
    rmSync(home, { recursive: true, force: true });
  });

  async function ingest(kind: BatchKind, records: unknown[], asDocument: boolean) {
    const key = `${kind}/hostile-${++objects}.${asDocument ? 'json' : 'ndjson'}`;
    const body = asDocument ? `{"results":[${records.map(toJson).join(',')}]}` : records.map(toJson).join('\n');
    await deps.objectStore.putBytes({ bucket: RAW_BUCKET, key }, body);
    const head = await deps.objectStore.head({ bucket: RAW_BUCKET, key });
    // Forced: random records are often mostly rejected, and this property is about the values that pass, not the rate.
    const input = { ...ingestInputFor({ bucket: RAW_BUCKET, key, ...(head?.etag ? { etag: head.etag } : {}) }, kind), force: true };
    const outcome = await runIngestLocally(input, deps);
    const counts = (outcome.output as { clean?: { counts: { rowsIn: number; valid: number; rejected: number; duplicates: number } } } | undefined)?.clean?.counts;
    return { outcome, counts, input };
  }

  async function expectLoaded(kind: BatchKind, records: unknown[], asDocument: boolean): Promise<void> {
    const { outcome, counts, input } = await ingest(kind, records, asDocument);
    if (outcome.status !== 'SUCCEEDED') throw new Error(`batch ${outcome.status}: ${outcome.error?.name ?? ''} ${outcome.error?.cause ?? ''}`);
    expect(outcome.trail.at(-1)).toBe('Loaded');
    expect(counts?.rowsIn).toBe(records.length);
    expect(counts?.rowsIn).toBe((counts?.valid ?? 0) + (counts?.rejected ?? 0) + (counts?.duplicates ?? 0));
    const [batch] = await warehouse.query(loadSql('ops/batch_summary'), { batch_id: input.batchId });
    expect(batch).toMatchObject({ status: 'loaded' });
  }

  it('loads every batch of hostile customer records, and the accounting holds', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(hostileCustomer, { minLength: 1, maxLength: 25 }), fc.boolean(), (records, asDocument) => expectLoaded('customers', records, asDocument)),
      // No shrinking: every attempt is a whole ingest, and the failing batch's error already names the column.
      { numRuns: 25, endOnFailure: true },
    );
  }, 300_000);

  it('loads every batch of hostile listings, and the accounting holds', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(hostileListing, { minLength: 1, maxLength: 25 }), fc.boolean(), (records, asDocument) => expectLoaded('listings', records, asDocument)),
      // No shrinking: every attempt is a whole ingest, and the failing batch's error already names the column.
      { numRuns: 25, endOnFailure: true },
    );
  }, 300_000);
});
