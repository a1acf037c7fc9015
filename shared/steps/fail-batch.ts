import { z } from 'zod';
import { BatchIdSchema, BatchKindSchema } from '../contracts/batch';
import type { Warehouse } from '../ports/warehouse';
import { silentLog, type Log } from '../ports/log';
import { loadSql } from '../sql';

/** What the Catch hands over: the state as it was, plus `error` ({ Error, Cause }) from Step Functions. */
export const FailBatchInputSchema = z
  .object({
    batchId: BatchIdSchema,
    kind: BatchKindSchema,
    source: z.object({ bucket: z.string(), key: z.string() }).loose(),
    error: z.object({ Error: z.string(), Cause: z.string().nullable().optional() }).loose(),
  })
  .loose();
export type FailBatchInput = z.infer<typeof FailBatchInputSchema>;

export interface FailBatchResult {
  errorName: string;
  cause: string;
}

const MAX_CAUSE = 4000;

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

/** fail-batch: record the batch as failed in ops.batches with the error's name and cause. Loads nothing. */
export async function failBatch(input: FailBatchInput, deps: { warehouse: Warehouse; log?: Log }): Promise<FailBatchResult> {
  const cause = readableCause(input.error.Error, input.error.Cause);
  await deps.warehouse.query(loadSql('ops/mark_batch_failed'), {
    batch_id: input.batchId,
    kind: input.kind,
    source_bucket: input.source.bucket,
    source_key: input.source.key,
    error_name: input.error.Error.slice(0, 256),
    error_cause: cause,
  });
  (deps.log ?? silentLog).error('batch failed', { batchId: input.batchId, kind: input.kind, errorName: input.error.Error, cause });
  return { errorName: input.error.Error, cause };
}
