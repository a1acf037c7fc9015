/**
 * Matching (issue 7): which marketplace sellers are our customers, with a probability and the reasons.
 *
 * For callers (bench/match-bench.ts, the CLI, the Match Lambda):
 *
 *   runMatch({ warehouse, mode: 'full' | 'listings-batch' | 'customers-batch' | 'listing', train?: boolean,
 *              batchId?: string, listing?: { source, listingId }, apply?: boolean, settings?: Partial<MatchSettings>,
 *              log?: Log, now?: Date }): Promise<MatchRunResult>
 *     → { runId, mode, modelVersion, trained, listingsInScope, pairs,
 *         blockingRules: [{ blockingRule, pairs, cappedListings, cappedPairs }],
 *         bands: [{ source, band: 'lead' | 'review' | 'none', listings }], closed, opened,
 *         timings: { model, term_frequencies, scope, blocking, comparison_vectors, training?, scoring, decision,
 *                    apply?, report } (ms), training?: { sessions, model } }
 *   explainListing(warehouse, { source, listingId }) → every candidate's waterfall and the decision.
 *   matchTask(input, deps): the `match` Lambda of both state machines: { mode: 'full' } (report), the ingest
 *     state after Load (incremental), { batchId, matchError } (the ingest Match state's Catch: recorded, load kept).
 *
 * Results: marts.listing_matches (current rows: valid_to is null; band 'lead' or 'review').
 * Stages of a run: model → term frequencies → scope → blocking → comparison vectors → [training] → scoring →
 * decision → apply (history kept) → report.
 */
export { runMatch, deleteRunWork, DEFAULT_MATCH_SETTINGS, MatchRunError, type MatchMode, type MatchRunResult, type MatchSettings, type RunMatchOptions, type BlockingRuleCount } from './run-match';
export { explainListing, type ListingExplanation, type ExplainedCandidate } from './explain-listing';
export { COMPARISONS, BLOCKING_RULES, type ComparisonName } from './comparisons';
export { defaultMatchModel, MatchModelSchema, type MatchModel } from './match-model';
export {
  match,
  matchTask,
  catchUp,
  matchesSummary,
  type CatchUpResult,
  type MatchesSummary,
  recordMatchFailure,
  MatchInputSchema,
  MatchResultSchema,
  FullMatchInputSchema,
  FullMatchResultSchema,
  RecordMatchFailureInputSchema,
  type MatchInput,
  type MatchResult,
  type FullMatchResult,
  type MatchDependencies,
} from './match-step';
