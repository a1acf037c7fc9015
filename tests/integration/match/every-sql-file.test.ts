import type { PostgresWarehouse } from '../../../shared/adapters/postgres/postgres-warehouse';
import type { SqlParams, Warehouse, WarehouseStatement } from '../../../shared/ports/warehouse';
import { splitSqlStatements } from '../../../shared/sql';
import { loadMatchSql, MATCH_SQL_NAMES } from '../../../shared/sql/match/load-match-sql';
import { catchUp, explainListing, match, matchesSummary, recordMatchFailure, runMatch } from '../../../shared/steps/match';
import { startPostgres, type PostgresServer } from '../../support/postgres-server';
import { LISTING_BATCH, CUSTOMER_BATCH, openMatchWarehouse } from './match-test-kit';
import { insertScenario } from './match-scenario';

/** The warehouse, remembering every SQL text it ran. */
function recording(inner: Warehouse): { warehouse: Warehouse; texts: Set<string> } {
  const texts = new Set<string>();
  return {
    texts,
    warehouse: {
      query: <Row extends Record<string, unknown>>(sql: string, params?: SqlParams) => {
        texts.add(sql);
        return inner.query<Row>(sql, params);
      },
      submit: (statements: readonly WarehouseStatement[]) => {
        for (const statement of statements) if (statement.kind === 'sql') texts.add(statement.sql);
        return inner.submit(statements);
      },
      describe: (id: string) => inner.describe(id),
      cancel: (id: string) => inner.cancel(id),
    },
  };
}

/** Every path of the engine: catch-up, training full run, explain, both incremental modes, the Match task and its Catch. */
async function exerciseEverything(inner: Warehouse) {
  const { warehouse, texts } = recording(inner);
  const first = await catchUp({ warehouse });
  const trained = await runMatch({ warehouse, mode: 'full', train: true });
  await explainListing(warehouse, { source: 'xetot', listingId: 'x-phone' });
  const listingsStep = await match({ batchId: LISTING_BATCH, kind: 'listings', source: { bucket: 'b', key: 'k' } }, { warehouse });
  await match({ batchId: CUSTOMER_BATCH, kind: 'customers', source: { bucket: 'b', key: 'k' } }, { warehouse });
  await recordMatchFailure({ batchId: LISTING_BATCH, matchError: { Error: 'WarehouseError', Cause: 'statement timeout' } }, { warehouse });
  const afterFailure = await inner.query('select batch_id, match_status, error_name from match.batch_matches order by batch_id');
  const second = await catchUp({ warehouse });
  const summary = await matchesSummary(warehouse, 2);
  return { ran: texts, trainedVersion: trained.modelVersion, usedAfter: listingsStep.modelVersion, first, second, afterFailure, summary };
}

describe.each([
  ['PGlite', undefined],
  ['the PostgreSQL server', 'server'],
] as const)('every shared/sql/match file on %s', (_label, kind) => {
  let server: PostgresServer | undefined;
  let warehouse: PostgresWarehouse;
  let outcome: Awaited<ReturnType<typeof exerciseEverything>>;

  beforeAll(async () => {
    if (kind === 'server') server = await startPostgres();
    warehouse = await openMatchWarehouse(server?.url);
    await insertScenario(warehouse);
    await warehouse.query(
      `insert into ops.batches (batch_id, kind, status) values (:listings, 'listings', 'loaded'), (:customers, 'customers', 'loaded')`,
      { listings: LISTING_BATCH, customers: CUSTOMER_BATCH },
    );
    outcome = await exerciseEverything(warehouse);
  }, 180_000);

  afterAll(async () => {
    await warehouse?.close();
    await server?.stop();
  });

  it('runs each file at least once', () => {
    // Assess
    // A file ran when its text did, or each of its statements one by one (the blocking files run so).
    const ran = (name: (typeof MATCH_SQL_NAMES)[number]) =>
      outcome.ran.has(loadMatchSql(name)) || splitSqlStatements(loadMatchSql(name)).every((statement) => outcome.ran.has(statement));
    const notRun = MATCH_SQL_NAMES.filter((name) => !ran(name));
    expect(notRun).toEqual([]);
  });

  it('trains a model, stores it as the active one and scores with it afterwards', async () => {
    // Assess
    expect(outcome.trainedVersion).toMatch(/^trained-/);
    expect(outcome.usedAfter).toBe(outcome.trainedVersion);
    const [stored] = await warehouse.query<{ model_json: string; is_active: boolean }>('select model_json, is_active from match.models');
    expect(stored?.is_active).toBe(true);
    expect(JSON.parse(stored?.model_json ?? '{}')).toMatchObject({ model_version: outcome.trainedVersion, comparisons: expect.any(Array) });
  });

  it('records the Match state outcome per batch, and catches up on a failed one', async () => {
    // Assess
    const byBatch = (rows: Record<string, unknown>[]) => Object.fromEntries(rows.map((row) => [row.batch_id, [row.match_status, row.error_name]]));
    expect(byBatch(outcome.afterFailure)).toEqual({ [LISTING_BATCH]: ['failed', 'WarehouseError'], [CUSTOMER_BATCH]: ['succeeded', null] });
    expect([outcome.first.kind, outcome.first.batches.length]).toEqual(['full', 2]);
    expect([outcome.second.kind, outcome.second.batches]).toEqual(['batches', [LISTING_BATCH]]);
    const final = await warehouse.query('select batch_id, match_status from match.batch_matches order by batch_id');
    expect(final.map((row) => row.match_status)).toEqual(['succeeded', 'succeeded']);
  });

  it('summarises the mart: current matches per source and band, the strongest leads with why', () => {
    // Assess
    expect(outcome.summary.bands.filter((b) => b.band === 'lead').reduce((sum, b) => sum + b.listings, 0)).toBeGreaterThanOrEqual(2);
    expect(outcome.summary.topLeads).toHaveLength(2);
    expect(outcome.summary.topLeads[0]?.why).toMatch(/same phone 0\d{3}\*\*\*\d{3}/);
  });

  it('leaves no work rows behind', async () => {
    for (const table of ['run_listings', 'blocks', 'candidates', 'pairs', 'scores', 'decisions']) {
      expect(await warehouse.query(`select count(*)::int as n from match.${table}`)).toEqual([{ n: 0 }]);
    }
  });
});
