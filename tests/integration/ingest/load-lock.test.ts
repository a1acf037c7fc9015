import { Client } from 'pg';
import { MemoryObjectStore } from '../../../shared/adapters/memory/memory-object-store';
import { PostgresWarehouse } from '../../../shared/adapters/postgres/postgres-warehouse';
import { loadSql, scanSql, toPositionalParams } from '../../../shared/sql';
import { loadStatements } from '../../../shared/steps/load';
import { BATCH_TABLES } from '../../../shared/steps/batch-tables';
import { startPostgres, type PostgresServer } from '../../support/postgres-server';

/**
 * What a load's transaction holds while its COPY + MERGE run, and who has to wait for it: on a PostgreSQL server,
 * where transactions really run side by side. A session that would have to wait fails at once (lock_timeout), so
 * "blocked" is an error, not a duration.
 */
let server: PostgresServer;
let warehouse: PostgresWarehouse;
let loading: Client;
let other: Client;

async function connect(): Promise<Client> {
  const client = new Client({ connectionString: server.url });
  await client.connect();
  return client;
}

beforeAll(async () => {
  server = await startPostgres();
  warehouse = new PostgresWarehouse({ objectStore: new MemoryObjectStore(), databaseUrl: server.url });
  await warehouse.migrate();
}, 120_000);

afterAll(async () => {
  await warehouse?.close();
  await server?.stop();
});

beforeEach(async () => {
  [loading, other] = await Promise.all([connect(), connect()]);
  await other.query("set lock_timeout = '1s'");
});

afterEach(async () => {
  await loading.query('rollback');
  await Promise.all([loading.end(), other.end()]);
});

describe.each(['customers', 'listings'] as const)('a %s load in progress', (kind) => {
  const tables = BATCH_TABLES[kind];
  const coreTables = kind === 'customers' ? ['core.customer_vehicles'] : ['core.listings', 'core.listing_prices'];

  /**
   * The load's own statements up to its commit, in one open transaction: the lock, then every SQL statement the
   * load runs (its staging batch is empty, so they change nothing but take the locks they take). The COPY is left
   * out: it writes staging only.
   */
  async function holdLoad(): Promise<void> {
    const state = {
      batchId: 'b_00000000000000000000000000000001',
      kind,
      source: { bucket: 'xecu-test-raw', key: `${kind}/held.json` },
      manifest: { ref: { bucket: 'xecu-test-processed', key: 'm.manifest' }, table: tables.stagingTable, files: 1 },
    };
    await loading.query('begin');
    for (const statement of loadStatements(state)) {
      if (statement.kind !== 'sql') continue;
      for (const piece of scanSql(statement.sql).statements) {
        const { text, values } = toPositionalParams(piece.text, statement.params ?? {});
        await loading.query(text, values);
      }
    }
  }

  it('lets readers of its core tables read (the last committed rows) while it runs', async () => {
    // Prepare
    await holdLoad();
    // Act
    const reads = await Promise.all(coreTables.map((table) => other.query(`select count(*) as n from ${table}`)));
    // Assess
    expect(reads.map((read) => read.rowCount)).toEqual(coreTables.map(() => 1));
  });

  it.each(['customers', 'listings'] as const)('makes a %s load wait for it to commit (loads run one at a time)', async (otherKind) => {
    // Prepare
    await holdLoad();
    await other.query('begin');
    // Act
    const second = other.query(loadSql(BATCH_TABLES[otherKind].lockForLoad));
    // Assess
    await expect(second).rejects.toThrow('canceling statement due to lock timeout');
    await other.query('rollback');
  });
});
