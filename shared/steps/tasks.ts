import { IngestStateSchema, type CleanResult, type LoadResult, type ManifestResult } from '../contracts/batch';
import type { Log } from '../ports/log';
import type { ObjectStore } from '../ports/object-store';
import type { Warehouse } from '../ports/warehouse';
import { clean, type CleanProgress } from './clean';
import { load, statementStatus } from './load';
import { FailBatchInputSchema, failBatch, type FailBatchResult } from './fail-batch';
import { writeManifest } from './write-manifest';
import { matchTask } from './match/match-step';

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
  'write-manifest': async (input: unknown, deps: IngestDependencies): Promise<ManifestResult> =>
    writeManifest(IngestStateSchema.parse(input), deps),
  load: async (input: unknown, deps: IngestDependencies): Promise<LoadResult> => load(IngestStateSchema.parse(input), deps),
  'statement-status': async (input: unknown, deps: IngestDependencies): Promise<LoadResult> =>
    statementStatus(IngestStateSchema.parse(input), deps),
  'fail-batch': async (input: unknown, deps: IngestDependencies): Promise<FailBatchResult> =>
    failBatch(FailBatchInputSchema.parse(input), deps),
  // Matching (shared/steps/match): the loaded batch incremental, or the Match state's Catch recorded; the same
  // function serves the report's full re-match ({ mode: 'full' }).
  match: async (input: unknown, deps: IngestDependencies): Promise<Awaited<ReturnType<typeof matchTask>>> =>
    matchTask(input, { warehouse: deps.warehouse, log: deps.log }),
} as const;

export type IngestTaskName = keyof typeof ingestTasks;

/** The ASL's Task states and the function each one calls (the `${…FunctionArn}` placeholders). */
export const INGEST_TASK_STATES: Record<string, { task: IngestTaskName; placeholder: string }> = {
  Clean: { task: 'clean', placeholder: 'CleanFunctionArn' },
  WriteManifest: { task: 'write-manifest', placeholder: 'WriteManifestFunctionArn' },
  Load: { task: 'load', placeholder: 'LoadFunctionArn' },
  CheckLoad: { task: 'statement-status', placeholder: 'StatementStatusFunctionArn' },
  MarkFailed: { task: 'fail-batch', placeholder: 'FailBatchFunctionArn' },
  Match: { task: 'match', placeholder: 'MatchFunctionArn' },
  RecordMatchFailure: { task: 'match', placeholder: 'MatchFunctionArn' },
};
