import type { PostgresWarehouse } from '../../../shared/adapters/postgres/postgres-warehouse';
import type { SqlParams, Warehouse, WarehouseStatement } from '../../../shared/ports/warehouse';
import { loadMatchSql, MATCH_SQL_NAMES } from '../../../shared/sql/match/load-match-sql';
import { explainListing, match, recordMatchFailure, runMatch } from '../../../shared/steps/match';
import { startPostgres, type PostgresServer } from '../../support/postgres-server';
import { insertCustomers, insertListings, LISTING_BATCH, CUSTOMER_BATCH, openMatchWarehouse } from './match-test-kit';
import { LISTINGS, scenarioCustomers } from './match-scenario';

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

/** Every path of the engine: training full run, explain, both incremental modes, the Match task and its Catch. */
async function exerciseEverything(inner: Warehouse): Promise<{ ran: Set<string>; trainedVersion: string; usedAfter: string }> {
  const { warehouse, texts } = recording(inner);
  const trained = await runMatch({ warehouse, mode: 'full', train: true });
  await explainListing(warehouse, { source: 'xetot', listingId: 'x-phone' });
  const listingsStep = await match({ batchId: LISTING_BATCH, kind: 'listings', source: { bucket: 'b', key: 'k' } }, { warehouse });
  await match({ batchId: CUSTOMER_BATCH, kind: 'customers', source: { bucket: 'b', key: 'k' } }, { warehouse });
  await recordMatchFailure({ batchId: LISTING_BATCH, matchError: { Error: 'WarehouseError', Cause: 'statement timeout' } }, { warehouse });
  return { ran: texts, trainedVersion: trained.modelVersion, usedAfter: listingsStep.modelVersion };
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
    await insertCustomers(warehouse, scenarioCustomers());
    await insertListings(warehouse, LISTINGS);
    outcome = await exerciseEverything(warehouse);
  }, 180_000);

  afterAll(async () => {
    await warehouse?.close();
    await server?.stop();
  });

  it('runs each file at least once', () => {
    // Assess
    const notRun = MATCH_SQL_NAMES.filter((name) => !outcome.ran.has(loadMatchSql(name)));
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

  it('records the Match state outcome per batch and leaves no work rows behind', async () => {
    // Assess
    const outcomes = await warehouse.query('select batch_id, match_status, error_name from match.batch_matches order by batch_id');
    expect(outcomes).toEqual([
      { batch_id: LISTING_BATCH, match_status: 'failed', error_name: 'WarehouseError' },
      { batch_id: CUSTOMER_BATCH, match_status: 'succeeded', error_name: null },
    ].sort((a, b) => a.batch_id.localeCompare(b.batch_id)));
    for (const table of ['run_listings', 'blocks', 'candidates', 'pairs', 'scores', 'decisions', 'stale']) {
      expect(await warehouse.query(`select count(*)::int as n from match.${table}`)).toEqual([{ n: 0 }]);
    }
  });
});
