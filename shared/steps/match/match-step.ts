import { z } from 'zod';
import { BatchIdSchema, IngestStateSchema } from '../../contracts/batch';
import { silentLog, type Log } from '../../ports/log';
import type { Warehouse } from '../../ports/warehouse';
import { MatchSqlRunner, toCount } from './match-sql-runner';
import { runMatch, type MatchRunResult, type MatchSettings } from './run-match';

export interface MatchDependencies {
  warehouse: Warehouse;
  log?: Log;
}

/** The Match state's input: the ingest state after a successful load. */
export const MatchInputSchema = IngestStateSchema;
export type MatchInput = z.infer<typeof MatchInputSchema>;

/** What the Match state adds to the state ($.match): small, whatever the batch size. */
export const MatchResultSchema = z.object({
  runId: z.string(),
  status: z.literal('succeeded'),
  modelVersion: z.string(),
  listingsInScope: z.number().int(),
  pairs: z.number().int(),
  leads: z.number().int(),
  reviews: z.number().int(),
  closed: z.number().int(),
  opened: z.number().int(),
});
export type MatchResult = z.infer<typeof MatchResultSchema>;

/**
 * match: the ingest state machine's Match task. A loaded listings batch is matched against all customers; a loaded
 * customers batch re-matches the active listings it could pair with. The outcome is recorded in
 * match.batch_matches. Idempotent: a retry after a timeout finds the mart as the first attempt left it.
 */
export async function match(input: MatchInput, deps: MatchDependencies): Promise<MatchResult> {
  const log = deps.log ?? silentLog;
  const run = await runMatch({
    warehouse: deps.warehouse,
    mode: input.kind === 'listings' ? 'listings-batch' : 'customers-batch',
    batchId: input.batchId,
    log,
  });
  const count = (band: string) => run.bands.filter((b) => b.band === band).reduce((sum, b) => sum + b.listings, 0);
  await new MatchSqlRunner(deps.warehouse).transaction([
    {
      name: 'record_batch_match',
      params: { batch_id: input.batchId, run_id: run.runId, match_status: 'succeeded', error_name: null, error_cause: null, now: nowText() },
    },
  ]);
  return {
    runId: run.runId,
    status: 'succeeded',
    modelVersion: run.modelVersion,
    listingsInScope: run.listingsInScope,
    pairs: run.pairs,
    leads: count('lead'),
    reviews: count('review'),
    closed: run.closed,
    opened: run.opened,
  };
}

/** The Match state's Catch: the batch and the error Step Functions caught ($.matchError = { Error, Cause }). */
export const RecordMatchFailureInputSchema = z.object({
  batchId: BatchIdSchema,
  matchError: z.object({ Error: z.string(), Cause: z.string().optional() }),
});
export type RecordMatchFailureInput = z.infer<typeof RecordMatchFailureInputSchema>;

/**
 * record-match-failure: writes a failed match into match.batch_matches (error name and cause, cut to the column)
 * and returns, so the ingest still succeeds: the load stays loaded; a later full match (or the next batch) catches
 * up.
 */
export async function recordMatchFailure(input: RecordMatchFailureInput, deps: MatchDependencies): Promise<{ status: 'failed'; errorName: string }> {
  const errorName = input.matchError.Error.slice(0, 256);
  await new MatchSqlRunner(deps.warehouse).transaction([
    {
      name: 'record_batch_match',
      params: {
        batch_id: input.batchId,
        run_id: null,
        match_status: 'failed',
        error_name: errorName,
        error_cause: (input.matchError.Cause ?? '').slice(0, 4000),
        now: nowText(),
      },
    },
  ]);
  (deps.log ?? silentLog).warn('match failed; the load stays', { batchId: input.batchId, errorName });
  return { status: 'failed', errorName };
}

function nowText(): string {
  return new Date().toISOString().replace('T', ' ').replace('Z', '');
}

/** The report state machine's Match state input: a full re-match (optionally training first). */
export const FullMatchInputSchema = z.object({ mode: z.literal('full'), train: z.boolean().optional() }).passthrough();

/** What a full re-match returns to the report state ($.matched): counts, no rows. */
export const FullMatchResultSchema = z.object({
  available: z.literal(true),
  runId: z.string(),
  mode: z.literal('full'),
  modelVersion: z.string(),
  pairs: z.number().int(),
  leads: z.number().int(),
  reviews: z.number().int(),
  closed: z.number().int(),
  opened: z.number().int(),
  timings: z.record(z.string(), z.number()),
});
export type FullMatchResult = z.infer<typeof FullMatchResultSchema>;

/**
 * The `match` function of both state machines, one Lambda: a full re-match ({ mode: 'full' }, the report), a loaded
 * batch (the ingest state after Load, incremental), or the ingest Match state's Catch ({ batchId, matchError }).
 * (The report runner finds it as `matchTask` of this folder's index.ts.)
 */
export async function matchTask(input: unknown, deps: MatchDependencies): Promise<MatchResult | FullMatchResult | { status: 'failed'; errorName: string }> {
  const full = FullMatchInputSchema.safeParse(input);
  if (full.success) {
    const run = await runMatch({ warehouse: deps.warehouse, mode: 'full', train: full.data.train ?? false, ...(deps.log ? { log: deps.log } : {}) });
    const count = (band: string) => run.bands.filter((b) => b.band === band).reduce((sum, b) => sum + b.listings, 0);
    return {
      available: true,
      runId: run.runId,
      mode: 'full',
      modelVersion: run.modelVersion,
      pairs: run.pairs,
      leads: count('lead'),
      reviews: count('review'),
      closed: run.closed,
      opened: run.opened,
      timings: run.timings,
    };
  }
  const failure = RecordMatchFailureInputSchema.safeParse(input);
  if (failure.success) return recordMatchFailure(failure.data, deps);
  return match(MatchInputSchema.parse(input), deps);
}

export interface CatchUpResult {
  /** 'full' when no full run had succeeded yet (the first match is a full one), else one run per pending batch. */
  kind: 'full' | 'batches' | 'nothing';
  runs: MatchRunResult[];
  batches: string[];
}

/**
 * Matches what the ingest has loaded but matching has not caught up with: each loaded batch without a succeeded
 * match (its Match state failed, or it loaded before matching was installed), oldest first; the very first time,
 * one full run instead. Each batch's outcome is recorded as the Match state would.
 */
export async function catchUp(deps: MatchDependencies & { settings?: Partial<MatchSettings> }): Promise<CatchUpResult> {
  const sql = new MatchSqlRunner(deps.warehouse);
  const pending = await sql.query<{ batch_id: string; kind: string }>('pending_batches');
  const fullRuns = toCount((await sql.query<{ runs: unknown }>('full_runs'))[0]?.runs);
  const settings = deps.settings ? { settings: deps.settings } : {};
  const record = async (batchId: string, runId: string) =>
    sql.transaction([{ name: 'record_batch_match', params: { batch_id: batchId, run_id: runId, match_status: 'succeeded', error_name: null, error_cause: null, now: nowText() } }]);
  if (fullRuns === 0) {
    const run = await runMatch({ warehouse: deps.warehouse, mode: 'full', ...settings, ...(deps.log ? { log: deps.log } : {}) });
    for (const batch of pending) await record(batch.batch_id, run.runId);
    return { kind: 'full', runs: [run], batches: pending.map((b) => b.batch_id) };
  }
  const runs: MatchRunResult[] = [];
  for (const batch of pending) {
    const run = await runMatch({
      warehouse: deps.warehouse,
      mode: batch.kind === 'listings' ? 'listings-batch' : 'customers-batch',
      batchId: batch.batch_id,
      ...settings,
      ...(deps.log ? { log: deps.log } : {}),
    });
    await record(batch.batch_id, run.runId);
    runs.push(run);
  }
  return { kind: runs.length > 0 ? 'batches' : 'nothing', runs, batches: pending.map((b) => b.batch_id) };
}

export interface MatchesSummary {
  bands: { source: string; band: string; listings: number }[];
  topLeads: { source: string; listingId: string; customerId: string | null; probability: number; why: string | null }[];
}

/** What marts.listing_matches holds now: current matches per source and band, and the strongest leads. */
export async function matchesSummary(warehouse: Warehouse, topLeads = 5): Promise<MatchesSummary> {
  const sql = new MatchSqlRunner(warehouse);
  const bands = await sql.query<{ source: string; band: string; listings: unknown }>('current_matches_by_band');
  const leads = await sql.query<{ source: string; listing_id: string; customer_id: string | null; match_probability: unknown; why: string | null }>('top_leads', { limit: topLeads });
  return {
    bands: bands.map((row) => ({ source: row.source, band: row.band, listings: toCount(row.listings) })),
    topLeads: leads.map((row) => ({ source: row.source, listingId: row.listing_id, customerId: row.customer_id, probability: Number(row.match_probability), why: row.why })),
  };
}
