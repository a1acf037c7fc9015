import type { IngestState, LoadResult } from '../contracts/batch';
import type { Warehouse, WarehouseStatement } from '../ports/warehouse';
import { silentLog, type Log } from '../ports/log';
import { loadSql } from '../sql';
import { BATCH_TABLES } from './batch-tables';
import { StepInputError } from './step-input-error';

export interface LoadDependencies {
  warehouse: Warehouse;
  log?: Log;
}

/**
 * The statements of one load, in one transaction: replace the batch in staging, COPY, merge into core, mark loaded
 * (which counts the batch's staging rows as loaded_rows), then delete the batch's staging rows so staging does not
 * grow with every load. A reload runs the same steps and leaves core, loaded_rows and staging as they were.
 */
export function loadStatements(state: IngestState): WarehouseStatement[] {
  if (!state.manifest) throw new StepInputError('load needs the manifest result ($.manifest)');
  const tables = BATCH_TABLES[state.kind];
  const params = { batch_id: state.batchId };
  return [
    { kind: 'sql', sql: loadSql(tables.lockForLoad) },
    { kind: 'sql', sql: loadSql(tables.deleteStagingBatch), params },
    { kind: 'copy', table: tables.stagingTable, columns: tables.columns, manifest: state.manifest.ref },
    ...tables.mergeIntoCore.map((name): WarehouseStatement => ({ kind: 'sql', sql: loadSql(name), params })),
    { kind: 'sql', sql: loadSql(tables.markLoaded), params },
    { kind: 'sql', sql: loadSql(tables.deleteStagingBatch), params },
  ];
}

async function loadedRows(warehouse: Warehouse, batchId: string): Promise<number | null> {
  const rows = await warehouse.query<{ loaded_rows: number | string | null }>(loadSql('ops/batch_summary'), { batch_id: batchId });
  const value = rows[0]?.loaded_rows;
  return value === null || value === undefined ? null : Number(value);
}

/**
 * load: submit the load as one transaction and return at once with the statement id. A long Redshift COPY is
 * then polled by the state machine (Wait → statement-status), so no Lambda sits waiting for it.
 * Loading the same batch again replaces its staging rows and MERGEs the same values: core does not change.
 */
export async function load(state: IngestState, deps: LoadDependencies): Promise<LoadResult> {
  const status = await deps.warehouse.submit(loadStatements(state));
  (deps.log ?? silentLog).info('load submitted', { batchId: state.batchId, statementId: status.id, state: status.state });
  return {
    statementId: status.id,
    state: status.state,
    error: status.error ?? null,
    loaded: status.state === 'FINISHED' ? await loadedRows(deps.warehouse, state.batchId) : null,
    polls: 0,
    queuedPolls: 0,
    runningPolls: 0,
    attempt: (state.load?.attempt ?? 0) + 1,
  };
}

/**
 * statement-status: one DescribeStatement for the load; the state machine loops until FINISHED/FAILED. Each poll
 * counts as queued (SUBMITTED/PICKED: waiting for a slot, not yet working) or running (STARTED), so the run budget
 * starts when the statement starts, and time in the queue has a budget of its own.
 */
export async function statementStatus(state: IngestState, deps: LoadDependencies): Promise<LoadResult> {
  if (!state.load) throw new StepInputError('statement-status needs the load result ($.load)');
  const status = await deps.warehouse.describe(state.load.statementId);
  return {
    statementId: status.id,
    state: status.state,
    error: status.error ?? null,
    loaded: status.state === 'FINISHED' ? await loadedRows(deps.warehouse, state.batchId) : null,
    polls: state.load.polls + 1,
    queuedPolls: state.load.queuedPolls + (status.state === 'SUBMITTED' || status.state === 'PICKED' ? 1 : 0),
    runningPolls: state.load.runningPolls + (status.state === 'STARTED' ? 1 : 0),
    attempt: state.load.attempt,
  };
}
