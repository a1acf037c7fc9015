import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { sqlRoot } from '../index';

/** The matching engine's statement files under shared/sql/match/ (one model per file, as in shared/sql). */
export const MATCH_SQL_NAMES = [
  'scope_full',
  'scope_listings_batch',
  'scope_customers_batch',
  'scope_listing',
  'block_phone',
  'block_name_key_make',
  'block_given_name_model',
  'block_car_place',
  'sample_random_pairs',
  'compare_pairs',
  'pattern_counts',
  'refresh_given_name_tf',
  'customer_statistics_rows',
  'refresh_block_sizes',
  'score_pairs',
  'decide',
  'apply_decisions',
  'block_stats',
  'run_counts',
  'band_counts',
  'delete_run_work',
  'start_run',
  'finish_run',
  'active_model',
  'save_model',
  'delete_model_levels',
  'insert_model_level',
  'warehouse_size',
  'record_batch_match',
  'explain_candidates',
  'run_decisions',
  'current_listing_match',
  'listing_facts',
  'pair_pattern_counts',
  'apply_counts',
  'pending_batches',
  'full_runs',
  'analyze_run_listings',
  'analyze_blocks',
  'analyze_candidates',
  'analyze_pairs',
  'analyze_scores',
  'analyze_core_customer_vehicles',
  'analyze_core_listings',
  'analyze_listing_matches',
  'current_matches_by_band',
  'top_leads',
] as const;
export type MatchSqlName = (typeof MATCH_SQL_NAMES)[number];

const cache = new Map<string, string>();

/** The text of shared/sql/match/<name>.sql (read once per process; sqlRoot() finds it in a Lambda package too). */
export function loadMatchSql(name: MatchSqlName): string {
  const path = join(sqlRoot(), 'match', `${name}.sql`);
  const cached = cache.get(path);
  if (cached !== undefined) return cached;
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw new Error(`SQL file match/${name}.sql not found under ${sqlRoot()} (set XECU_SQL_DIR?)`, { cause: error });
  }
  cache.set(path, text);
  return text;
}
