import { BLOCKING_RULES, COMPARISONS, COMPARISON_NAMES, RANDOM_SAMPLE_RANK, type ComparisonName } from './comparisons';
import { expectationMaximisation, uFromRandomPairs, type LevelProbabilities, type PatternCount } from './expectation-maximisation';
import { buildModel, modelProbabilities, type MatchModel } from './match-model';

/** A row of shared/sql/match/pattern_counts.sql. */
export interface PatternCountRow {
  rule_rank: number | string;
  phone_level: number | string;
  name_level: number | string;
  model_level: number | string;
  year_level: number | string;
  province_level: number | string;
  seller_type_level: number | string;
  pair_count: number | string;
}

export function toPatternCount(row: Omit<PatternCountRow, 'rule_rank'>): PatternCount {
  const levels = {} as Record<ComparisonName, number>;
  for (const name of COMPARISON_NAMES) levels[name] = Number(row[`${name}_level`]);
  return { levels, count: Number(row.pair_count) };
}

export interface TrainingInput {
  /** pattern_counts.sql rows: per blocking rule rank, plus the random sample (rank 9). */
  ruleRows: readonly PatternCountRow[];
  /** pair_pattern_counts.sql rows: the blocked pairs, each once (for the prior). */
  pairRows: readonly Omit<PatternCountRow, 'rule_rank'>[];
  /** The model EM starts from (m) and whose settings carry over. */
  start: MatchModel;
  listings: number;
  vehicles: number;
  modelVersion: string;
  trainedAt: string;
}

export interface TrainingSession {
  blockingRule: string;
  pairs: number;
  estimated: ComparisonName[];
  iterations: number;
  converged: boolean;
  lambda: number;
}

/**
 * Trains the model as Splink does: u from the random pairs; m by EM once per blocking rule, each session estimating
 * only the comparisons its rule does not block on (a rule on phone says nothing about how often matches share a
 * phone), the sessions' m averaged per comparison; fixed comparisons (seller_type) keep their hand-set m. Then the
 * share of matches among all blocked pairs (EM with m and u fixed) sets the prior: expected matches / listings.
 */
export function trainModel(input: TrainingInput): { model: MatchModel; sessions: TrainingSession[] } {
  const byRank = new Map<number, PatternCount[]>();
  for (const row of input.ruleRows) {
    const rank = Number(row.rule_rank);
    byRank.set(rank, [...(byRank.get(rank) ?? []), toPatternCount(row)]);
  }
  const levelsOf = (name: ComparisonName): number[] => (COMPARISONS.find((c) => c.name === name)?.levels ?? []).map((l) => l.level);
  const start = modelProbabilities(input.start);
  const random = byRank.get(RANDOM_SAMPLE_RANK) ?? [];
  const { u: sampledU, pairs: randomPairs } = uFromRandomPairs(random, levelsOf, COMPARISON_NAMES);
  const u: LevelProbabilities = randomPairs > 0 ? sampledU : start.u;

  const fixed = COMPARISONS.filter((c) => c.fixedM).map((c) => c.name);
  const sums: Record<string, Record<number, number>> = {};
  const sessionsPerComparison: Record<string, number> = {};
  const sessions: TrainingSession[] = [];
  for (const rule of BLOCKING_RULES) {
    const patterns = byRank.get(rule.rank) ?? [];
    const pairs = patterns.reduce((sum, p) => sum + p.count, 0);
    const estimate = COMPARISON_NAMES.filter((name) => !fixed.includes(name) && !(rule.blocksOn as readonly string[]).includes(name));
    if (pairs < 20 || estimate.length === 0) {
      sessions.push({ blockingRule: rule.name, pairs, estimated: [], iterations: 0, converged: false, lambda: 0 });
      continue;
    }
    const result = expectationMaximisation(patterns, { estimate, u, mStart: start.m, lambdaStart: 0.3 });
    sessions.push({ blockingRule: rule.name, pairs, estimated: estimate, iterations: result.iterations, converged: result.converged, lambda: result.lambda });
    for (const name of estimate) {
      sessionsPerComparison[name] = (sessionsPerComparison[name] ?? 0) + 1;
      const target = (sums[name] ??= {});
      for (const [level, value] of Object.entries(result.m[name] ?? {})) target[Number(level)] = (target[Number(level)] ?? 0) + value;
    }
  }
  const m: LevelProbabilities = {};
  for (const name of COMPARISON_NAMES) {
    const count = sessionsPerComparison[name] ?? 0;
    const fixedM = COMPARISONS.find((c) => c.name === name)?.fixedM;
    if (fixedM) m[name] = { ...fixedM };
    else if (count > 0) m[name] = Object.fromEntries(Object.entries(sums[name] ?? {}).map(([level, sum]) => [level, sum / count]));
    else m[name] = { ...(start.m[name] ?? {}) };
  }

  const blocked = input.pairRows.map(toPatternCount);
  const blockedPairs = blocked.reduce((sum, p) => sum + p.count, 0);
  const priorFit = expectationMaximisation(blocked, { estimate: [], use: COMPARISON_NAMES, u, mStart: m, lambdaStart: 0.1 });
  const expectedMatches = priorFit.lambda * blockedPairs;
  const matchesPerListing = input.listings > 0 && blockedPairs > 0
    ? Math.min(Math.max(expectedMatches / input.listings, 0.0001), 1)
    : input.start.prior.matches_per_listing;

  const model = buildModel({
    modelVersion: input.modelVersion,
    trainedAt: input.trainedAt,
    description: `Trained by EM on ${blockedPairs} blocked pairs and ${randomPairs} random pairs (${input.listings} listings, ${input.vehicles} customer vehicles).`,
    matchesPerListing,
    m,
    u,
    fixed,
    thresholds: input.start.thresholds,
    termFrequencyMinimum: input.start.term_frequency.minimum,
    training: {
      started_from: input.start.model_version,
      listings: input.listings,
      vehicles: input.vehicles,
      random_pairs: randomPairs,
      blocked_pairs: blockedPairs,
      expected_matches: Math.round(expectedMatches * 10) / 10,
      sessions,
    },
  });
  return { model, sessions };
}
