import { MemoryObjectStore } from '../../../shared/adapters/memory/memory-object-store';
import { PostgresWarehouse } from '../../../shared/adapters/postgres/postgres-warehouse';
import { TransientError } from '../../../shared/ports/errors';
import { startPostgres, type PostgresServer } from '../../support/postgres-server';
import { describeWarehouseBehaviour } from './warehouse-behaviour';

let server: PostgresServer | undefined;
let warehouse: PostgresWarehouse | undefined;

describeWarehouseBehaviour(
  'a PostgreSQL server',
  async () => {
    server = await startPostgres();
    const objectStore = new MemoryObjectStore();
    warehouse = new PostgresWarehouse({ objectStore, databaseUrl: server.url });
    return { warehouse, objectStore };
  },
  async () => {
    await warehouse?.close();
    await server?.stop();
  },
  { concurrentTransactions: true },
);

describe('PostgresWarehouse on an unreachable PostgreSQL server', () => {
  it('throws TransientError, not a FAILED result, when it cannot connect', async () => {
    // Prepare: a port nothing listens on.
    const offline = new PostgresWarehouse({ objectStore: new MemoryObjectStore(), databaseUrl: 'postgres://postgres@127.0.0.1:1/postgres' });
    // Act
    const submitted = offline.submit([{ kind: 'sql', sql: 'select 1' }]);
    const queried = offline.query('select 1');
    // Assess
    await expect(submitted).rejects.toBeInstanceOf(TransientError);
    await expect(queried).rejects.toThrow(/PostgreSQL connection failed: .*ECONNREFUSED/);
    await offline.close();
  });
});
