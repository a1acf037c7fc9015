import { MemoryObjectStore } from '../../../shared/adapters/memory/memory-object-store';
import { PostgresWarehouse } from '../../../shared/adapters/postgres/postgres-warehouse';
import { runIngestLocally } from '../../../local/runtime/local-state-machine';
import { silentLog } from '../../../shared/ports/log';
import { ingestTasks, type IngestDependencies } from '../../../shared/steps/tasks';
import { TransientError } from '../../../shared/ports/errors';
import { ingestInputFor } from '../../../shared/steps/trigger';

const RAW = 'raw-bucket';
let objectStore: MemoryObjectStore;
let warehouse: PostgresWarehouse;
let deps: IngestDependencies;

async function putListings(key: string, lines: readonly Record<string, unknown>[]) {
  await objectStore.putBytes({ bucket: RAW, key }, lines.map((line) => JSON.stringify(line)).join('\n') + '\n');
  const head = await objectStore.head({ bucket: RAW, key });
  return ingestInputFor({ bucket: RAW, key, ...(head?.etag ? { etag: head.etag } : {}), ...(head ? { size: head.size } : {}) }, 'listings');
}

const LISTING = {
  source: 'xetot', listing_id: '7000001', url: 'https://xetot.example/7000001', title: 'Toyota Vios 2019', make: 'Toyota', model: 'Vios',
  variant: '1.5G', year: 2019, mileage_km: 50000, price_vnd: 450000000, price_text: '450 triệu', negotiable: false,
  seller_name: 'Anh Hùng', seller_phone: '0903123456', seller_type: 'private', province: 'Hà Nội', district: null,
  posted_at: '2026-12-01T08:00:00.000Z', scraped_at: '2026-12-01T09:00:00.000Z',
};

beforeEach(async () => {
  objectStore = new MemoryObjectStore();
  warehouse = new PostgresWarehouse({ objectStore });
  await warehouse.migrate();
  deps = { objectStore, warehouse, processedBucket: 'processed-bucket', log: silentLog };
}, 60_000);

afterEach(async () => warehouse?.close());

describe('the ingest state machine\'s Match state', () => {
  it('matches the loaded batch and records it', async () => {
    // Act
    const input = await putListings('listings/one.ndjson', [LISTING]);
    const outcome = await runIngestLocally(input, deps);
    // Assess
    expect(outcome.status).toBe('SUCCEEDED');
    expect(outcome.trail.slice(-3)).toEqual(['LoadFinished?', 'Match', 'Loaded']);
    expect(outcome.output).toMatchObject({ match: { status: 'succeeded', listingsInScope: 1 } });
    expect(await warehouse.query('select match_status from match.batch_matches')).toEqual([{ match_status: 'succeeded' }]);
  }, 60_000);

  it('retries a transient match failure, then records a lasting one and still succeeds the load', async () => {
    // Prepare: the match fails every time (transient first, so the Retry runs); recording the failure works.
    let attempts = 0;
    const failingMatch = async (taskInput: unknown) => {
      const isRecord = typeof taskInput === 'object' && taskInput !== null && 'matchError' in taskInput;
      if (isRecord) return ingestTasks.match(taskInput, deps);
      attempts += 1;
      throw new TransientError('warehouse connection reset');
    };
    const input = await putListings('listings/two.ndjson', [LISTING]);
    // Act
    const outcome = await runIngestLocally(input, deps, { taskOverrides: { match: failingMatch as never } });
    // Assess
    expect(outcome.status).toBe('SUCCEEDED');
    expect(attempts).toBe(4);
    expect(outcome.trail).toContain('RecordMatchFailure');
    expect(outcome.trail.at(-1)).toBe('Loaded');
    expect(await warehouse.query('select count(*)::int as n from core.listings')).toEqual([{ n: 1 }]);
    expect(await warehouse.query('select match_status, error_name from match.batch_matches')).toEqual([{ match_status: 'failed', error_name: 'TransientError' }]);
  }, 60_000);
});
