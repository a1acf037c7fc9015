import { z } from 'zod';
import { StatementStateSchema } from '../../contracts/batch';
import { silentLog, type Log } from '../../ports/log';
import type { Warehouse, WarehouseStatement } from '../../ports/warehouse';
import { loadSql, type SqlName } from '../../sql';

/**
 * The market history (core) and the marts, in the order each reads the one before: price changes → listing
 * status → resale value (the market median the others compare with) → the rest.
 */
export const MART_MODELS = [
  'core/listing_price_history',
  'core/listing_status',
  'marts/resale_value',
  'marts/market_preference',
  'marts/price_drops',
  'marts/leads',
  'marts/prospects',
] as const satisfies readonly SqlName[];

/** The models that read marts.listing_matches: refreshed again after a full re-match. */
export const MATCH_MODELS = ['marts/leads', 'marts/prospects'] as const satisfies readonly SqlName[];

/** "Removed" = not seen for this many days while the site was scraped since. Daily crawls that miss a page now
 * and then need a few days of slack; a week keeps a listing that was only out of the crawl for a weekend active. */
export const DEFAULT_REMOVED_AFTER_DAYS = 7;

export const RefreshOptionsSchema = z.object({
  removedAfterDays: z.number().int().min(1).max(365).default(DEFAULT_REMOVED_AFTER_DAYS),
  /** 'all' (default) or only the models that read matches ('matches'), after a re-match. */
  scope: z.enum(['all', 'matches']).default('all'),
  /** Which submission this is: a refresh Redshift aborted for serializable isolation is submitted again. */
  attempt: z.number().int().positive().default(1),
});
export type RefreshOptions = z.input<typeof RefreshOptionsSchema>;

export const RefreshResultSchema = z.object({
  statementId: z.string(),
  state: StatementStateSchema,
  error: z.string().nullable(),
  polls: z.number().int().nonnegative(),
  attempt: z.number().int().positive(),
  scope: z.enum(['all', 'matches']),
  models: z.array(z.string()),
  removedAfterDays: z.number().int(),
});
export type RefreshResult = z.infer<typeof RefreshResultSchema>;

/**
 * Every model's refresh (each a delete + insert) as the statements of ONE transaction: readers see the old marts
 * or the new ones, never a mix, and a failure leaves the old ones in place.
 */
export function refreshStatements(options: RefreshOptions = {}): WarehouseStatement[] {
  const { removedAfterDays, scope } = RefreshOptionsSchema.parse(options);
  return modelsOf(scope).map((name): WarehouseStatement => {
    const sql = loadSql(name);
    return name === 'core/listing_status'
      ? { kind: 'sql', sql, params: { removed_after_days: removedAfterDays } }
      : { kind: 'sql', sql };
  });
}

function modelsOf(scope: 'all' | 'matches'): readonly SqlName[] {
  return scope === 'all' ? MART_MODELS : MATCH_MODELS;
}

/** A FAILED or ABORTED refresh always carries a text (the state machine's Catch reads it as the cause). */
function errorText(state: string, error: string | undefined): string | null {
  if (error) return error;
  return state === 'FAILED' || state === 'ABORTED' ? `marts refresh ${state} without an error text` : null;
}

export interface RefreshDependencies {
  warehouse: Warehouse;
  log?: Log;
}

/**
 * refresh-marts: submit the refresh and return at once with the statement id (Redshift runs it asynchronously;
 * the state machine polls refresh-marts-status). PostgreSQL/PGlite finish inside submit.
 */
export async function refreshMarts(options: RefreshOptions, deps: RefreshDependencies): Promise<RefreshResult> {
  const { removedAfterDays, scope, attempt } = RefreshOptionsSchema.parse(options);
  const status = await deps.warehouse.submit(refreshStatements({ removedAfterDays, scope }));
  (deps.log ?? silentLog).info('marts refresh submitted', { statementId: status.id, state: status.state, removedAfterDays, scope, attempt });
  return {
    statementId: status.id,
    state: status.state,
    error: errorText(status.state, status.error),
    polls: 0,
    attempt,
    scope,
    models: [...modelsOf(scope)],
    removedAfterDays,
  };
}

/** refresh-marts-status: one DescribeStatement of the refresh; the state machine loops until it ends. */
export async function refreshMartsStatus(previous: RefreshResult, deps: RefreshDependencies): Promise<RefreshResult> {
  const status = await deps.warehouse.describe(previous.statementId);
  return { ...previous, state: status.state, error: errorText(status.state, status.error), polls: previous.polls + 1 };
}
