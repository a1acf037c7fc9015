import type { ComparisonName } from './comparisons';

/** One distinct comparison vector and how many pairs show it (a row of the pattern-count table). */
export interface PatternCount {
  levels: Readonly<Record<ComparisonName, number>>;
  count: number;
}

/** Probabilities per level of each comparison: m (or u)[comparison][level]. */
export type LevelProbabilities = Record<string, Record<number, number>>;

export interface EmOptions {
  /** The comparisons whose m is estimated. */
  estimate: readonly ComparisonName[];
  /**
   * The comparisons the E-step uses (default: `estimate`). Those a training session blocked on are left out, as
   * Splink does; fitting only λ with a finished model uses them all and estimates none.
   */
  use?: readonly ComparisonName[];
  /** u per level: fixed (from random pairs), as Splink fixes u by default. */
  u: LevelProbabilities;
  /** Starting m per level (for the estimated comparisons). */
  mStart: LevelProbabilities;
  /** Starting share of matches among the patterns' pairs. */
  lambdaStart: number;
  maxIterations?: number;
  /** Stop when no m and not λ moves by more than this (default 1e-7). */
  tolerance?: number;
  /** Floor for an m (a level never seen among matches still gets a finite weight). Default 1e-6. */
  mFloor?: number;
}

export interface EmResult {
  m: LevelProbabilities;
  lambda: number;
  iterations: number;
  converged: boolean;
}

/**
 * Expectation–maximisation for the Fellegi–Sunter model over a pattern-count table (not over pairs: the table has
 * at most a few hundred rows however many pairs there are, so this runs anywhere, a Lambda included).
 * E-step: each pattern's probability of being a match, λ·Πm / (λ·Πm + (1−λ)·Πu) over the estimated comparisons
 * (a missing level, -1, contributes nothing). M-step: λ = matched share; m[c][ℓ] = matched pairs at ℓ / matched
 * pairs with c known.
 */
export function expectationMaximisation(patterns: readonly PatternCount[], options: EmOptions): EmResult {
  const maxIterations = options.maxIterations ?? 200;
  const tolerance = options.tolerance ?? 1e-7;
  const mFloor = options.mFloor ?? 1e-6;
  const use = options.use ?? options.estimate;
  let m: LevelProbabilities = cloneProbabilities(options.mStart, [...new Set([...use, ...options.estimate])]);
  let lambda = options.lambdaStart;
  const total = patterns.reduce((sum, p) => sum + p.count, 0);
  if (total === 0) return { m, lambda, iterations: 0, converged: false };

  for (let iteration = 1; iteration <= maxIterations; iteration++) {
    let matched = 0;
    const levelMatched: Record<string, Record<number, number>> = {};
    const knownMatched: Record<string, number> = {};
    for (const name of options.estimate) {
      levelMatched[name] = {};
      knownMatched[name] = 0;
    }
    for (const pattern of patterns) {
      let pm = lambda;
      let pu = 1 - lambda;
      for (const name of use) {
        const level = pattern.levels[name];
        if (level === -1) continue;
        pm *= m[name]?.[level] ?? mFloor;
        pu *= options.u[name]?.[level] ?? mFloor;
      }
      const share = pm + pu > 0 ? pm / (pm + pu) : 0;
      const weighted = share * pattern.count;
      matched += weighted;
      for (const name of options.estimate) {
        const level = pattern.levels[name];
        if (level === -1) continue;
        const byLevel = levelMatched[name] as Record<number, number>;
        byLevel[level] = (byLevel[level] ?? 0) + weighted;
        knownMatched[name] = (knownMatched[name] ?? 0) + weighted;
      }
    }
    const nextLambda = matched / total;
    const nextM: LevelProbabilities = { ...m };
    let change = Math.abs(nextLambda - lambda);
    for (const name of options.estimate) {
      const known = knownMatched[name] ?? 0;
      const levels = Object.keys(m[name] ?? {}).map(Number);
      const next: Record<number, number> = {};
      for (const level of levels) {
        const value = known > 0 ? Math.max(((levelMatched[name] as Record<number, number>)[level] ?? 0) / known, mFloor) : (m[name]?.[level] ?? mFloor);
        next[level] = value;
        change = Math.max(change, Math.abs(value - (m[name]?.[level] ?? 0)));
      }
      nextM[name] = next;
    }
    m = nextM;
    lambda = nextLambda;
    if (change < tolerance) return { m, lambda, iterations: iteration, converged: true };
  }
  return { m, lambda, iterations: maxIterations, converged: false };
}

/** u per level from the random pairs' pattern counts: share of the comparison's known pairs at each level. */
export function uFromRandomPairs(
  patterns: readonly PatternCount[],
  levelsOf: (name: ComparisonName) => readonly number[],
  names: readonly ComparisonName[],
): { u: LevelProbabilities; pairs: number } {
  const u: LevelProbabilities = {};
  let pairs = 0;
  for (const pattern of patterns) pairs += pattern.count;
  for (const name of names) {
    const levels = levelsOf(name);
    const counts: Record<number, number> = {};
    let known = 0;
    for (const pattern of patterns) {
      const level = pattern.levels[name];
      if (level === -1) continue;
      counts[level] = (counts[level] ?? 0) + pattern.count;
      known += pattern.count;
    }
    // Half a pair for a level the sample never saw (two random people rarely share a phone), so u stays > 0
    // and the level's weight finite and large, as it should be.
    const smoothedTotal = known + 0.5 * levels.filter((level) => !counts[level]).length;
    const byLevel: Record<number, number> = {};
    for (const level of levels) byLevel[level] = smoothedTotal > 0 ? (counts[level] || 0.5) / smoothedTotal : 1 / levels.length;
    u[name] = byLevel;
  }
  return { u, pairs };
}

function cloneProbabilities(source: LevelProbabilities, names: readonly ComparisonName[]): LevelProbabilities {
  const out: LevelProbabilities = {};
  for (const name of names) out[name] = { ...(source[name] ?? {}) };
  return out;
}
