import type { Warehouse } from '../../ports/warehouse';
import { COMPARISON_NAMES, levelLabel, type ComparisonName } from './comparisons';
import { MatchSqlRunner, toCount } from './match-sql-runner';
import { deleteRunWork, runMatch, type MatchSettings } from './run-match';

export interface ExplainedComparison {
  comparison: ComparisonName;
  level: number;
  label: string;
  weight: number;
}

export interface ExplainedCandidate {
  vehicleKey: string;
  customerKey: string;
  customerId: string | null;
  fullName: string | null;
  car: string;
  blockingRule: string;
  comparisons: ExplainedComparison[];
  priorWeight: number;
  tfAdjustment: number;
  matchWeight: number;
  matchProbability: number;
}

export interface ListingExplanation {
  listing: Record<string, unknown> | null;
  modelVersion: string;
  candidates: ExplainedCandidate[];
  /** The decision the same scores lead to (null: no candidate). */
  decision: { customerKey: string; vehicleKey: string; band: string | null; matchWeight: number; matchProbability: number; tiedCustomers: number; why: string | null } | null;
  /** The listing's current row in marts.listing_matches, if any. */
  current: Record<string, unknown> | null;
}

type ScoreRow = Record<string, unknown> & { vehicle_key: string; customer_key: string };

/**
 * xecu explain: matches one listing with the same SQL a run uses (scope = that listing, nothing written to the
 * mart) and returns every candidate's waterfall — prior, each comparison's level and partial weight, the TF
 * adjustment, total weight, probability — straight from match.scores, and the decision decide.sql made.
 */
export async function explainListing(
  warehouse: Warehouse,
  listing: { source: string; listingId: string },
  settings?: Partial<MatchSettings>,
): Promise<ListingExplanation> {
  const sql = new MatchSqlRunner(warehouse);
  const facts = (await sql.query('listing_facts', { source: listing.source, listing_id: listing.listingId }))[0] ?? null;
  const current = (await sql.query('current_listing_match', { source: listing.source, listing_id: listing.listingId }))[0] ?? null;
  if (!facts) return { listing: null, modelVersion: '', candidates: [], decision: null, current };
  const run = await runMatch({ warehouse, mode: 'listing', listing, apply: false, keepWork: true, ...(settings ? { settings } : {}) });
  try {
    const rows = await sql.query<ScoreRow>('explain_candidates', { run_id: run.runId });
    const decisions = await sql.query<Record<string, unknown>>('run_decisions', { run_id: run.runId });
    const decided = decisions[0];
    return {
      listing: facts,
      modelVersion: run.modelVersion,
      candidates: rows.map((row) => ({
        vehicleKey: row.vehicle_key,
        customerKey: row.customer_key,
        customerId: (row.customer_id as string | null) ?? null,
        fullName: (row.full_name as string | null) ?? null,
        car: [row.make, row.model, row.purchase_year, row.province].filter((part) => part !== null && part !== undefined).join(' '),
        blockingRule: String(row.blocking_rule),
        comparisons: COMPARISON_NAMES.map((name) => {
          const level = Number(row[`${name}_level`]);
          return { comparison: name, level, label: levelLabel(name, level), weight: Number(row[`${name}_weight`]) };
        }),
        priorWeight: Number(row.prior_weight),
        tfAdjustment: Number(row.tf_adjustment),
        matchWeight: Number(row.match_weight),
        matchProbability: Number(row.match_probability),
      })),
      decision: decided
        ? {
            customerKey: String(decided.customer_key),
            vehicleKey: String(decided.vehicle_key),
            band: (decided.band as string | null) ?? null,
            matchWeight: Number(decided.match_weight),
            matchProbability: Number(decided.match_probability),
            tiedCustomers: toCount(decided.tied_customers),
            why: (decided.why as string | null) ?? null,
          }
        : null,
      current,
    };
  } finally {
    await deleteRunWork(warehouse, run.runId);
  }
}
