import { IngestStateSchema, type CleanResult, type CopyResult, type StageResult } from '../contracts/batch';
import type { Log } from '../ports/log';
import type { ObjectStore } from '../ports/object-store';
import type { Warehouse } from '../ports/warehouse';
import { clean, type CleanProgress } from './clean';
import { copy, statementStatus } from './copy';
import { FailBatchInputSchema, failBatch, type FailBatchResult } from './fail-batch';
import { stage } from './stage';

/** What the ingest tasks need, in AWS (S3 + Redshift Data API) and offline (filesystem + PostgreSQL) alike. */
export interface IngestDependencies {
  objectStore: ObjectStore;
  warehouse: Warehouse;
  processedBucket: string;
  log: Log;
  tmpDir?: string;
  onCleanProgress?: (batchId: string, progress: CleanProgress) => void;
}

/**
 * The ingest state machine's Task states, by the name of the function that runs each one. A task validates its
 * input (the state so far) with zod and calls one step; Lambda handlers and the offline runtime both call these.
 */
export const ingestTasks = {
  clean: async (input: unknown, deps: IngestDependencies): Promise<CleanResult> => {
    const state = IngestStateSchema.parse(input);
    const { onCleanProgress } = deps;
    return clean(state, {
      objectStore: deps.objectStore,
      processedBucket: deps.processedBucket,
      log: deps.log,
      ...(deps.tmpDir === undefined ? {} : { tmpDir: deps.tmpDir }),
      ...(onCleanProgress ? { onProgress: (progress: CleanProgress) => onCleanProgress(state.batchId, progress) } : {}),
    });
  },
  stage: async (input: unknown, deps: IngestDependencies): Promise<StageResult> => stage(IngestStateSchema.parse(input), deps),
  copy: async (input: unknown, deps: IngestDependencies): Promise<CopyResult> => copy(IngestStateSchema.parse(input), deps),
  'statement-status': async (input: unknown, deps: IngestDependencies): Promise<CopyResult> =>
    statementStatus(IngestStateSchema.parse(input), deps),
  'fail-batch': async (input: unknown, deps: IngestDependencies): Promise<FailBatchResult> =>
    failBatch(FailBatchInputSchema.parse(input), deps),
} as const;

export type IngestTaskName = keyof typeof ingestTasks;

/** The ASL's Task states and the function each one calls (the `${…FunctionArn}` placeholders). */
export const INGEST_TASK_STATES: Record<string, { task: IngestTaskName; placeholder: string }> = {
  Clean: { task: 'clean', placeholder: 'CleanFunctionArn' },
  Stage: { task: 'stage', placeholder: 'StageFunctionArn' },
  Copy: { task: 'copy', placeholder: 'CopyFunctionArn' },
  CheckCopy: { task: 'statement-status', placeholder: 'StatementStatusFunctionArn' },
  MarkFailed: { task: 'fail-batch', placeholder: 'FailBatchFunctionArn' },
};
