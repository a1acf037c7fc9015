import { MemoryObjectStore } from '../../../shared/adapters/memory/memory-object-store';
import { PostgresWarehouse } from '../../../shared/adapters/postgres/postgres-warehouse';
import { describeWarehouseBehaviour } from './warehouse-behaviour';

let warehouse: PostgresWarehouse | undefined;

// Small COPY chunks so every load here crosses chunk boundaries (quoted newlines included).
describeWarehouseBehaviour(
  'PGlite in memory, 512-byte COPY chunks',
  async () => {
    const objectStore = new MemoryObjectStore();
    warehouse = new PostgresWarehouse({ objectStore, copyChunkBytes: 512 });
    return { warehouse, objectStore };
  },
  async () => warehouse?.close(),
);
