import { gunzipSync } from 'node:zlib';
import { MemoryObjectStore } from '../../shared/adapters/memory/memory-object-store';
import type { BatchKind, CleanResult, IngestInput } from '../../shared/contracts/batch';
import { clean, type CleanDependencies } from '../../shared/steps/clean';

export const RAW_BUCKET = 'test-raw';
export const PROCESSED_BUCKET = 'test-processed';
export const BATCH_ID = `b_${'0'.repeat(31)}1`;

export interface CleanRun {
  result: CleanResult;
  store: MemoryObjectStore;
  /** Processed CSV lines without the header. */
  csvRows: string[];
  header: string;
  rejects: { row: number; line?: number; reasons: string[]; record?: unknown; text?: string; chars?: number }[];
  stats: Record<string, unknown>;
}

/** Puts `body` under a raw key and cleans it with a MemoryObjectStore; returns outputs decoded. */
export async function cleanBody(
  key: string,
  body: string | Buffer,
  options: { kind?: BatchKind; deps?: Partial<CleanDependencies>; force?: boolean } = {},
): Promise<CleanRun> {
  const store = new MemoryObjectStore();
  await store.putBytes({ bucket: RAW_BUCKET, key }, body);
  const input: IngestInput = { batchId: BATCH_ID, kind: options.kind ?? 'customers', source: { bucket: RAW_BUCKET, key }, ...(options.force ? { force: true } : {}) };
  const result = await clean(input, { objectStore: store, processedBucket: PROCESSED_BUCKET, now: () => new Date('2026-11-24T00:00:00Z'), ...options.deps });
  const csv = gunzipSync(store.bytes(result.processed) as Buffer).toString('utf8');
  const [header = '', ...csvRows] = csv.split('\n').filter((line) => line !== '');
  const rejectsText = gunzipSync(store.bytes(result.rejects) as Buffer).toString('utf8');
  const rejects = rejectsText.split('\n').filter(Boolean).map((line) => JSON.parse(line) as CleanRun['rejects'][number]);
  const stats = JSON.parse((store.bytes(result.stats) as Buffer).toString('utf8')) as Record<string, unknown>;
  return { result, store, csvRows, header, rejects, stats };
}

/** rows in = valid + rejected + duplicates, and the files agree with the counts. */
export function expectAccounting(run: CleanRun): void {
  const { counts } = run.result;
  expect(counts.rowsIn).toBe(counts.valid + counts.rejected + counts.duplicates);
  expect(counts.duplicates).toBe(counts.exactDuplicates + counts.mergedRows);
  expect(run.csvRows).toHaveLength(counts.valid);
  expect(run.rejects).toHaveLength(counts.rejected);
}

export function customer(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    CustomerId: 'KH0000001',
    NameCustomer: 'Nguyễn Văn An',
    Phone: '0903123456',
    BirthDate: '15/08/1985',
    Email: 'an.nguyen@gmail.com',
    asset_num: 'RL4BT3F30K1234567',
    modelType: 'Vios 1.5G CVT',
    Brand: 'Toyota',
    Warranty_start_dt: '20/03/2019',
    price: '545.000.000',
    DealerProvince: 'TP HCM',
    ...overrides,
  };
}
