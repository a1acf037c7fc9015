import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { scanSql } from './named-params';
import { fillSqlTemplate, SqlIdentifierError } from './sql-identifier';

/**
 * The warehouse's SQL, kept as .sql files by layer (staging/, core/, ops/), one dialect's own statements under
 * redshift/ and postgres/, and DDL per dialect under ddl/<dialect>/. Statements use `:name` placeholders; a file
 * may hold several statements separated by `;`, which the warehouse adapters run in order inside the caller's
 * transaction. What cannot be a placeholder (COPY's table and columns) is a `{{name}}` marker: loadSqlTemplate.
 */
export const SQL_NAMES = [
  'ops/upsert_batch_staged',
  'ops/mark_batch_failed',
  'ops/mark_customers_loaded',
  'ops/mark_listings_loaded',
  'ops/lock_load',
  'ops/batch_summary',
  'ops/warehouse_totals',
  'ops/identity_conflicts_open',
  // A data subject's deletion request (docs/runbook.md): what would go, then the erasure, by customer_key.
  'ops/forget_person_counts',
  'ops/forget_person_batches',
  'ops/forget_person',
  'staging/delete_stg_customer_vehicles_batch',
  'staging/delete_stg_listings_batch',
  'core/merge_customer_vehicles',
  'core/merge_listings',
  'core/merge_listing_prices',
  'redshift/copy_from_manifest',
  'redshift/load_errors',
  'postgres/analyze_table',
  'postgres/copy_csv_from_stdin',
  'postgres/copy_csv_from_blob',
  // Market history and marts, rebuilt by the report's RefreshMarts (shared/steps/marts), in this order.
  'core/listing_price_history',
  'core/listing_status',
  'marts/resale_value',
  'marts/market_preference',
  'marts/price_drops',
  'marts/leads',
  'marts/prospects',
  'marts/pending_loads',
  'marts/mart_row_counts',
  // The workbook's reads (shared/steps/export): keyset pages of the marts, data quality, chart data.
  'export/leads_page',
  'export/review_page',
  'export/prospects_page',
  'export/market_by_model_page',
  'export/resale_by_age_page',
  'export/price_drops_page',
  'export/batches_page',
  'export/last_scrape_per_site',
  'export/chart_median_price_by_age',
  'export/chart_listings_by_province',
  'export/chart_days_on_market',
  // Matching (issue 7): read through loadMatchSql (shared/sql/match/load-match-sql.ts), listed here as every file is.
  'match/scope_full',
  'match/scope_listings_batch',
  'match/scope_customers_batch',
  'match/scope_listing',
  'match/block_phone',
  'match/block_name_key_make',
  'match/block_given_name_model',
  'match/block_car_place',
  'match/sample_random_pairs',
  'match/compare_pairs',
  'match/pattern_counts',
  'match/refresh_given_name_tf',
  'match/customer_statistics_rows',
  'match/refresh_block_sizes',
  'match/score_pairs',
  'match/decide',
  'match/apply_decisions',
  'match/block_stats',
  'match/run_counts',
  'match/band_counts',
  'match/delete_run_work',
  'match/start_run',
  'match/finish_run',
  'match/active_model',
  'match/save_model',
  'match/delete_model_levels',
  'match/insert_model_level',
  'match/warehouse_size',
  'match/record_batch_match',
  'match/explain_candidates',
  'match/run_decisions',
  'match/current_listing_match',
  'match/listing_facts',
  'match/pair_pattern_counts',
  'match/apply_counts',
  'match/pending_batches',
  'match/full_runs',
  'match/analyze_run_listings',
  'match/analyze_blocks',
  'match/analyze_candidates',
  'match/analyze_pairs',
  'match/analyze_scores',
  'match/analyze_core_customer_vehicles',
  'match/analyze_core_listings',
  'match/analyze_listing_matches',
  'match/current_matches_by_band',
  'match/top_leads',
] as const;
export type SqlName = (typeof SQL_NAMES)[number];

export type SqlDialect = 'postgres' | 'redshift';

export interface DdlFile {
  /** File name, e.g. `002_ops_batches.sql`; files run in name order. */
  name: string;
  sql: string;
}

/**
 * Where the .sql files are: XECU_SQL_DIR when set; else `${LAMBDA_TASK_ROOT}/shared/sql` when it exists (the
 * Lambda package copies them there, since a bundle has no source tree); else next to this module.
 */
export function sqlRoot(): string {
  const override = process.env.XECU_SQL_DIR;
  if (override) return override;
  const taskRoot = process.env.LAMBDA_TASK_ROOT;
  if (taskRoot) {
    const packaged = join(taskRoot, 'shared', 'sql');
    if (existsSync(packaged)) return packaged;
  }
  return __dirname;
}

const cache = new Map<string, string>();

/** The text of one statement file, read once per process. */
export function loadSql(name: SqlName): string {
  const path = join(sqlRoot(), `${name}.sql`);
  const cached = cache.get(path);
  if (cached !== undefined) return cached;
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw new Error(`SQL file ${name}.sql not found under ${sqlRoot()} (set XECU_SQL_DIR?)`, { cause: error });
  }
  cache.set(path, text);
  return text;
}

/**
 * A one-statement template file with its `{{name}}` markers filled in (fillSqlTemplate: identifiers validated,
 * booleans as keywords), as the text of that one statement. Throws SqlIdentifierError for a bad value or marker.
 */
export function loadSqlTemplate(name: SqlName, values: Readonly<Record<string, string | boolean>>): string {
  const statements = scanSql(fillSqlTemplate(loadSql(name), values)).statements;
  const [only] = statements;
  if (!only || statements.length > 1) throw new SqlIdentifierError(`${name}.sql must hold exactly one statement`);
  return only.text;
}

/** The DDL files of a dialect, in the order they must run. Each file is idempotent. */
export function ddlFiles(dialect: SqlDialect): DdlFile[] {
  const dir = join(sqlRoot(), 'ddl', dialect);
  return readdirSync(dir)
    .filter((file) => file.endsWith('.sql'))
    .sort()
    .map((file) => ({ name: file, sql: readFileSync(join(dir, file), 'utf8') }));
}

export {
  scanSql,
  splitSqlStatements,
  namedParams,
  checkNamedParams,
  rewriteNamedParams,
  toPositionalParams,
  SqlParameterError,
  type NamedParamUse,
  type SqlScan,
} from './named-params';
export { assertTableName, assertColumnName, columnList, fillSqlTemplate, SqlIdentifierError } from './sql-identifier';
