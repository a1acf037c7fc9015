import { z } from 'zod';
import { BatchIdSchema, BatchKindSchema, LoadResultSchema, type StatementState } from '../contracts/batch';
import type { StatementStatus, Warehouse } from '../ports/warehouse';
import { silentLog, type Log } from '../ports/log';
import { loadSql } from '../sql';

/** What the Catch hands over: the state as it was, plus `error` ({ Error, Cause }) from Step Functions. */
export const FailBatchInputSchema = z
  .object({
    batchId: BatchIdSchema,
    kind: BatchKindSchema,
    source: z.object({ bucket: z.string(), key: z.string() }).loose(),
    error: z.object({ Error: z.string(), Cause: z.string().nullable().optional() }).loose(),
    /** The load this execution submitted, if it got that far: it is settled before anything is recorded. */
    load: LoadResultSchema.optional(),
  })
  .loose();
export type FailBatchInput = z.infer<typeof FailBatchInputSchema>;

export interface FailBatchResult {
  errorName: string;
  cause: string;
  /**
   * True when this execution's load committed after all (e.g. a poll failed, or the cancel came too late): the
   * batch stays loaded and the execution ends as Loaded, not Failed.
   */
  loadCommitted: boolean;
  /** The load statement's state once settled (null when no load was submitted). */
  loadState: StatementState | null;
}

const MAX_CAUSE = 4000;
const ENDED: readonly StatementState[] = ['FINISHED', 'FAILED', 'ABORTED'];

/** A Lambda error's Cause is JSON ({ errorType, errorMessage, trace }); keep type and message, drop the trace. */
export function readableCause(name: string, cause: string | null | undefined): string {
  if (!cause) return name;
  try {
    const parsed = JSON.parse(cause) as { errorType?: unknown; errorMessage?: unknown };
    if (typeof parsed.errorMessage === 'string') {
      const type = typeof parsed.errorType === 'string' ? parsed.errorType : name;
      return `${type}: ${parsed.errorMessage}`.slice(0, MAX_CAUSE);
    }
  } catch {
    // Not JSON: a Pass state's own text or a States.* message.
  }
  return `${name}: ${cause}`.slice(0, MAX_CAUSE);
}

/**
 * The submitted load's final word: a statement not known to have ended (poll budget spent, or a poll that failed)
 * is cancelled first, so it cannot commit after the batch is recorded as failed; one that ended is described again.
 */
async function settleLoad(statementId: string, lastKnown: StatementState, warehouse: Warehouse): Promise<StatementStatus> {
  if (ENDED.includes(lastKnown)) return warehouse.describe(statementId);
  return warehouse.cancel(statementId);
}

/**
 * fail-batch: record the batch as failed in ops.batches with the error's name and cause. Loads nothing. Stages:
 * 1. settle this execution's load, if it submitted one (cancel it when it may still be queued or running);
 * 2. a load that committed is not marked failed (`loadCommitted`: the state machine ends as Loaded);
 * 3. otherwise mark the batch failed — the SQL itself never turns a loaded batch into a failed one.
 */
export async function failBatch(input: FailBatchInput, deps: { warehouse: Warehouse; log?: Log }): Promise<FailBatchResult> {
  const log = deps.log ?? silentLog;
  let cause = readableCause(input.error.Error, input.error.Cause);
  let loadState: StatementState | null = null;
  if (input.load) {
    const settled = await settleLoad(input.load.statementId, input.load.state, deps.warehouse);
    loadState = settled.state;
    if (settled.state === 'FINISHED') {
      log.warn('load committed; batch not marked failed', { batchId: input.batchId, statementId: settled.id, errorName: input.error.Error, cause });
      return { errorName: input.error.Error, cause, loadCommitted: true, loadState };
    }
    if (!ENDED.includes(settled.state)) cause = `${cause} (cancel requested; statement ${settled.id} was still ${settled.state})`.slice(0, MAX_CAUSE);
    else if (!ENDED.includes(input.load.state)) cause = `${cause} (statement ${settled.id} cancelled: ${settled.state})`.slice(0, MAX_CAUSE);
  }
  await deps.warehouse.query(loadSql('ops/mark_batch_failed'), {
    batch_id: input.batchId,
    kind: input.kind,
    source_bucket: input.source.bucket,
    source_key: input.source.key,
    error_name: input.error.Error.slice(0, 256),
    error_cause: cause,
  });
  log.error('batch failed', { batchId: input.batchId, kind: input.kind, errorName: input.error.Error, cause, loadState });
  return { errorName: input.error.Error, cause, loadCommitted: false, loadState };
}
