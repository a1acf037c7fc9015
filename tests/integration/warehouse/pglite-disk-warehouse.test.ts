import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MemoryObjectStore } from '../../../shared/adapters/memory/memory-object-store';
import { PostgresWarehouse } from '../../../shared/adapters/postgres/postgres-warehouse';
import { describeWarehouseBehaviour } from './warehouse-behaviour';

let warehouse: PostgresWarehouse | undefined;
let root: string | undefined;

describeWarehouseBehaviour(
  'PGlite on disk',
  async () => {
    root = mkdtempSync(join(tmpdir(), 'xecu-pglite-'));
    const objectStore = new MemoryObjectStore();
    warehouse = new PostgresWarehouse({ objectStore, dataDir: join(root, 'pgdata') });
    return { warehouse, objectStore };
  },
  async () => {
    await warehouse?.close();
    if (root) rmSync(root, { recursive: true, force: true });
  },
);

describe('PostgresWarehouse on PGlite on disk, reopened', () => {
  it('keeps loaded data after close and reopen', async () => {
    // Prepare
    const dir = mkdtempSync(join(tmpdir(), 'xecu-pglite-'));
    const objectStore = new MemoryObjectStore();
    const first = new PostgresWarehouse({ objectStore, dataDir: dir });
    await first.migrate();
    await first.query(`insert into ops.batches (batch_id, kind, status) values (:id, 'listings', 'staged')`, { id: `b_${'e'.repeat(32)}` });
    await first.close();
    // Act
    const second = new PostgresWarehouse({ objectStore, dataDir: dir });
    await second.migrate();
    const rows = await second.query('select batch_id, status from ops.batches');
    await second.close();
    rmSync(dir, { recursive: true, force: true });
    // Assess
    expect(rows).toEqual([{ batch_id: `b_${'e'.repeat(32)}`, status: 'staged' }]);
  });
});
