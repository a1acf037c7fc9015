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

/** A level seen at fewer blocked pairs than this keeps the starting model's m. */
export const MIN_LEVEL_PAIRS = 10;

export interface TrainingInput {
  /** pattern_counts.sql rows: per blocking rule rank, plus the random sample (rank 9). */
  ruleRows: readonly PatternCountRow[];
  /** pair_pattern_counts.sql rows: the blocked pairs, each once (for the prior). */
  pairRows: readonly Omit<PatternCountRow, 'rule_rank'>[];
  /** The model EM starts from (m) and whose settings carry over. */
  start: MatchModel;
  listings: number;
  /** Listings showing a phone (the deterministic rule behind the prior can only see those). */
  listingsWithPhone: number;
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
 * phone), the sessions' m averaged per comparison; fixed comparisons (seller_type) keep their hand-set m, and a level
 * the sessions saw fewer than MIN_LEVEL_PAIRS pairs at keeps the starting m (EM has nothing to go on there).
 * The prior, as Splink estimates it from a deterministic rule: pairs with the same phone and at least the same
 * given name are matches; that rule finds a share m(phone)·m(name ≥ given)·(listings with a phone / listings) of all
 * matches, so matches ≈ its pairs / that share. (EM's own λ over blocked pairs overstates it: a car_place pair
 * agrees on model, year and province together, which the independence assumption reads as a match.)
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
  const levelPairs: Record<string, Record<number, number>> = {};
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
      const seen = (levelPairs[name] ??= {});
      for (const pattern of patterns) seen[pattern.levels[name]] = (seen[pattern.levels[name]] ?? 0) + pattern.count;
      sessionsPerComparison[name] = (sessionsPerComparison[name] ?? 0) + 1;
      const target = (sums[name] ??= {});
      for (const [level, value] of Object.entries(result.m[name] ?? {})) target[Number(level)] = (target[Number(level)] ?? 0) + value;
    }
  }
  const m: LevelProbabilities = {};
  const keptStart: string[] = [];
  for (const name of COMPARISON_NAMES) {
    const count = sessionsPerComparison[name] ?? 0;
    const fixedM = COMPARISONS.find((c) => c.name === name)?.fixedM;
    if (fixedM) m[name] = { ...fixedM };
    else if (count > 0) {
      const averaged: Record<number, number> = Object.fromEntries(Object.entries(sums[name] ?? {}).map(([level, sum]) => [level, sum / count]));
      const thin = levelsOf(name).filter((level) => (levelPairs[name]?.[level] ?? 0) < MIN_LEVEL_PAIRS);
      const keptMass = thin.reduce((sum, level) => sum + (start.m[name]?.[level] ?? 0), 0);
      const restMass = levelsOf(name).filter((level) => !thin.includes(level)).reduce((sum, level) => sum + (averaged[level] ?? 0), 0);
      for (const level of levelsOf(name)) {
        if (thin.includes(level)) {
          averaged[level] = start.m[name]?.[level] ?? 0;
          keptStart.push(`${name}:${level}`);
        } else if (restMass > 0) averaged[level] = ((averaged[level] ?? 0) / restMass) * (1 - keptMass);
      }
      m[name] = averaged;
    } else m[name] = { ...(start.m[name] ?? {}) };
  }

  const blockedPairs = input.pairRows.reduce((sum, row) => sum + Number(row.pair_count), 0);
  const phoneRank = BLOCKING_RULES.find((rule) => rule.name === 'phone')?.rank;
  const deterministicPairs = (byRank.get(phoneRank ?? -1) ?? [])
    .filter((p) => p.levels.phone === 2 && p.levels.name >= 2)
    .reduce((sum, p) => sum + p.count, 0);
  const nameAtLeastGiven = [2, 3, 4].reduce((sum, level) => sum + (m.name?.[level] ?? 0), 0);
  const ruleRecall = (m.phone?.[2] ?? 0) * nameAtLeastGiven * (input.listings > 0 ? input.listingsWithPhone / input.listings : 0);
  const expectedMatches = deterministicPairs > 0 && ruleRecall > 0 ? deterministicPairs / ruleRecall : null;
  const matchesPerListing = expectedMatches !== null && input.listings > 0
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
      expected_matches: expectedMatches === null ? null : Math.round(expectedMatches * 10) / 10,
      prior_from: expectedMatches === null ? 'the starting model (no pair with the same phone and given name)' : 'same phone and given name, divided by that rule\'s recall',
      deterministic_pairs: deterministicPairs,
      levels_kept_from_start: keptStart,
      sessions,
    },
  });
  return { model, sessions };
}
