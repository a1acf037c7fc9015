import { hash } from 'node:crypto';
import type { Writable } from 'node:stream';
import { createGzip, constants as zlibConstants } from 'node:zlib';
import type { CleanCounts, CleanResult, IngestInput } from '../../contracts/batch';
import type { ObjectRef } from '../../contracts/object-ref';
import type { ObjectStore } from '../../ports/object-store';
import { silentLog, type Log } from '../../ports/log';
import { ByteSink } from './byte-sink';
import { columnFitter } from './column-fit';
import { csvLine } from './csv-line';
import { findDuplicateKey } from './duplicate-keys';
import { AccountingError, RejectRateExceededError } from './errors';
import { MemorySpill, PartitionSpill, SpillCursor, partitionCountFor, spilledLineEnd, type RowSpill } from './partition-spill';
import { INVALID_UTF8_MARK, layoutFromKey, readRecordTexts, type RawRecordText } from './record-reader';
import type { RecordProfile } from './record-profile';
import { sanitizeRecord } from './sanitize-text';
import { TextSink } from './text-sink';

export interface CleanProgress {
  phase: 'read' | 'dedupe' | 'done';
  rowsRead: number;
  sourceBytesRead: number;
  sourceBytes?: number;
}

export interface CleanDependencies {
  objectStore: ObjectStore;
  /** Bucket for processed data, rejects and stats. */
  processedBucket: string;
  log?: Log;
  now?: () => Date;
  /** Parent folder of the spill files (default: the OS temp dir, /tmp in Lambda). */
  tmpDir?: string;
  onProgress?: (progress: CleanProgress) => void;
  /** Records longer than this many characters, once large values of unread fields are skipped, are rejected as too large. */
  maxRecordChars?: number;
  /** Above this share of rejected rows (of rows in) the batch fails instead of loading; default REJECT_RATE_LIMIT. */
  maxRejectRate?: number;
  /** The reject rate is judged only from this many rows in; default REJECT_RATE_MIN_ROWS. */
  rejectRateMinRows?: number;
  /** Input bytes (uncompressed) per spill partition; smaller means less memory, more files. */
  partitionTargetBytes?: number;
}

/** Where clean writes a batch's outputs: by kind and batch, so lifecycle rules can tell data from rejects. */
export function cleanOutputRefs(bucket: string, kind: string, batchId: string): Record<'processed' | 'rejects' | 'stats', ObjectRef> {
  return {
    processed: { bucket, key: `${kind}/batch=${batchId}/part-00000.csv.gz` },
    rejects: { bucket, key: `rejects/${kind}/batch=${batchId}/rejects.ndjson.gz` },
    stats: { bucket, key: `stats/${kind}/batch=${batchId}/stats.json` },
  };
}

function gzipUpload<Sink>(
  store: ObjectStore,
  ref: ObjectRef,
  contentType: string,
  sinkOf: (gzip: Writable) => Sink,
): { sink: Sink; done: Promise<unknown>; abort(error: Error): void } {
  // Level 1: ~190 MB/s against ~160 (3) and ~85 (6) here, for a 25% rather than 20% ratio; processed data is transient.
  const gzip = createGzip({ level: 1, memLevel: 9, strategy: zlibConstants.Z_DEFAULT_STRATEGY, chunkSize: 64 * 1024 });
  const done = store.putStream(ref, gzip, { contentType, contentEncoding: 'gzip' });
  done.catch(() => undefined);
  return { sink: sinkOf(gzip), done, abort: (error) => gzip.destroy(error) };
}

function countInto(counter: Record<string, number>, codes: readonly string[] | undefined): void {
  if (!codes) return;
  for (const code of codes) counter[code] = (counter[code] ?? 0) + 1;
}

/**
 * A batch with more than half of its rows rejected (from 20 rows in) is a wrong file — a customers export under the
 * listings prefix, a broken export job — not a batch with some bad rows: it fails with RejectRateExceededError and
 * loads nothing, unless its ingest input says `force: true`.
 */
export const REJECT_RATE_LIMIT = 0.5;
export const REJECT_RATE_MIN_ROWS = 20;

/** Reject reasons kept in CleanResult, which travels in the state machine's payload (256 KB): the rest sum as `other`. */
export const MAX_REPORTED_REASONS = 20;

/** The `limit` most frequent reasons and, when there are more, their remainder as `other`. */
export function topReasons(counts: Readonly<Record<string, number>>, limit = MAX_REPORTED_REASONS): Record<string, number> {
  const entries = Object.entries(counts).sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1));
  const top: Record<string, number> = Object.fromEntries(entries.slice(0, limit));
  const rest = entries.slice(limit).reduce((sum, [, count]) => sum + count, 0);
  if (rest > 0) top.other = (top.other ?? 0) + rest;
  return top;
}

/** A field name as it may appear inside a reason: the file decides its length, the reasons must not grow with it. */
function reasonField(field: string): string {
  return field.length <= 64 ? field : `${field.slice(0, 61)}...`;
}

/** Processed output handed to gzip and not yet compressed, at most: about one partition's rows. */
const MAX_QUEUED_OUTPUT_BYTES = 16 * 1024 * 1024;

/**
 * zlib compresses on the thread pool but is fed from this thread: a long synchronous loop starves it. Yielding every
 * 1,024 rows (well under a millisecond) keeps gzip busy on the other core while dedupe runs here.
 */
const YIELD_EVERY = 1023;
const yieldToEventLoop = () => new Promise<void>((resolve) => setImmediate(resolve));

/** Drops bare `\t`/`\n` from a group key so it cannot break the spill file's line format. */
function safeKey(key: string): string {
  return /[\t\n\r]/.test(key) ? key.replace(/[\t\n\r]/g, ' ') : key;
}

/**
 * clean: one raw export object → processed CSV.gz, rejects NDJSON.gz, stats JSON.
 * Stages:
 *  1. read — stream the object (gzip by magic number, UTF-8 only), split it into record texts (JSON document or
 *     NDJSON; large values of fields the profile does not read are dropped as they stream), JSON.parse each, reject
 *     unreadable/oversize/ambiguous records, strip control characters, validate + normalize with the kind's profile,
 *     fit every value to its warehouse column (out of range → NULL + warning), spill valid rows into hash partitions
 *     on local disk by group key;
 *  2. dedupe — per partition: drop exact duplicates (same record hash), merge rows sharing a group key (rows the
 *     profile's merge sets aside — another person of one vehicle — are written too, marked with their role);
 *  3. write — CSV rows to the processed object, then the stats object. Rejects stream out during stage 1.
 * Memory is bounded by one chunk, one record and one partition. rows in = valid + rejected + duplicates, or it throws.
 * A file that cannot be read at all throws UnreadableFileError and writes nothing. A file with more than half of its
 * rows rejected writes its outputs, then throws RejectRateExceededError (unless the input says `force`).
 */
export async function cleanObject<Row>(input: IngestInput, profile: RecordProfile<Row>, deps: CleanDependencies): Promise<CleanResult> {
  const log = deps.log ?? silentLog;
  const now = deps.now ?? (() => new Date());
  const startedAt = now();
  const refs = cleanOutputRefs(deps.processedBucket, input.kind, input.batchId);
  const head = input.source.size === undefined ? await deps.objectStore.head(input.source) : null;
  const sourceBytes = input.source.size ?? head?.size;
  const partitions = partitionCountFor(sourceBytes, input.source.key.endsWith('.gz'), deps.partitionTargetBytes);
  const spill: RowSpill = partitions === 1 ? new MemorySpill() : new PartitionSpill(partitions, deps.tmpDir);
  const rejects = gzipUpload(deps.objectStore, refs.rejects, 'application/x-ndjson', (gzip) => new TextSink(gzip));
  let processed: ReturnType<typeof gzipUpload<ByteSink>> | null = null;

  const fitColumns = columnFitter({
    columns: profile.columns,
    maxBytes: profile.maxBytes,
    types: profile.columnTypes,
    required: profile.requiredColumns,
    tooLong: profile.tooLong,
  });
  const readFields = new Set(profile.fields);
  const counts: CleanCounts = { rowsIn: 0, valid: 0, rejected: 0, duplicates: 0, exactDuplicates: 0, mergedRows: 0 };
  const rejectReasons: Record<string, number> = {};
  const warnings: Record<string, number> = {};
  const skipped = { fields: 0, chars: 0 };
  // Rows a merge set aside (another person of one vehicle, marked with its role): valid rows in the processed file.
  let setAsideRows = 0;
  let sourceBytesRead = 0;
  let nextProgressAt = 100_000;
  const report = (phase: CleanProgress['phase']) =>
    deps.onProgress?.({ phase, rowsRead: counts.rowsIn, sourceBytesRead, ...(sourceBytes === undefined ? {} : { sourceBytes }) });

  const reject = async (record: RawRecordText, reasons: readonly string[], parsed?: unknown) => {
    counts.rejected++;
    countInto(rejectReasons, reasons);
    const entry: Record<string, unknown> = { row: record.row };
    if (record.line !== undefined) entry.line = record.line;
    entry.reasons = reasons;
    if (parsed !== undefined) entry.record = parsed;
    else {
      entry.text = record.text;
      if (record.oversize) entry.chars = record.chars;
    }
    await rejects.sink.write(`${JSON.stringify(entry)}\n`);
  };

  try {
    const source = await deps.objectStore.getStream(input.source, input.source.versionId ? { versionId: input.source.versionId } : {});
    const records = readRecordTexts(source, {
      layout: layoutFromKey(input.source.key),
      isReadField: (field) => readFields.has(field),
      ...(deps.maxRecordChars === undefined ? {} : { maxRecordChars: deps.maxRecordChars }),
      onSourceBytes: (bytes) => {
        sourceBytesRead += bytes;
      },
    });
    for await (const batch of records) {
      for (const record of batch) {
        counts.rowsIn++;
        if (record.skippedFields) {
          // A large value of a field the profile does not read was dropped while streaming: the record stays.
          warnings.unknown_field_skipped = (warnings.unknown_field_skipped ?? 0) + record.skippedFields;
          skipped.fields += record.skippedFields;
          skipped.chars += record.skippedChars ?? 0;
        }
        if (record.oversize) {
          await reject(record, ['record_too_large']);
          continue;
        }
        let parsed: unknown;
        try {
          parsed = JSON.parse(record.text);
        } catch {
          await reject(record, ['invalid_json']);
          continue;
        }
        if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) {
          await reject(record, ['not_an_object'], parsed);
          continue;
        }
        const object = parsed as Record<string, unknown>;
        // The reader marks bytes that were not UTF-8 in the file; a U+FFFD the file itself wrote is text like any other.
        if (record.text.includes(INVALID_UTF8_MARK)) {
          await reject(record, ['invalid_utf8'], object);
          continue;
        }
        const duplicateKey = findDuplicateKey(record.text, object);
        if (duplicateKey !== null) {
          await reject(record, [`duplicate_key:${reasonField(duplicateKey)}`], object);
          continue;
        }
        const recordHash = hash('sha1', record.text);
        countInto(warnings, sanitizeRecord(object));
        const result = profile.toRow(object, { batchId: input.batchId, row: record.row, recordHash, now: startedAt });
        countInto(warnings, result.warnings);
        if (!result.ok) {
          await reject(record, result.reasons, object);
          continue;
        }
        let values = profile.csvValues(result.row);
        const fit = fitColumns(values);
        if (fit !== null) {
          if (fit.reasons.length > 0) {
            await reject(record, fit.reasons, object);
            continue;
          }
          countInto(warnings, fit.warnings);
          values = fit.values;
        }
        spill.add(safeKey(result.groupKey), recordHash, csvLine(values));
      }
      if (counts.rowsIn >= nextProgressAt) {
        nextProgressAt += 100_000;
        report('read');
      }
    }
    spill.finishWriting();
    await rejects.sink.end();
    await rejects.done;

    report('dedupe');
    processed = gzipUpload(deps.objectStore, refs.processed, 'text/csv', (gzip) => new ByteSink(gzip));
    const sink = processed.sink;
    sink.writeText(csvLine(profile.columns));
    let steps = 0;
    for (const bytes of spill.partitionBytes()) {
      const seenHashes = new Set<string>();
      // A row read back only when it merges; until then, where its CSV line starts in the partition's bytes.
      const groups = new Map<string, number | Row>();
      const line = (start: number) => bytes.toString('utf8', start, spilledLineEnd(bytes, start));
      const entry = new SpillCursor(bytes);
      while (entry.next()) {
        if ((++steps & YIELD_EVERY) === 0) await yieldToEventLoop();
        if (seenHashes.has(entry.recordHash)) {
          counts.exactDuplicates++;
          continue;
        }
        seenHashes.add(entry.recordHash);
        const kept = groups.get(entry.groupKey);
        if (kept === undefined) {
          groups.set(entry.groupKey, entry.lineStart);
          continue;
        }
        const keptRow = typeof kept === 'number' ? profile.fromCsvLine(line(kept)) : kept;
        const merged = profile.merge(keptRow, profile.fromCsvLine(line(entry.lineStart)));
        groups.set(entry.groupKey, merged.row);
        // Another person of the group is a valid row of its own, final as it stands (it never merges again):
        // written now, not held. Without one, the incoming row was folded in: a merged duplicate.
        counts.mergedRows += 1 - merged.setAside.length;
        for (const row of merged.setAside) {
          counts.valid++;
          setAsideRows++;
          sink.writeText(csvLine(profile.csvValues(row)));
        }
      }
      for (const value of groups.values()) {
        if ((++steps & YIELD_EVERY) === 0) await yieldToEventLoop();
        counts.valid++;
        if (typeof value === 'number') sink.writeBytes(bytes, value, spilledLineEnd(bytes, value));
        else sink.writeText(csvLine(profile.csvValues(value)));
        if (sink.queuedBytes > MAX_QUEUED_OUTPUT_BYTES) await sink.drain();
      }
    }
    await processed.sink.end();
    await processed.done;
  } catch (error) {
    const failure = error instanceof Error ? error : new Error(String(error));
    rejects.abort(failure);
    processed?.abort(failure);
    throw error;
  } finally {
    spill.dispose();
  }

  counts.duplicates = counts.exactDuplicates + counts.mergedRows;
  if (counts.rowsIn !== counts.valid + counts.rejected + counts.duplicates) {
    throw new AccountingError(`rows in ${counts.rowsIn} ≠ valid ${counts.valid} + rejected ${counts.rejected} + duplicates ${counts.duplicates}`);
  }
  const maxRejectRate = deps.maxRejectRate ?? REJECT_RATE_LIMIT;
  const rejectRate = counts.rowsIn === 0 ? 0 : counts.rejected / counts.rowsIn;
  const rejectRateExceeded = counts.rowsIn >= (deps.rejectRateMinRows ?? REJECT_RATE_MIN_ROWS) && rejectRate > maxRejectRate;
  const finishedAt = now();
  const stats = {
    batchId: input.batchId,
    kind: input.kind,
    source: input.source,
    counts,
    rejectRate,
    rejectRateExceeded,
    forced: input.force === true,
    rejectReasons,
    warnings,
    setAsideRows,
    skippedFields: skipped,
    partitions,
    sourceBytesRead,
    startedAt: startedAt.toISOString(),
    finishedAt: finishedAt.toISOString(),
    durationMs: finishedAt.getTime() - startedAt.getTime(),
  };
  await deps.objectStore.putBytes(refs.stats, `${JSON.stringify(stats, null, 2)}\n`, { contentType: 'application/json' });
  report('done');
  const reportedReasons = topReasons(rejectReasons);
  if (rejectRateExceeded && input.force !== true) {
    log.warn('clean: reject rate exceeded, nothing will be loaded', { batchId: input.batchId, kind: input.kind, ...counts, rejectRate });
    throw new RejectRateExceededError(counts.rejected, counts.rowsIn, counts.valid, topReasons(rejectReasons, 5), maxRejectRate);
  }
  log.info('clean finished', { batchId: input.batchId, kind: input.kind, ...counts, partitions, durationMs: stats.durationMs });
  return { processed: refs.processed, rejects: refs.rejects, stats: refs.stats, counts, rejectReasons: reportedReasons };
}
