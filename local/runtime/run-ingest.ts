import { createReadStream, statSync } from 'node:fs';
import { readdir } from 'node:fs/promises';
import path from 'node:path';
import type { BatchKind, CleanResult, IngestInput, LoadResult } from '../../shared/contracts/batch';
import type { CleanProgress } from '../../shared/steps/clean';
import { loadSql } from '../../shared/sql';
import { trigger } from '../../shared/steps/trigger';
import { LOCAL_BUCKETS, type LocalEnvironment } from './local-environment';
import { LocalExecutions, type LocalExecutionRecord } from './local-executions';
import { runIngestLocally, type ExecutionOutcome } from './local-state-machine';

export const LOCAL_INGEST_STATE_MACHINE_ARN = 'arn:aws:states:ap-southeast-1:000000000000:stateMachine:xecu-local-ingest';

export interface InputFile {
  path: string;
  kind: BatchKind;
}

export interface BatchSummary {
  file: string;
  bucket: string;
  key: string;
  batchId: string;
  kind: BatchKind;
  status: 'loaded' | 'failed';
  /** True when this object version had been ingested before and `--rerun` was not given. */
  alreadyIngested: boolean;
  rowsIn: number | null;
  valid: number | null;
  rejected: number | null;
  duplicates: number | null;
  loaded: number | null;
  rejectReasons: Record<string, number>;
  rejectsFile: string | null;
  statsFile: string | null;
  error: string | null;
  trail: string[];
  durationMs: number;
}

const INPUT_EXTENSIONS = /\.(json|ndjson|jsonl)(\.gz)?$/i;

/** A file, or every export file (.json, .ndjson, .jsonl, optionally .gz) in a folder, sorted by name. */
/** A --customers/--listings path that does not exist or holds no export files: the user's to fix (exit 2). */
export class InputPathError extends Error {
  override readonly name = 'InputPathError';
}

export async function expandInputs(target: string, kind: BatchKind): Promise<InputFile[]> {
  const stats = statSync(target, { throwIfNoEntry: false });
  if (!stats) throw new InputPathError(`${target}: no such file or folder`);
  if (stats.isFile()) return [{ path: path.resolve(target), kind }];
  const names = (await readdir(target)).filter((name) => INPUT_EXTENSIONS.test(name)).sort();
  if (names.length === 0) throw new InputPathError(`${target}: no .json/.ndjson/.jsonl(.gz) files in this folder`);
  return names.map((name) => ({ path: path.resolve(target, name), kind }));
}

/** The raw key a file lands under: customers in the raw bucket, listings in the landing bucket (as the scraper uploads). */
export function landingRefFor(file: InputFile): { bucket: string; key: string } {
  const name = path.basename(file.path);
  return file.kind === 'customers'
    ? { bucket: LOCAL_BUCKETS.raw, key: `customers/${name}` }
    : { bucket: LOCAL_BUCKETS.landing, key: `listings/source=local/${name}` };
}

export interface IngestFilesOptions {
  rerun?: boolean;
  /**
   * Load the valid rows even when more than half of a batch's rows were rejected (the ingest input's `force`); an
   * earlier execution of the same object that failed for its reject rate runs again.
   */
  force?: boolean;
  onFileStart?: (file: InputFile, index: number, total: number) => void;
  onCleanProgress?: (file: InputFile, progress: CleanProgress) => void;
}

/** An object already in an offline bucket (e.g. uploaded by the scraper), to ingest as that kind. */
export interface InputObject {
  bucket: string;
  key: string;
  kind: BatchKind;
  /** What the summary calls it: the local file it came from, or the key. */
  label: string;
  /** The version the event names (replay of a versioned object); offline objects have none. */
  versionId?: string;
}

/** Copies local files into their offline bucket, as the company DB export job or the scraper would upload them. */
export async function putFiles(env: LocalEnvironment, files: InputFile[]): Promise<InputObject[]> {
  const objects: InputObject[] = [];
  for (const file of files) {
    const ref = landingRefFor(file);
    await env.objectStore.putStream(ref, createReadStream(file.path));
    objects.push({ ...ref, kind: file.kind, label: file.path });
  }
  return objects;
}

/** The execution failed for its batch's reject rate (its Fail state names the cause: `RejectRateExceededError: …`). */
function failedForRejectRate(record: LocalExecutionRecord | null): boolean {
  const error = record?.outcome.status === 'FAILED' ? record.outcome.error : undefined;
  return error !== undefined && (error.name === 'RejectRateExceededError' || error.cause.startsWith('RejectRateExceededError'));
}

/**
 * Executions for one object: as filed before (already started unless `rerun`), except that with `force` an earlier
 * execution that failed for its reject rate runs again — with `force: true` in its input, as the runner adds.
 */
function executionsFor(home: string, run: (input: unknown) => Promise<ExecutionOutcome>, options: IngestFilesOptions) {
  const filed = new LocalExecutions(home, run, options.rerun ?? false);
  const again = new LocalExecutions(home, run, true);
  const records: LocalExecutionRecord[] = [];
  return {
    records,
    async start(request: { stateMachineArn: string; name: string; input: unknown }) {
      const executions = options.force && failedForRejectRate(filed.previous(request.name)) ? again : filed;
      const started = await executions.start(request);
      records.push(...executions.records.splice(0));
      return started;
    },
  };
}

/**
 * `xecu run`'s engine: an ObjectCreated event for each object (put in its bucket as an upload would) goes through
 * the trigger step, which starts the ingest state machine (run locally to its end); each execution is summarized.
 */
export async function ingestObjects(env: LocalEnvironment, objects: InputObject[], options: IngestFilesOptions = {}): Promise<BatchSummary[]> {
  const summaries: BatchSummary[] = [];
  for (const [index, object] of objects.entries()) {
    const file: InputFile = { path: object.label, kind: object.kind };
    options.onFileStart?.(file, index, objects.length);
    const started = Date.now();
    const ref = { bucket: object.bucket, key: object.key };
    const head = await env.objectStore.head(ref);
    const deps = {
      ...env.deps,
      ...(options.onCleanProgress ? { onCleanProgress: (_batch: string, progress: CleanProgress) => options.onCleanProgress?.(file, progress) } : {}),
    };
    const run = (input: unknown) => runIngestLocally(options.force ? { ...(input as IngestInput), force: true } : input, deps);
    const executions = executionsFor(env.home, run, options);
    const event = {
      Records: [
        {
          eventName: 'ObjectCreated:Put',
          s3: {
            bucket: { name: ref.bucket },
            object: {
              key: encodeURIComponent(ref.key).replace(/%2F/g, '/'),
              size: head?.size ?? 0,
              ...(head?.etag ? { eTag: head.etag } : {}),
              ...(object.versionId ? { versionId: object.versionId } : {}),
            },
          },
        },
      ],
    };
    const result = await trigger(event, { executions, stateMachineArn: LOCAL_INGEST_STATE_MACHINE_ARN, log: env.deps.log });
    const startedExecution = result.started[0];
    const record = executions.records[0];
    if (!startedExecution || !record) throw new Error(`${object.label}: the trigger started no execution (${result.skipped[0]?.reason ?? 'unknown'})`);
    const output = (record.outcome.output ?? {}) as { clean?: CleanResult; load?: LoadResult };
    const failed = record.outcome.status === 'FAILED';
    const batchRows = await env.warehouse.query<{ rows_in: number | null; valid_rows: number | null; rejected_rows: number | null; duplicate_rows: number | null; loaded_rows: number | null; error_cause: string | null; rejects_key: string | null }>(
      loadSql('ops/batch_summary'),
      { batch_id: startedExecution.batchId },
    );
    const batch = batchRows[0];
    const numberOrNull = (value: unknown): number | null => (value === null || value === undefined ? null : Number(value));
    const clean = output.clean;
    summaries.push({
      file: object.label,
      bucket: ref.bucket,
      key: ref.key,
      batchId: startedExecution.batchId,
      kind: object.kind,
      status: failed ? 'failed' : 'loaded',
      alreadyIngested: startedExecution.alreadyStarted,
      rowsIn: clean?.counts.rowsIn ?? numberOrNull(batch?.rows_in),
      valid: clean?.counts.valid ?? numberOrNull(batch?.valid_rows),
      rejected: clean?.counts.rejected ?? numberOrNull(batch?.rejected_rows),
      duplicates: clean?.counts.duplicates ?? numberOrNull(batch?.duplicate_rows),
      loaded: failed ? 0 : (output.load?.loaded ?? numberOrNull(batch?.loaded_rows)),
      rejectReasons: clean?.rejectReasons ?? {},
      rejectsFile: clean ? env.objectStore.pathOf(clean.rejects) : null,
      statsFile: clean ? env.objectStore.pathOf(clean.stats) : null,
      error: failed ? (record.outcome.error ? `${record.outcome.error.name}: ${record.outcome.error.cause}` : (batch?.error_cause ?? 'failed')) : null,
      trail: record.outcome.trail,
      durationMs: Date.now() - started,
    });
  }
  return summaries;
}
