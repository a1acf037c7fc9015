import { MemoryObjectStore } from '../../../shared/adapters/memory/memory-object-store';
import { PostgresWarehouse } from '../../../shared/adapters/postgres/postgres-warehouse';
import { startPostgres, type PostgresServer } from '../../support/postgres-server';
import { describeMartsBehaviour } from './marts-behaviour';

let server: PostgresServer | undefined;
let warehouse: PostgresWarehouse | undefined;

describeMartsBehaviour(
  'a PostgreSQL server',
  async () => {
    server = await startPostgres();
    warehouse = new PostgresWarehouse({ objectStore: new MemoryObjectStore(), databaseUrl: server.url });
    return warehouse;
  },
  async () => {
    await warehouse?.close();
    await server?.stop();
  },
);
