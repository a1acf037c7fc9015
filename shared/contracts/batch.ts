import { z } from 'zod';
import { ObjectRefSchema } from './object-ref';

export const BatchKindSchema = z.enum(['customers', 'listings']);
export type BatchKind = z.infer<typeof BatchKindSchema>;

/** A batch id is derived from bucket, key and ETag/version: `b_` + 32 hex chars. Safe as a SQL literal. */
export const BATCH_ID_PATTERN = /^b_[0-9a-f]{32}$/;
export const BatchIdSchema = z.string().regex(BATCH_ID_PATTERN, 'batch id must be b_ followed by 32 hex chars');

/** Input of the ingest state machine, built by the trigger from one S3 ObjectCreated record. */
export const IngestInputSchema = z.object({
  batchId: BatchIdSchema,
  kind: BatchKindSchema,
  source: ObjectRefSchema.extend({ etag: z.string().optional(), versionId: z.string().optional(), size: z.number().int().nonnegative().optional() }),
  /** Load the valid rows even when clean's reject rate says the file is the wrong one (`xecu run --force`). */
  force: z.boolean().optional(),
});
export type IngestInput = z.infer<typeof IngestInputSchema>;

export const CleanCountsSchema = z.object({
  rowsIn: z.number().int().nonnegative(),
  valid: z.number().int().nonnegative(),
  rejected: z.number().int().nonnegative(),
  duplicates: z.number().int().nonnegative(),
  /** Of the duplicates: rows identical to an earlier one. */
  exactDuplicates: z.number().int().nonnegative(),
  /** Of the duplicates: sale/service rows folded into the same vehicle. */
  mergedRows: z.number().int().nonnegative(),
});
export type CleanCounts = z.infer<typeof CleanCountsSchema>;

export const CleanResultSchema = z.object({
  processed: ObjectRefSchema,
  rejects: ObjectRefSchema,
  stats: ObjectRefSchema,
  counts: CleanCountsSchema,
  /** The most frequent reasons (at most 20, the rest summed as `other`): it travels in the payload; stats has them all. */
  rejectReasons: z.record(z.string(), z.number().int()),
});
export type CleanResult = z.infer<typeof CleanResultSchema>;

/** What WriteManifest hands to Load: the COPY manifest it wrote and the staging table the load fills. */
export const ManifestResultSchema = z.object({ ref: ObjectRefSchema, table: z.string(), files: z.number().int() });
export type ManifestResult = z.infer<typeof ManifestResultSchema>;

export const StatementStateSchema = z.enum(['SUBMITTED', 'PICKED', 'STARTED', 'FINISHED', 'FAILED', 'ABORTED']);
export type StatementState = z.infer<typeof StatementStateSchema>;

export const LoadResultSchema = z.object({
  statementId: z.string(),
  state: StatementStateSchema,
  error: z.string().nullable().optional(),
  /** Rows in core for this batch once FINISHED. */
  loaded: z.number().int().nullable().optional(),
  /** DescribeStatement polls of this submission, in all. */
  polls: z.number().int().nonnegative(),
  /** Of the polls: those that found it queued (SUBMITTED/PICKED). Bounded on their own (the queue budget). */
  queuedPolls: z.number().int().nonnegative().default(0),
  /** Of the polls: those that found it running (STARTED). The run budget counts these only, not time in the queue. */
  runningPolls: z.number().int().nonnegative().default(0),
  /** Which submission of the load this is: a load failed by a concurrent one is submitted again (it is idempotent). */
  attempt: z.number().int().positive().default(1),
});
export type LoadResult = z.infer<typeof LoadResultSchema>;

/** The state machine's data as it grows: each step adds its own key (ResultPath $.clean, $.manifest, $.load). */
export const IngestStateSchema = IngestInputSchema.extend({
  clean: CleanResultSchema.optional(),
  manifest: ManifestResultSchema.optional(),
  load: LoadResultSchema.optional(),
});
export type IngestState = z.infer<typeof IngestStateSchema>;
