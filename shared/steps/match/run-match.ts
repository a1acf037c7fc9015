import { randomBytes } from 'node:crypto';
import { silentLog, type Log } from '../../ports/log';
import type { SqlValue, Warehouse } from '../../ports/warehouse';
import { namedParams, splitSqlStatements } from '../../sql';
import { loadMatchSql, type MatchSqlName } from '../../sql/match/load-match-sql';
import { BLOCKING_RULES } from './comparisons';
import { defaultMatchModel, parseMatchModel, priorWeight, type MatchModel } from './match-model';
import { MatchSqlRunner, toCount } from './match-sql-runner';
import { trainModel, type PatternCountRow, type TrainingSession } from './train-model';

/**
 * full: every listing against every customer vehicle. listings-batch: the listings a loaded batch touched, against
 * all customers. customers-batch: the active listings a loaded customer batch could pair with (and those matched to
 * its vehicles), against all customers. listing: one listing (xecu explain).
 */
export type MatchMode = 'full' | 'listings-batch' | 'customers-batch' | 'listing';

export interface MatchSettings {
  /** A block (one listing, one rule) holding more vehicles than this yields no candidates; it is counted. */
  blockCap: number;
  /** customers-batch mode: a listing is active when seen in the last N days. */
  activeDays: number;
  /** Training: random pairs for u = randomListings × randomVehicles. */
  randomListings: number;
  randomVehicles: number;
  /** Training: seed of the random sample (same seed + data, same sample). */
  seed: string;
}

export const DEFAULT_MATCH_SETTINGS: MatchSettings = {
  blockCap: 50,
  activeDays: 60,
  randomListings: 600,
  randomVehicles: 600,
  seed: 'xecu',
};

export interface RunMatchOptions {
  warehouse: Warehouse;
  mode: MatchMode;
  /** Train a new model (EM) on this run's pairs first, store it (match.models) and score with it. */
  train?: boolean;
  /** The loaded batch (listings-batch, customers-batch). */
  batchId?: string;
  /** The listing (mode 'listing'). */
  listing?: { source: string; listingId: string };
  /** Write decisions into marts.listing_matches (default true; explain passes false). */
  apply?: boolean;
  /** Keep the run's work rows (explain reads match.scores, then calls deleteRunWork). Default false. */
  keepWork?: boolean;
  now?: Date;
  log?: Log;
  settings?: Partial<MatchSettings>;
}

export interface BlockingRuleCount {
  blockingRule: string;
  pairs: number;
  cappedListings: number;
  cappedPairs: number;
}

export interface MatchRunResult {
  runId: string;
  mode: MatchMode;
  batchId: string | null;
  modelVersion: string;
  trained: boolean;
  listingsInScope: number;
  pairs: number;
  blockingRules: BlockingRuleCount[];
  /** Decisions per source and band ('none' = the best candidate is below review). */
  bands: { source: string; band: string; listings: number }[];
  /** Mart rows closed (replaced or withdrawn) and opened; both 0 when nothing changed (or apply was false). */
  closed: number;
  opened: number;
  /** Milliseconds per phase, in order. */
  timings: Record<string, number>;
  training?: { sessions: TrainingSession[]; model: MatchModel };
}

/** A match run asked for with what its mode needs missing (a caller bug: not retried). */
export class MatchRunError extends Error {
  override readonly name = 'MatchRunError';
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
  }
}

/**
 * Refreshes a table's planner statistics. PostgreSQL needs it (see analyze_*.sql); on Redshift only a table's owner
 * may ANALYZE and its automatic analyze keeps statistics anyway, so a refusal there is logged and the run goes on.
 */
async function analyze(sql: MatchSqlRunner, name: MatchSqlName, log: Log): Promise<void> {
  try {
    await sql.query(name);
  } catch (error) {
    if ((error as Error).name !== 'WarehouseError') throw error;
    log.warn('match: statistics not refreshed', { statement: name, error: (error as Error).message.slice(0, 300) });
  }
}

/** The parameters one statement uses (a block file's two statements use different ones). */
function pick(sql: string, params: Readonly<Record<string, SqlValue>>): Record<string, SqlValue> {
  const used = new Set(namedParams(sql));
  return Object.fromEntries(Object.entries(params).filter(([key]) => used.has(key)));
}

function newRunId(now: Date): string {
  return `m_${now.toISOString().replace(/[-:.TZ]/g, '').slice(0, 17)}_${randomBytes(6).toString('hex')}`;
}

/** Timestamps as the warehouse stores them: UTC, no zone. */
function sqlTimestamp(date: Date): string {
  return date.toISOString().replace('T', ' ').replace('Z', '');
}

/** The active trained model, else the repo's reviewed default. */
export async function activeModel(sql: MatchSqlRunner): Promise<MatchModel> {
  const rows = await sql.query<{ model_json: string }>('active_model');
  const stored = rows[0]?.model_json;
  return stored ? parseMatchModel(stored) : defaultMatchModel();
}

/** Writes the model's level weights and the prior for this warehouse's size (one transaction). */
export async function writeModelLevels(sql: MatchSqlRunner, model: MatchModel, vehicles: number): Promise<number> {
  const prior = priorWeight(model, vehicles);
  const version = model.model_version;
  const rows: { comparison: string; level: number; label: string; m: number | null; u: number | null; weight: number }[] = [
    { comparison: 'prior', level: 0, label: `prior λ = ${prior.lambda.toExponential(3)}`, m: null, u: null, weight: prior.weight },
    ...model.comparisons.flatMap((c) => c.levels.map((l) => ({ comparison: c.name, level: l.level, label: l.label, m: l.m, u: l.u, weight: l.weight }))),
  ];
  await sql.transaction([
    { name: 'delete_model_levels', params: { model_version: version } },
    ...rows.map((row) => ({
      name: 'insert_model_level' as const,
      params: {
        model_version: version,
        comparison: row.comparison,
        level: row.level,
        label: row.label,
        m_probability: row.m,
        u_probability: row.u,
        weight: row.weight,
      },
    })),
  ]);
  return prior.weight;
}

/**
 * Runs one match: scope → blocking (each rule's pairs counted, big blocks capped) → comparison vectors →
 * [training: random pairs, pattern counts, EM, model stored] → scores → one decision per listing → the mart with
 * history. Idempotent: the same data and model leave marts.listing_matches as it was.
 */
export async function runMatch(options: RunMatchOptions): Promise<MatchRunResult> {
  const settings: MatchSettings = { ...DEFAULT_MATCH_SETTINGS, ...options.settings };
  const log = options.log ?? silentLog;
  const sql = new MatchSqlRunner(options.warehouse);
  const now = options.now ?? new Date();
  const runId = newRunId(now);
  const nowText = sqlTimestamp(now);
  const timings: Record<string, number> = {};
  let phaseStart = Date.now();
  const phase = (name: string): void => {
    const end = Date.now();
    timings[name] = (timings[name] ?? 0) + (end - phaseStart);
    phaseStart = end;
  };
  if ((options.mode === 'listings-batch' || options.mode === 'customers-batch') && !options.batchId) {
    throw new MatchRunError(`match mode ${options.mode} needs a batchId`);
  }
  if (options.mode === 'listing' && !options.listing) throw new MatchRunError('match mode listing needs the listing');

  // Statistics of the core tables the run's scope depends on: a listings batch changed core.listings only, a customer
  // batch core.customer_vehicles only (ANALYZE samples a fixed number of rows: ~0.4 s a table at a million rows).
  if (options.mode !== 'customers-batch') await analyze(sql, 'analyze_core_listings', log);
  if (options.mode !== 'listings-batch') await analyze(sql, 'analyze_core_customer_vehicles', log);
  let model = await activeModel(sql);
  const size = (await sql.query<{ listings: unknown; listings_with_phone: unknown; vehicles: unknown }>('warehouse_size'))[0];
  const listings = toCount(size?.listings);
  const listingsWithPhone = toCount(size?.listings_with_phone);
  const vehicles = toCount(size?.vehicles);
  phase('model');

  // Name frequencies and block sizes describe the customers: rebuilt when they may have changed (a full run, a
  // customer batch), on training, and when never built. A listings batch reads them as they are.
  const built = (await sql.query<{ names: unknown; block_keys: unknown }>('customer_statistics_rows'))[0];
  const neverBuilt = toCount(built?.names) === 0 || toCount(built?.block_keys) === 0;
  if (options.mode === 'full' || options.mode === 'customers-batch' || options.train || neverBuilt) {
    await sql.query('refresh_given_name_tf');
    await sql.query('refresh_block_sizes');
  }
  phase('term_frequencies');

  const params: Record<string, SqlValue> = {
    run_id: runId,
    now: nowText,
    batch_id: options.batchId ?? null,
    block_cap: settings.blockCap,
    active_since: sqlTimestamp(new Date(now.getTime() - settings.activeDays * 86_400_000)),
    source: options.listing?.source ?? null,
    listing_id: options.listing?.listingId ?? null,
    seed: settings.seed,
    listing_sample: settings.randomListings,
    vehicle_sample: settings.randomVehicles,
  };
  await sql.query('start_run', { ...params, mode: options.mode, model_version: model.model_version });
  let training: MatchRunResult['training'];
  try {
    const scope: Record<MatchMode, MatchSqlName> = {
      full: 'scope_full',
      'listings-batch': 'scope_listings_batch',
      'customers-batch': 'scope_customers_batch',
      listing: 'scope_listing',
    };
    await sql.query(scope[options.mode], params);
    await analyze(sql, 'analyze_run_listings', log);
    phase('scope');

    // Each rule: its blocks (sizes) first, then the candidates of the blocks under the cap, statistics after each
    // (the next rule's candidates are checked against this run's earlier ones for first_rule: with stale statistics
    // PostgreSQL took this run's candidates for one row and compared them in a nested loop).
    for (const rule of BLOCKING_RULES.filter((r) => r.predicts || options.train)) {
      const [blocks, candidates] = splitSqlStatements(loadMatchSql(rule.sql));
      await options.warehouse.query(blocks as string, pick(blocks as string, params));
      await analyze(sql, 'analyze_blocks', log);
      await options.warehouse.query(candidates as string, pick(candidates as string, params));
      await analyze(sql, 'analyze_candidates', log);
    }
    if (options.train) {
      await sql.query('sample_random_pairs', params);
      await analyze(sql, 'analyze_candidates', log);
    }
    phase('blocking');

    await sql.query('compare_pairs', params);
    await analyze(sql, 'analyze_pairs', log);
    phase('comparison_vectors');

    if (options.train) {
      const ruleRows = await sql.query<PatternCountRow & Record<string, unknown>>('pattern_counts', params);
      const pairRows = await sql.query<Omit<PatternCountRow, 'rule_rank'> & Record<string, unknown>>('pair_pattern_counts', params);
      const trainedAt = now.toISOString();
      const trained = trainModel({
        ruleRows,
        pairRows,
        start: model,
        listings,
        listingsWithPhone,
        vehicles,
        modelVersion: `trained-${trainedAt.replace(/[-:]/g, '').slice(0, 15)}`,
        trainedAt,
      });
      model = trained.model;
      await sql.transaction([
        { name: 'save_model', params: { model_version: model.model_version, trained_at: sqlTimestamp(now), model_json: JSON.stringify(model) } },
      ]);
      training = { sessions: trained.sessions, model };
      log.info('match model trained', { runId, modelVersion: model.model_version, sessions: trained.sessions });
      phase('training');
    }

    await writeModelLevels(sql, model, vehicles);
    const scoring = {
      ...params,
      model_version: model.model_version,
      tf_minimum: model.term_frequency.minimum,
      lead_min_probability: model.thresholds.lead_min_probability,
      review_min_probability: model.thresholds.review_min_probability,
    };
    await sql.query('score_pairs', scoring);
    await analyze(sql, 'analyze_scores', log);
    phase('scoring');
    await sql.query('decide', scoring);
    await analyze(sql, 'analyze_listing_matches', log);
    phase('decision');

    let closed = 0;
    let opened = 0;
    if (options.apply ?? true) {
      await sql.transaction([{ name: 'apply_decisions', params }]);
      const counts = (await sql.query<{ closed: unknown; opened: unknown }>('apply_counts', params))[0];
      closed = toCount(counts?.closed);
      opened = toCount(counts?.opened);
      phase('apply');
    }

    const blockingRules = (await sql.query<{ blocking_rule: string; pairs: unknown; capped_listings: unknown; capped_pairs: unknown }>('block_stats', params)).map(
      (row) => ({ blockingRule: row.blocking_rule, pairs: toCount(row.pairs), cappedListings: toCount(row.capped_listings), cappedPairs: toCount(row.capped_pairs) }),
    );
    const counts = (await sql.query<{ listings: unknown; pairs: unknown }>('run_counts', params))[0];
    const bands = (await sql.query<{ source: string; band: string; listings: unknown }>('band_counts', params)).map((row) => ({
      source: row.source,
      band: row.band,
      listings: toCount(row.listings),
    }));
    if (!options.keepWork) await sql.query('delete_run_work', params);
    phase('report');

    const result: MatchRunResult = {
      runId,
      mode: options.mode,
      batchId: options.batchId ?? null,
      modelVersion: model.model_version,
      trained: Boolean(options.train),
      listingsInScope: toCount(counts?.listings),
      pairs: toCount(counts?.pairs),
      blockingRules,
      bands,
      closed,
      opened,
      timings,
      ...(training ? { training } : {}),
    };
    const summary = { ...result, training: training ? { sessions: training.sessions } : undefined };
    await sql.query('finish_run', { run_id: runId, status: 'succeeded', summary_json: JSON.stringify(summary).slice(0, 60000), now: sqlTimestamp(new Date()) });
    log.info('match run finished', { runId, mode: options.mode, pairs: result.pairs, bands, closed, opened, timings });
    return result;
  } catch (error) {
    log.error('match run failed', { runId, mode: options.mode, error: (error as Error).message });
    try {
      await sql.query('delete_run_work', params);
      await sql.query('finish_run', { run_id: runId, status: 'failed', summary_json: JSON.stringify({ error: (error as Error).message }).slice(0, 60000), now: sqlTimestamp(new Date()) });
    } catch (cleanupError) {
      log.warn('match run cleanup failed', { runId, error: (cleanupError as Error).message });
    }
    // Rethrown as it is: its name (TransientError, WarehouseError) is what the state machine's Retry/Catch match.
    throw error;
  }
}

/** Removes the work rows of a run kept with keepWork. */
export async function deleteRunWork(warehouse: Warehouse, runId: string): Promise<void> {
  await new MatchSqlRunner(warehouse).query('delete_run_work', { run_id: runId });
}
