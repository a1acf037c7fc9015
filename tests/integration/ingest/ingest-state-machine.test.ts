import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { FilesystemObjectStore } from '../../../shared/adapters/filesystem/filesystem-object-store';
import { PostgresWarehouse } from '../../../shared/adapters/postgres/postgres-warehouse';
import type { IngestInput } from '../../../shared/contracts/batch';
import { TransientError } from '../../../shared/ports/errors';
import { silentLog } from '../../../shared/ports/log';
import { WarehouseError, type StatementStatus, type Warehouse } from '../../../shared/ports/warehouse';
import { loadSql } from '../../../shared/sql';
import { ingestTasks, type IngestDependencies } from '../../../shared/steps/tasks';
import { ingestInputFor } from '../../../shared/steps/trigger';
import { runIngestLocally } from '../../../local/runtime/local-state-machine';
import { writeCustomerSample } from '../../../local/sample-data/write-sample-data';

const RAW = 'xecu-test-raw';
let home: string;
let store: FilesystemObjectStore;
let warehouse: PostgresWarehouse;
let deps: IngestDependencies;
let sampleInput: IngestInput;

async function putRaw(key: string, body: string | Buffer): Promise<IngestInput> {
  await store.putBytes({ bucket: RAW, key }, body);
  const head = await store.head({ bucket: RAW, key });
  return ingestInputFor({ bucket: RAW, key, ...(head?.etag ? { etag: head.etag } : {}), ...(head ? { size: head.size } : {}) }, 'customers');
}

async function totals(): Promise<Record<string, number>> {
  const [row] = await warehouse.query(loadSql('ops/warehouse_totals'));
  return Object.fromEntries(Object.entries(row ?? {}).map(([key, value]) => [key, Number(value)]));
}

async function batchRow(batchId: string): Promise<Record<string, unknown> | undefined> {
  return (await warehouse.query(loadSql('ops/batch_summary'), { batch_id: batchId }))[0];
}

beforeAll(async () => {
  home = mkdtempSync(path.join(tmpdir(), 'xecu-ingest-'));
  store = new FilesystemObjectStore(path.join(home, 's3'));
  warehouse = new PostgresWarehouse({ objectStore: store });
  await warehouse.migrate();
  deps = { objectStore: store, warehouse, processedBucket: 'xecu-test-processed', log: silentLog, tmpDir: home };
  const sample = await writeCustomerSample({ customers: 3000, outDir: home, format: 'json', seed: 7 });
  const { readFileSync } = await import('node:fs');
  sampleInput = await putRaw('customers/sample.json', readFileSync(sample.file));
});

afterAll(async () => {
  await warehouse.close();
  rmSync(home, { recursive: true, force: true });
});

describe('the ingest state machine, run offline from its ASL file', () => {
  it('cleans, stages and loads a customer export, and the counts add up in the warehouse', async () => {
    const outcome = await runIngestLocally(sampleInput, deps);
    expect(outcome.status).toBe('SUCCEEDED');
    expect(outcome.trail).toEqual(['Clean', 'WriteManifest', 'Load', 'LoadFinished?', 'Match', 'Loaded']);
    const output = outcome.output as { clean: { counts: Record<string, number> }; load: { loaded: number; state: string } };
    const counts = output.clean.counts as { rowsIn: number; valid: number; rejected: number; duplicates: number };
    expect(counts.rowsIn).toBe(3000);
    expect(counts.rowsIn).toBe(counts.valid + counts.rejected + counts.duplicates);
    expect(counts.rejected).toBeGreaterThan(0);
    expect(counts.duplicates).toBeGreaterThan(0);
    expect(output.load).toMatchObject({ state: 'FINISHED', loaded: counts.valid });
    expect(await batchRow(sampleInput.batchId)).toMatchObject({ status: 'loaded' });
    expect((await totals()).customer_vehicles).toBe(counts.valid);
  });

  it('leaves the warehouse unchanged when the same object is ingested again', async () => {
    const before = await totals();
    const rowsBefore = await warehouse.query('select * from core.customer_vehicles order by customer_key, vehicle_key');
    const outcome = await runIngestLocally(sampleInput, deps);
    expect(outcome.status).toBe('SUCCEEDED');
    expect(await totals()).toEqual(before);
    const rowsAfter = await warehouse.query('select * from core.customer_vehicles order by customer_key, vehicle_key');
    const withoutLoadTime = (rows: Record<string, unknown>[]) => rows.map(({ loaded_at: _loadedAt, ...rest }) => rest);
    expect(withoutLoadTime(rowsAfter)).toEqual(withoutLoadTime(rowsBefore));
  });

  it('retries a task that fails with a TransientError and then succeeds', async () => {
    let calls = 0;
    const input = await putRaw('customers/retry.ndjson', '{"CustomerId":"R1","NameCustomer":"Đỗ Minh Tâm","Phone":"0909000111","asset_num":"RETRYVIN1","modelType":"Vios G"}\n');
    const outcome = await runIngestLocally(input, deps, {
      taskOverrides: {
        'write-manifest': async (stageInput) => {
          calls++;
          if (calls === 1) throw new TransientError('ThrottlingException: Rate exceeded');
          return ingestTasks['write-manifest'](stageInput, deps);
        },
      },
    });
    expect(outcome.status).toBe('SUCCEEDED');
    expect(outcome.trail).toEqual(['Clean', 'WriteManifest', 'WriteManifest:retry', 'Load', 'LoadFinished?', 'Match', 'Loaded']);
    expect(calls).toBe(2);
  });

  it('catches an unreadable file, marks the batch failed with its cause and loads nothing', async () => {
    const before = await totals();
    const input = await putRaw('customers/broken.json', '{"results":[{"CustomerId":"X1","NameCustomer":"Lê Văn Tám"');
    const outcome = await runIngestLocally(input, deps);
    expect(outcome.status).toBe('FAILED');
    expect(outcome.error?.name).toBe('IngestFailed');
    expect(outcome.trail).toEqual(['Clean', 'Clean:caught', 'MarkFailed', 'LoadCommitted?', 'Failed']);
    expect(await batchRow(input.batchId)).toMatchObject({ status: 'failed', error_name: 'UnreadableFileError' });
    expect(String((await batchRow(input.batchId))?.error_cause)).toContain('truncated_json');
    const after = await totals();
    expect(after.customer_vehicles).toBe(before.customer_vehicles);
    expect(after.batches_failed).toBe((before.batches_failed ?? 0) + 1);
  });

  it('polls a statement that is still running, as with Redshift, until it finishes', async () => {
    const states: StatementStatus['state'][] = ['STARTED', 'STARTED', 'FINISHED'];
    const slow: Warehouse = {
      query: (sql, params) => warehouse.query(sql, params),
      submit: async (statements) => ({ ...(await warehouse.submit(statements)), state: 'SUBMITTED' }),
      describe: async (id) => ({ ...(await warehouse.describe(id)), state: states.shift() ?? 'FINISHED' }),
      cancel: (id) => warehouse.cancel(id),
    };
    const input = await putRaw('customers/poll.ndjson', '{"CustomerId":"P1","NameCustomer":"Võ Thị Hoa","Phone":"0912000111","asset_num":"POLLVIN1","modelType":"CX-5"}\n');
    const outcome = await runIngestLocally(input, { ...deps, warehouse: slow });
    expect(outcome.status).toBe('SUCCEEDED');
    expect(outcome.trail).toEqual([
      'Clean', 'WriteManifest', 'Load', 'LoadFinished?',
      'WaitForLoad', 'CheckLoad', 'LoadFinished?', 'WaitForLoad', 'CheckLoad', 'LoadFinished?', 'WaitForLoad', 'CheckLoad', 'LoadFinished?',
      'Match', 'Loaded',
    ]);
    expect((outcome.output as { load: { polls: number } }).load.polls).toBe(3);
  });

  it('submits the load again when a concurrent load made Redshift abort it (serializable isolation)', async () => {
    let submissions = 0;
    const contended: Warehouse = {
      query: (sql, params) => warehouse.query(sql, params),
      submit: async (statements) => {
        submissions++;
        if (submissions === 1) return { id: 'stmt-contended', state: 'SUBMITTED' };
        return warehouse.submit(statements);
      },
      describe: async (id) => ({ id, state: 'FAILED', error: 'ERROR: 1023 DETAIL: Serializable isolation violation on table - 101234, transactions forming the cycle are: 5, 6' }),
      cancel: (id) => warehouse.cancel(id),
    };
    const input = await putRaw('customers/contended.ndjson', '{"CustomerId":"S1","NameCustomer":"Lý Thị Mai","Phone":"0977000111","asset_num":"SERIALVIN1","modelType":"Accent"}\n');
    const outcome = await runIngestLocally(input, { ...deps, warehouse: contended });
    expect(outcome.status).toBe('SUCCEEDED');
    expect(outcome.trail).toEqual(['Clean', 'WriteManifest', 'Load', 'LoadFinished?', 'WaitForLoad', 'CheckLoad', 'LoadFinished?', 'PickReloadDelay', 'WaitBeforeReload', 'Load', 'LoadFinished?', 'Match', 'Loaded']);
    expect((outcome.output as { load: { attempt: number } }).load.attempt).toBe(2);
    expect(await batchRow(input.batchId)).toMatchObject({ status: 'loaded' });
  });

  it('marks the batch failed with the warehouse error text when the load statement fails', async () => {
    const failing: Warehouse = {
      query: (sql, params) => warehouse.query(sql, params),
      submit: async () => ({ id: 'stmt-1', state: 'SUBMITTED' }),
      describe: async (id) => ({ id, state: 'FAILED', error: 'ERROR: Load into table stg_customer_vehicles failed. Check stl_load_errors.' }),
      cancel: async (id) => ({ id, state: 'FAILED' }),
    };
    const input = await putRaw('customers/copyfail.ndjson', '{"CustomerId":"F1","NameCustomer":"Bùi Văn Nam","Phone":"0938000111","asset_num":"FAILVIN1","modelType":"City"}\n');
    const outcome = await runIngestLocally(input, { ...deps, warehouse: failing });
    expect(outcome.status).toBe('FAILED');
    expect(outcome.trail.slice(-4)).toEqual(['LoadFailed', 'MarkFailed', 'LoadCommitted?', 'Failed']);
    expect(await batchRow(input.batchId)).toMatchObject({ status: 'failed', error_name: 'LoadFailedError' });
    expect(String((await batchRow(input.batchId))?.error_cause)).toContain('stl_load_errors');
  });

  it('ends failed with the original error and cause when even marking the batch failed keeps failing', async () => {
    const input = await putRaw('customers/unrecorded.json', '{"results":[{"CustomerId":"U1"');
    const outcome = await runIngestLocally(input, deps, {
      taskOverrides: {
        'fail-batch': async () => {
          throw new TransientError('PostgreSQL connection failed: ECONNREFUSED');
        },
      },
    });
    expect(outcome.status).toBe('FAILED');
    expect(outcome.error?.name).toBe('UnreadableFileError');
    expect(outcome.error?.cause).toContain('truncated_json');
    expect(outcome.error?.cause).toContain('not recorded in ops.batches: TransientError');
    expect(outcome.trail.slice(-6)).toEqual(['MarkFailed:retry', 'MarkFailed:retry', 'MarkFailed:retry', 'MarkFailed:caught', 'DescribeUnrecordedFailure', 'FailedUnrecorded']);
    expect(outcome.trail.filter((state) => state === 'MarkFailed:retry')).toHaveLength(3);
  });

  it('does not mark failed a load that committed when the poll after it fails: the batch ends loaded', async () => {
    const input = await putRaw('customers/committed.ndjson', '{"CustomerId":"C1","NameCustomer":"Trần Văn Lộc","Phone":"0908000222","asset_num":"COMMITVIN1","modelType":"Innova"}\n');
    const lostAnswer: Warehouse = {
      query: (sql, params) => warehouse.query(sql, params),
      // The load commits, but the answer says it is still queued, and the next poll fails for good.
      submit: async (statements) => ({ ...(await warehouse.submit(statements)), state: 'SUBMITTED' }),
      describe: async () => {
        throw new WarehouseError('Redshift Data API DescribeStatement failed: AccessDeniedException: not authorized');
      },
      cancel: (id) => warehouse.cancel(id),
    };
    const outcome = await runIngestLocally(input, { ...deps, warehouse: lostAnswer });
    expect(outcome.status).toBe('SUCCEEDED');
    // A committed load is matched like any loaded batch; here the same broken warehouse fails the match, which is
    // recorded and never undoes the load.
    const committedAt = outcome.trail.indexOf('LoadCommitted?');
    expect(outcome.trail.slice(committedAt - 3, committedAt + 2)).toEqual(['CheckLoad', 'CheckLoad:caught', 'MarkFailed', 'LoadCommitted?', 'Match']);
    expect(outcome.trail.slice(-3)).toEqual(['RecordMatchFailure', 'RecordMatchFailure:caught', 'Loaded']);
    expect(await batchRow(input.batchId)).toMatchObject({ status: 'loaded', error_name: null });
  });

  it('cancels a load still running when its run budget is spent, then marks the batch failed', async () => {
    const cancelled: string[] = [];
    const stuck: Warehouse = {
      query: (sql, params) => warehouse.query(sql, params),
      submit: async () => ({ id: 'stmt-stuck', state: 'SUBMITTED' }),
      describe: async (id) => ({ id, state: 'STARTED' }),
      cancel: async (id) => {
        cancelled.push(id);
        return { id, state: 'ABORTED' };
      },
    };
    const input = await putRaw('customers/stuck.ndjson', '{"CustomerId":"T1","NameCustomer":"Phan Thị Thu","Phone":"0918000333","asset_num":"STUCKVIN1","modelType":"Vios E"}\n');
    const outcome = await runIngestLocally(input, { ...deps, warehouse: stuck });
    expect(outcome.status).toBe('FAILED');
    expect(outcome.trail.filter((state) => state === 'CheckLoad')).toHaveLength(360);
    expect(outcome.trail.slice(-4)).toEqual(['LoadTimedOut', 'MarkFailed', 'LoadCommitted?', 'Failed']);
    expect(cancelled).toEqual(['stmt-stuck']);
    const row = await batchRow(input.batchId);
    expect(row).toMatchObject({ status: 'failed', error_name: 'LoadTimedOutError' });
    expect(String(row?.error_cause)).toContain('stmt-stuck cancelled: ABORTED');
  });

  it('counts the run budget from when the statement starts: a long wait in the queue does not time the load out', async () => {
    // 170 polls queued + 300 running: over the old 360-poll budget from submit, inside both budgets now.
    const states: StatementStatus['state'][] = [...Array<'PICKED'>(170).fill('PICKED'), ...Array<'STARTED'>(300).fill('STARTED')];
    const busy: Warehouse = {
      query: (sql, params) => warehouse.query(sql, params),
      submit: async (statements) => ({ ...(await warehouse.submit(statements)), state: 'SUBMITTED' }),
      describe: async (id) => ({ ...(await warehouse.describe(id)), state: states.shift() ?? 'FINISHED' }),
      cancel: (id) => warehouse.cancel(id),
    };
    const input = await putRaw('customers/queued.ndjson', '{"CustomerId":"Q1","NameCustomer":"Hồ Văn Quý","Phone":"0919000444","asset_num":"QUEUEVIN1","modelType":"Ranger"}\n');
    const outcome = await runIngestLocally(input, { ...deps, warehouse: busy });
    expect(outcome.status).toBe('SUCCEEDED');
    expect((outcome.output as { load: Record<string, number> }).load).toMatchObject({ polls: 471, queuedPolls: 170, runningPolls: 300 });
  });

  it('cancels a load that never leaves the queue within its queue budget', async () => {
    const cancelled: string[] = [];
    const queued: Warehouse = {
      query: (sql, params) => warehouse.query(sql, params),
      submit: async () => ({ id: 'stmt-queued', state: 'SUBMITTED' }),
      describe: async (id) => ({ id, state: 'PICKED' }),
      cancel: async (id) => {
        cancelled.push(id);
        return { id, state: 'ABORTED' };
      },
    };
    const input = await putRaw('customers/never.ndjson', '{"CustomerId":"N1","NameCustomer":"Đinh Thị Nga","Phone":"0917000555","asset_num":"NEVERVIN1","modelType":"Xpander"}\n');
    const outcome = await runIngestLocally(input, { ...deps, warehouse: queued });
    expect(outcome.status).toBe('FAILED');
    expect(outcome.trail.filter((state) => state === 'CheckLoad')).toHaveLength(180);
    expect(cancelled).toEqual(['stmt-queued']);
    expect(await batchRow(input.batchId)).toMatchObject({ status: 'failed', error_name: 'LoadNeverStartedError' });
  });

  it('never turns a loaded batch into a failed one, e.g. a re-run of a loaded object that fails before staging', async () => {
    expect(await batchRow(sampleInput.batchId)).toMatchObject({ status: 'loaded' });
    const result = await ingestTasks['fail-batch']({ ...sampleInput, error: { Error: 'UnreadableFileError', Cause: 'x' } }, deps);
    expect(result).toMatchObject({ loadCommitted: false, loadState: null });
    expect(await batchRow(sampleInput.batchId)).toMatchObject({ status: 'loaded', error_name: null });
  });
});
