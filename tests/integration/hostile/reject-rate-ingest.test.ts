import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { FilesystemObjectStore } from '../../../shared/adapters/filesystem/filesystem-object-store';
import { PostgresWarehouse } from '../../../shared/adapters/postgres/postgres-warehouse';
import type { BatchKind, IngestInput } from '../../../shared/contracts/batch';
import { silentLog } from '../../../shared/ports/log';
import { loadSql } from '../../../shared/sql';
import type { IngestDependencies } from '../../../shared/steps/tasks';
import { ingestInputFor } from '../../../shared/steps/trigger';
import { runIngestLocally } from '../../../local/runtime/local-state-machine';

/** Step Functions refuses a state's data past 256 KB: the execution would fail unrecorded. */
const PAYLOAD_LIMIT = 256 * 1024;
const RAW = 'xecu-test-raw';
let home: string;
let store: FilesystemObjectStore;
let warehouse: PostgresWarehouse;
let deps: IngestDependencies;

async function putRaw(kind: BatchKind, key: string, body: string): Promise<IngestInput> {
  await store.putBytes({ bucket: RAW, key }, body);
  const head = await store.head({ bucket: RAW, key });
  return ingestInputFor({ bucket: RAW, key, ...(head?.etag ? { etag: head.etag } : {}) }, kind);
}

async function readJson(ref: { bucket: string; key: string }): Promise<Record<string, unknown>> {
  const chunks: Buffer[] = [];
  for await (const chunk of await store.getStream(ref)) chunks.push(chunk as Buffer);
  return JSON.parse(Buffer.concat(chunks).toString('utf8')) as Record<string, unknown>;
}

async function batchRow(batchId: string): Promise<Record<string, unknown> | undefined> {
  return (await warehouse.query(loadSql('ops/batch_summary'), { batch_id: batchId }))[0];
}

async function totals(): Promise<Record<string, number>> {
  const [row] = await warehouse.query(loadSql('ops/warehouse_totals'));
  return Object.fromEntries(Object.entries(row ?? {}).map(([key, value]) => [key, Number(value)]));
}

function customerLine(id: string): string {
  return JSON.stringify({ CustomerId: id, NameCustomer: 'Nguyễn Văn An', Phone: '0903123456', asset_num: `VIN${id}`, modelType: 'Vios G' });
}

beforeAll(async () => {
  home = mkdtempSync(path.join(tmpdir(), 'xecu-reject-rate-'));
  store = new FilesystemObjectStore(path.join(home, 's3'));
  warehouse = new PostgresWarehouse({ objectStore: store });
  await warehouse.migrate();
  deps = { objectStore: store, warehouse, processedBucket: 'xecu-test-processed', log: silentLog, tmpDir: home };
});

afterAll(async () => {
  await warehouse.close();
  rmSync(home, { recursive: true, force: true });
});

describe('a batch whose rows are nearly all rejected, through the offline state machine', () => {
  const customersFile = Array.from({ length: 40 }, (_v, i) => customerLine(`KH${i}`)).join('\n');

  it('ends failed with the reject rate and top reasons in ops.batches, and loads nothing', async () => {
    const before = await totals();
    // A customers export dropped under the listings prefix: not one record is a listing.
    const input = await putRaw('listings', 'listings/customers-by-mistake.ndjson', customersFile);
    const outcome = await runIngestLocally(input, deps);
    expect(outcome.status).toBe('FAILED');
    expect(outcome.trail).toContain('MarkFailed');
    expect(outcome.trail).not.toContain('Load');
    const batch = await batchRow(input.batchId);
    expect(batch).toMatchObject({ status: 'failed', error_name: 'RejectRateExceededError' });
    expect(String(batch?.error_cause)).toMatch(/40 of 40 rows rejected \(100\.0%, above 50%\); top reasons: field_invalid:listing_id 40, .*field_invalid:source 40/);
    expect((await totals()).listings).toBe(before.listings);
    // Its rejects and stats were written for whoever looks into it.
    const statsKey = `stats/listings/batch=${input.batchId}/stats.json`;
    const stats = await readJson({ bucket: 'xecu-test-processed', key: statsKey });
    expect(stats).toMatchObject({ rejectRateExceeded: true, forced: false, counts: { rowsIn: 40, rejected: 40 } });
  });

  it('loads what passed when the ingest input says force', async () => {
    const mixed = [...Array.from({ length: 30 }, (_v, i) => `{"NameCustomer":"Lê Văn ${i}"}`), customerLine('FORCED1')].join('\n');
    const input = await putRaw('customers', 'customers/mostly-bad.ndjson', mixed);
    const refused = await runIngestLocally(input, deps);
    expect(refused.status).toBe('FAILED');
    const forced = await runIngestLocally({ ...input, force: true }, deps);
    expect(forced.status).toBe('SUCCEEDED');
    expect(forced.trail.at(-1)).toBe('Loaded');
    expect(await batchRow(input.batchId)).toMatchObject({ status: 'loaded' });
    expect(await warehouse.query("select customer_key from core.customer_vehicles where customer_key = 'c:FORCED1'")).toHaveLength(1);
  });
});

describe('a file with 20,000 distinct duplicated keys, through the offline state machine', () => {
  const lines = Array.from({ length: 20_000 }, (_v, i) => `{"CustomerId":"D${i}","NameCustomer":"An","field_${i}_of_the_export":1,"field_${i}_of_the_export":2}`);
  const body = [...lines, ...Array.from({ length: 5 }, (_v, i) => customerLine(`DUPOK${i}`))].join('\n');

  it('ends recorded as failed, with a payload that stays small', async () => {
    const input = await putRaw('customers', 'customers/duplicated-keys.ndjson', body);
    const outcome = await runIngestLocally(input, deps);
    expect(outcome.status).toBe('FAILED');
    expect(await batchRow(input.batchId)).toMatchObject({ status: 'failed', error_name: 'RejectRateExceededError' });
    expect(JSON.stringify(outcome).length).toBeLessThan(16 * 1024);
  }, 120_000);

  it('loads when forced, with the reject reasons bounded in the payload and all of them in stats.json', async () => {
    const input = await putRaw('customers', 'customers/duplicated-keys-forced.ndjson', body);
    const outcome = await runIngestLocally({ ...input, force: true }, deps);
    expect(outcome.status).toBe('SUCCEEDED');
    expect(await batchRow(input.batchId)).toMatchObject({ status: 'loaded' });
    const clean = (outcome.output as { clean: { rejectReasons: Record<string, number>; stats: { bucket: string; key: string } } }).clean;
    expect(Object.keys(clean.rejectReasons)).toHaveLength(21);
    expect(clean.rejectReasons.other).toBe(19_980);
    expect(JSON.stringify(outcome.output).length).toBeLessThan(PAYLOAD_LIMIT / 16);
    const stats = await readJson(clean.stats);
    expect(Object.keys(stats.rejectReasons as object)).toHaveLength(20_000);
  }, 120_000);
});
