import { MemoryObjectStore } from '../../../shared/adapters/memory/memory-object-store';
import { PostgresWarehouse } from '../../../shared/adapters/postgres/postgres-warehouse';
import { silentLog } from '../../../shared/ports/log';
import type { ReportDependencies } from '../../../shared/steps/report/report-tasks';
import { runReportLocally } from '../../../local/runtime/report-definition';
import { insertMatches, insertVehicles, LISTINGS, loadSightings, MATCHES, VEHICLES } from './marts-fixture';

const NOW = new Date('2026-04-01T01:00:00Z');

let warehouse: PostgresWarehouse;
let deps: ReportDependencies;

/** Export and Notify belong to another part of the project: stand-ins that keep the state they were given. */
function standIns() {
  const seen: { export?: unknown; notify?: unknown } = {};
  return {
    seen,
    overrides: {
      export: async (input: unknown) => {
        seen.export = input;
        return { workbook: { bucket: 'xecu-exports', key: 'reports/sales/2026-04-01/sales-2026-04-01.xlsx' } };
      },
      notify: async (input: unknown) => {
        seen.notify = input;
        return { sent: 1 };
      },
    },
  };
}

async function leadListingIds(): Promise<string[]> {
  return (await warehouse.query<{ listing_id: string }>('select listing_id from marts.leads order by listing_id')).map((row) => row.listing_id);
}

async function addBatch(batchId: string, status: string, updatedAt: string): Promise<void> {
  await warehouse.query(
    `insert into ops.batches (batch_id, kind, status, created_at, updated_at)
     values (:batch_id, 'listings', :status, cast(:updated_at as timestamp), cast(:updated_at as timestamp))`,
    { batch_id: batchId, status, updated_at: updatedAt },
  );
}

beforeAll(async () => {
  warehouse = new PostgresWarehouse({ objectStore: new MemoryObjectStore() });
  await warehouse.migrate();
  await loadSightings(warehouse, LISTINGS);
  await insertVehicles(warehouse, VEHICLES);
  await insertMatches(warehouse, MATCHES);
  deps = { warehouse, objectStore: new MemoryObjectStore(), log: silentLog, exportsBucket: 'xecu-exports', now: () => NOW };
});

afterAll(async () => warehouse.close());

describe('the report state machine, offline', () => {
  it('refreshes the marts, then exports and notifies with the refreshed state', async () => {
    // Prepare
    const { seen, overrides } = standIns();
    await warehouse.query('delete from marts.leads');
    // Act
    const outcome = await runReportLocally({}, deps, { taskOverrides: overrides });
    // Assess
    expect(outcome.status).toBe('SUCCEEDED');
    expect(outcome.trail).toEqual(['WaitForPendingLoads', 'LoadsSettled?', 'RefreshMarts', 'RefreshFinished?', 'MatchWanted?', 'Export', 'Notify', 'Reported']);
    expect(await leadListingIds()).toEqual(['1008', '1009', '1012']);
    expect(seen.export).toMatchObject({ loads: { pending: 0, stuck: 0, polls: 1 }, refresh: { state: 'FINISHED', scope: 'all', removedAfterDays: 7 } });
    expect(seen.notify).toMatchObject({ export: { workbook: { key: 'reports/sales/2026-04-01/sales-2026-04-01.xlsx' } } });
  });

  it('skips a step that is not installed with a "not available" result, not a success of its own', async () => {
    // Prepare: the match step answers as the task resolver does when shared/steps/match has no matchTask.
    const { overrides } = standIns();
    const notAvailable = { available: false, task: 'match', reason: 'not available: shared/steps/match/index.ts does not exist yet' };
    // Act
    const outcome = await runReportLocally({ match: true }, deps, { taskOverrides: { ...overrides, match: async () => notAvailable } });
    // Assess: no second refresh, the report goes on and carries the reason.
    expect(outcome.status).toBe('SUCCEEDED');
    expect(outcome.trail).toEqual(['WaitForPendingLoads', 'LoadsSettled?', 'RefreshMarts', 'RefreshFinished?', 'MatchWanted?', 'Match', 'Rematched?', 'Export', 'Notify', 'Reported']);
    expect(outcome.output).toMatchObject({ matched: notAvailable });
  });

  it('re-matches when asked, then refreshes the marts that read matches so the new lead is in the workbook', async () => {
    // Prepare: the stand-in match promotes 1005's seller to a lead (as a full re-match would).
    const { overrides } = standIns();
    let matchInput: unknown;
    const match = async (input: unknown) => {
      matchInput = input;
      await insertMatches(warehouse, [{ source: 'chotot', listingId: '1005', customerKey: 'C5', vehicleKey: 'v:VIN0000005', band: 'lead', probability: 0.93, weight: 9, why: 'name and car agree', validTo: null }]);
      return { available: true, leads: 1 };
    };
    // Act
    const outcome = await runReportLocally({ match: true }, deps, { taskOverrides: { ...overrides, match } });
    // Assess
    expect(outcome.status).toBe('SUCCEEDED');
    expect(outcome.trail).toEqual([
      'WaitForPendingLoads', 'LoadsSettled?', 'RefreshMarts', 'RefreshFinished?', 'MatchWanted?', 'Match', 'Rematched?',
      'RefreshMarts', 'RefreshFinished?', 'MatchWanted?', 'Export', 'Notify', 'Reported',
    ]);
    expect(matchInput).toEqual({ mode: 'full' });
    expect(outcome.output).toMatchObject({ refresh: { state: 'FINISHED', scope: 'matches', models: ['marts/leads', 'marts/prospects'] } });
    expect(await leadListingIds()).toEqual(['1005', '1008', '1009', '1012']);
    const prospects = await warehouse.query<{ listing_id: string }>("select listing_id from marts.prospects where listing_id = '1005'");
    expect(prospects).toEqual([]);
    await warehouse.query("delete from marts.listing_matches where listing_id = '1005' and valid_to is null");
  });

  it('waits for a load under way, at most 60 looks, and does not wait for a stuck one', async () => {
    // Prepare: one batch staged 10 minutes before NOW (loading), one 7 hours before (stuck), one loaded.
    const { seen, overrides } = standIns();
    await addBatch(`b_${'1'.repeat(32)}`, 'staged', '2026-04-01 00:50:00');
    await addBatch(`b_${'2'.repeat(32)}`, 'staged', '2026-03-31 18:00:00');
    await addBatch(`b_${'3'.repeat(32)}`, 'loaded', '2026-04-01 00:55:00');
    // Act
    const outcome = await runReportLocally({}, deps, { taskOverrides: overrides });
    // Assess
    await warehouse.query('delete from ops.batches');
    expect(outcome.status).toBe('SUCCEEDED');
    expect(outcome.trail.filter((state) => state === 'WaitForPendingLoads')).toHaveLength(60);
    expect(outcome.trail.filter((state) => state === 'WaitForLoads')).toHaveLength(59);
    expect(seen.export).toMatchObject({ loads: { pending: 1, stuck: 1, polls: 60 }, refresh: { state: 'FINISHED' } });
  });

  it('polls a refresh that is still running (as on Redshift) until it finishes', async () => {
    // Prepare: the warehouse answers SUBMITTED, then STARTED once, then FINISHED, as the Data API would.
    const { overrides } = standIns();
    const answers = ['STARTED', 'FINISHED'] as const;
    let describes = 0;
    const asynchronous: ReportDependencies = {
      ...deps,
      warehouse: {
        query: (sql, params) => warehouse.query(sql, params),
        submit: async (statements) => ({ ...(await warehouse.submit(statements)), state: 'SUBMITTED' }),
        describe: async (id) => ({ id, state: answers[Math.min(describes++, answers.length - 1)] ?? 'FINISHED' }),
        cancel: (id) => warehouse.cancel(id),
      },
    };
    // Act
    const outcome = await runReportLocally({}, asynchronous, { taskOverrides: overrides });
    // Assess
    expect(outcome.status).toBe('SUCCEEDED');
    expect(outcome.trail).toEqual([
      'WaitForPendingLoads', 'LoadsSettled?', 'RefreshMarts', 'RefreshFinished?', 'WaitForRefresh', 'CheckRefresh', 'RefreshFinished?',
      'WaitForRefresh', 'CheckRefresh', 'RefreshFinished?', 'MatchWanted?', 'Export', 'Notify', 'Reported',
    ]);
    expect(outcome.output).toMatchObject({ refresh: { state: 'FINISHED', polls: 2, attempt: 1 } });
    expect(describes).toBe(2);
  });

  it('submits the refresh again after a serializable-isolation abort, and fails the report on any other refresh failure', async () => {
    // Prepare
    const { overrides } = standIns();
    let submissions = 0;
    const abortedOnce = async (input: unknown) => {
      submissions += 1;
      if (submissions > 1) return (await import('../../../shared/steps/report/report-tasks')).reportTasks['refresh-marts'](input, deps);
      return { statementId: 's-1', state: 'FAILED', error: 'ERROR: 1023 DETAIL: Serializable isolation violation on table marts.leads', polls: 0, attempt: 1, scope: 'all', models: [], removedAfterDays: 7 };
    };
    const broken = async () => ({ statementId: 's-2', state: 'FAILED', error: 'relation "core.listings" does not exist', polls: 0, attempt: 1, scope: 'all', models: [], removedAfterDays: 7 });
    // Act
    const retried = await runReportLocally({}, deps, { taskOverrides: { ...overrides, 'refresh-marts': abortedOnce } });
    const failed = await runReportLocally({}, deps, { taskOverrides: { ...overrides, 'refresh-marts': broken } });
    // Assess
    expect(retried.status).toBe('SUCCEEDED');
    expect(retried.trail).toEqual([
      'WaitForPendingLoads', 'LoadsSettled?', 'RefreshMarts', 'RefreshFinished?', 'PickRefreshDelay', 'WaitBeforeRefreshAgain',
      'RefreshMarts', 'RefreshFinished?', 'MatchWanted?', 'Export', 'Notify', 'Reported',
    ]);
    expect(retried.output).toMatchObject({ refresh: { state: 'FINISHED', attempt: 2 } });
    expect(failed.status).toBe('FAILED');
    expect(failed.error).toEqual({ name: 'ReportFailed', cause: 'relation "core.listings" does not exist' });
    expect(failed.trail).toEqual(['WaitForPendingLoads', 'LoadsSettled?', 'RefreshMarts', 'RefreshFinished?', 'RefreshFailed', 'ReportFailed']);
  });
});
