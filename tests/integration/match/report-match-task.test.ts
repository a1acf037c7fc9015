import type { PostgresWarehouse } from '../../../shared/adapters/postgres/postgres-warehouse';
import { MemoryObjectStore } from '../../../shared/adapters/memory/memory-object-store';
import { silentLog } from '../../../shared/ports/log';
import { resolveOptionalTask } from '../../../shared/steps/report/report-tasks';
import { FullMatchResultSchema } from '../../../shared/steps/match';
import { openMatchWarehouse } from './match-test-kit';
import { insertScenario } from './match-scenario';

let warehouse: PostgresWarehouse;

beforeAll(async () => {
  warehouse = await openMatchWarehouse();
  await insertScenario(warehouse);
}, 120_000);

afterAll(async () => warehouse?.close());

describe("the report state machine's Match task", () => {
  it('is found as matchTask and runs a full re-match for { mode: "full" }, answering with counts only', async () => {
    // Prepare
    const task = resolveOptionalTask('match');
    if (typeof task !== 'function') throw new Error(`match task not resolved: ${task.reason}`);
    // Act
    const result = await task({ mode: 'full' }, { warehouse, objectStore: new MemoryObjectStore(), log: silentLog, exportsBucket: 'exports' });
    // Assess
    const parsed = FullMatchResultSchema.parse(result);
    expect(parsed).toMatchObject({ available: true, mode: 'full', leads: 3 });
    expect(JSON.stringify(result).length).toBeLessThan(4096);
  }, 60_000);
});
