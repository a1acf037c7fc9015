import { MemoryObjectStore } from '../../../shared/adapters/memory/memory-object-store';
import { PostgresWarehouse } from '../../../shared/adapters/postgres/postgres-warehouse';
import { describeMartsBehaviour } from './marts-behaviour';

let warehouse: PostgresWarehouse | undefined;

describeMartsBehaviour(
  'PGlite in memory',
  async () => {
    warehouse = new PostgresWarehouse({ objectStore: new MemoryObjectStore() });
    return warehouse;
  },
  async () => warehouse?.close(),
);
