import { randomBytes } from 'node:crypto';
import { MemoryObjectStore } from '../../../shared/adapters/memory/memory-object-store';
import { PostgresWarehouse } from '../../../shared/adapters/postgres/postgres-warehouse';
import { CUSTOMER_VEHICLE_COLUMNS } from '../../../shared/contracts/customer-export';
import { startPostgres, type PostgresServer } from '../../support/postgres-server';
import { customerLoad, customerRow, newBatchId, putFilesAndManifest, stageBatch } from './warehouse-behaviour';

/**
 * The database roles of ddl/postgres/020_access_grants.sql (the PostgreSQL twin of the Redshift grants) on a real
 * PostgreSQL server: each Lambda's work runs as its role and nothing more. A session takes a role through the
 * `role` setting at connect (`-c role=…`), as the Data API signs a Lambda in as its own database user.
 */
let server: PostgresServer;
let admin: PostgresWarehouse;
const store = new MemoryObjectStore();
const opened: PostgresWarehouse[] = [];

/** A warehouse whose every connection runs as `role` (and in UTC, as PgDatabase's own sessions do). */
function warehouseAs(role: string): PostgresWarehouse {
  const url = new URL(server.url);
  url.searchParams.set('options', `-c role=${role} -c TimeZone=UTC`);
  const warehouse = new PostgresWarehouse({ objectStore: store, databaseUrl: url.toString() });
  opened.push(warehouse);
  return warehouse;
}

/** A name nothing else in this database uses, so a refused statement is refused for privilege, not existence. */
const scratchName = () => `least_privilege_${randomBytes(4).toString('hex')}`;

beforeAll(async () => {
  server = await startPostgres();
  admin = new PostgresWarehouse({ objectStore: store, databaseUrl: server.url });
  opened.push(admin);
  await admin.migrate();
}, 120_000);

afterAll(async () => {
  for (const warehouse of opened) await warehouse.close();
  await server?.stop();
});

describe('least privilege in the warehouse (PostgreSQL server)', () => {
  it('records a batch as xecu_manifest and loads it (lock, COPY, MERGE, mark loaded) as xecu_load', async () => {
    // Prepare
    const batchId = newBatchId();
    await stageBatch(warehouseAs('xecu_manifest'), batchId, 'customers', 2);
    const manifest = await putFilesAndManifest(store, batchId, CUSTOMER_VEHICLE_COLUMNS, [[customerRow(batchId), customerRow(batchId)]]);
    // Act
    const result = await warehouseAs('xecu_load').submit(customerLoad(batchId, manifest));
    // Assess
    expect(result).toMatchObject({ state: 'FINISHED' });
    const [batch] = await admin.query<{ status: string; loaded_rows: number }>('select status, loaded_rows from ops.batches where batch_id = :batch_id', {
      batch_id: batchId,
    });
    expect(batch).toEqual({ status: 'loaded', loaded_rows: 2 });
  });

  it.each(['xecu_manifest', 'xecu_load', 'xecu_marts', 'xecu_read'])('refuses %s any DDL: create, alter, drop, truncate', async (role) => {
    // Prepare
    const warehouse = warehouseAs(role);
    const name = scratchName();
    // Act + Assess
    await expect(warehouse.query(`create table core.${name} (id integer)`)).rejects.toThrow(/permission denied for schema core/);
    await expect(warehouse.query(`create table public.${name} (id integer)`)).rejects.toThrow(/permission denied for schema public/);
    await expect(warehouse.query(`create schema ${name}`)).rejects.toThrow(/permission denied for database/);
    // (a role without usage on ops is stopped one step earlier, at the schema)
    await expect(warehouse.query('alter table ops.batches add column note text')).rejects.toThrow(/must be owner of table batches|permission denied for schema ops/);
    await expect(warehouse.query('drop table ops.batches')).rejects.toThrow(/must be owner of table batches|permission denied for schema ops/);
    await expect(warehouse.query('truncate ops.batches')).rejects.toThrow(/permission denied for (table batches|schema ops)/);
  });

  it('keeps xecu_manifest to ops: no staging or core rows, read or written', async () => {
    const warehouse = warehouseAs('xecu_manifest');
    await expect(warehouse.query('select count(*) from ops.batches')).resolves.toHaveLength(1);
    await expect(warehouse.query('select count(*) from core.customer_vehicles')).rejects.toThrow(/permission denied for schema core/);
    await expect(warehouse.query('delete from staging.stg_customer_vehicles')).rejects.toThrow(/permission denied for schema staging/);
  });

  it('lets xecu_read read core, marts and the batch counts (for the Data quality sheet), and write nothing', async () => {
    const warehouse = warehouseAs('xecu_read');
    await expect(warehouse.query('select count(*) from core.customer_vehicles')).resolves.toHaveLength(1);
    await expect(warehouse.query('delete from core.customer_vehicles')).rejects.toThrow(/permission denied for table customer_vehicles/);
    await expect(warehouse.query('select count(*) from ops.batches')).resolves.toHaveLength(1);
    await expect(warehouse.query('delete from ops.batches')).rejects.toThrow(/permission denied for table batches/);
    await expect(warehouse.query('select count(*) from ops.identity_conflicts')).rejects.toThrow(/permission denied for table identity_conflicts/);
  });

  it('lets xecu_marts write marts and only read core', async () => {
    const warehouse = warehouseAs('xecu_marts');
    const [marts] = await admin.query<{ name: string }>(
      "select table_schema || '.' || table_name as name from information_schema.tables where table_schema = 'marts' order by 1 limit 1",
    );
    expect(marts).toBeDefined();
    await expect(warehouse.query(`delete from ${String(marts?.name)}`)).resolves.toEqual([]);
    await expect(warehouse.query('select count(*) from core.customer_vehicles')).resolves.toHaveLength(1);
    await expect(warehouse.query('delete from core.customer_vehicles')).rejects.toThrow(/permission denied for table customer_vehicles/);
  });
});
