import { COMPARISON_NAMES, COMPARISONS, type ComparisonName } from '../../../shared/steps/match/comparisons';
import { expectationMaximisation, uFromRandomPairs, type PatternCount } from '../../../shared/steps/match/expectation-maximisation';

type Probabilities = Record<string, Record<number, number>>;

/** Every combination of levels of the given comparisons, with the expected count under λ, m and u (no noise). */
function syntheticPatterns(names: readonly ComparisonName[], lambda: number, m: Probabilities, u: Probabilities, pairs: number): PatternCount[] {
  let combos: Record<string, number>[] = [{}];
  for (const name of names) {
    const levels = Object.keys(m[name] ?? {}).map(Number);
    combos = combos.flatMap((combo) => levels.map((level) => ({ ...combo, [name]: level })));
  }
  return combos.map((combo) => {
    let pm = lambda;
    let pu = 1 - lambda;
    for (const name of names) {
      pm *= m[name]?.[combo[name] as number] ?? 0;
      pu *= u[name]?.[combo[name] as number] ?? 0;
    }
    const levels = Object.fromEntries(COMPARISON_NAMES.map((name) => [name, combo[name] ?? -1])) as Record<ComparisonName, number>;
    return { levels, count: pairs * (pm + pu) };
  });
}

const TRUE_M: Probabilities = {
  phone: { 2: 0.7, 1: 0.1, 0: 0.2 },
  name: { 4: 0.5, 3: 0.2, 2: 0.15, 1: 0.05, 0: 0.1 },
  model: { 2: 0.85, 1: 0.1, 0: 0.05 },
  year: { 3: 0.5, 2: 0.35, 1: 0.1, 0: 0.05 },
};
const TRUE_U: Probabilities = {
  phone: { 2: 0.001, 1: 0.001, 0: 0.998 },
  name: { 4: 0.001, 3: 0.01, 2: 0.04, 1: 0.02, 0: 0.929 },
  model: { 2: 0.1, 1: 0.3, 0: 0.6 },
  year: { 3: 0.1, 2: 0.2, 1: 0.3, 0: 0.4 },
};
const FLAT_START: Probabilities = {
  phone: { 2: 0.4, 1: 0.3, 0: 0.3 },
  name: { 4: 0.3, 3: 0.2, 2: 0.2, 1: 0.15, 0: 0.15 },
  model: { 2: 0.5, 1: 0.3, 0: 0.2 },
  year: { 3: 0.4, 2: 0.3, 1: 0.2, 0: 0.1 },
};

describe('expectationMaximisation', () => {
  it('recovers known m and λ from a synthetic pattern-count table, u fixed', () => {
    // Prepare
    const names: ComparisonName[] = ['phone', 'name', 'model', 'year'];
    const patterns = syntheticPatterns(names, 0.05, TRUE_M, TRUE_U, 1_000_000);
    // Act
    const result = expectationMaximisation(patterns, { estimate: names, u: TRUE_U, mStart: FLAT_START, lambdaStart: 0.3, maxIterations: 2000, tolerance: 1e-10 });
    // Assess
    expect(result.converged).toBe(true);
    expect(result.lambda).toBeCloseTo(0.05, 4);
    for (const name of names) {
      for (const [level, m] of Object.entries(TRUE_M[name] ?? {})) expect(result.m[name]?.[Number(level)]).toBeCloseTo(m, 3);
    }
  });

  it('leaves blocked-on comparisons out of the E-step and their m untouched', () => {
    // Prepare: only pairs that agree on model (as a model-blocking rule would give).
    const names: ComparisonName[] = ['phone', 'name', 'model'];
    const patterns = syntheticPatterns(names, 0.05, TRUE_M, TRUE_U, 100_000).filter((p) => p.levels.model === 2);
    // Act
    const result = expectationMaximisation(patterns, { estimate: ['phone', 'name'], u: TRUE_U, mStart: FLAT_START, lambdaStart: 0.3, maxIterations: 2000, tolerance: 1e-10 });
    // Assess
    expect(result.m.model).toBeUndefined();
    expect(result.m.phone?.[2]).toBeCloseTo(0.7, 3);
    expect(result.m.name?.[4]).toBeCloseTo(0.5, 3);
  });

  it('ignores missing levels (-1) instead of counting them as disagreement', () => {
    // Prepare: the same table, plus as many pairs again with no phone on one side.
    const names: ComparisonName[] = ['phone', 'name'];
    const base = syntheticPatterns(names, 0.1, TRUE_M, TRUE_U, 100_000);
    const noPhone = base.map((p) => ({ levels: { ...p.levels, phone: -1 }, count: p.count }));
    // Act
    const result = expectationMaximisation([...base, ...noPhone], { estimate: names, u: TRUE_U, mStart: FLAT_START, lambdaStart: 0.3, maxIterations: 2000, tolerance: 1e-10 });
    // Assess
    expect(result.m.phone?.[2]).toBeCloseTo(0.7, 3);
    expect(result.m.phone?.[0]).toBeCloseTo(0.2, 3);
  });

  it('fits only λ when told to use every comparison and estimate none', () => {
    // Prepare
    const names: ComparisonName[] = ['phone', 'name', 'model', 'year'];
    const patterns = syntheticPatterns(names, 0.02, TRUE_M, TRUE_U, 500_000);
    // Act
    const result = expectationMaximisation(patterns, { estimate: [], use: names, u: TRUE_U, mStart: TRUE_M, lambdaStart: 0.5, tolerance: 1e-12, maxIterations: 5000 });
    // Assess
    expect(result.lambda).toBeCloseTo(0.02, 5);
    expect(result.m).toEqual(TRUE_M);
  });
});

describe('uFromRandomPairs', () => {
  const levelsOf = (name: ComparisonName) => (COMPARISONS.find((c) => c.name === name)?.levels ?? []).map((l) => l.level);

  it('is each level\'s share of the random pairs where the comparison is known', () => {
    // Prepare
    const levels = (phone: number, name: number): Record<ComparisonName, number> => ({ phone, name, model: -1, year: -1, province: -1, seller_type: -1 });
    const patterns: PatternCount[] = [
      { levels: levels(0, 0), count: 900 },
      { levels: levels(0, 2), count: 90 },
      { levels: levels(2, 4), count: 10 },
      { levels: levels(-1, 0), count: 1000 },
    ];
    // Act
    const { u, pairs } = uFromRandomPairs(patterns, levelsOf, ['phone', 'name']);
    // Assess
    expect(pairs).toBe(2000);
    expect(u.phone?.[2]).toBeCloseTo(10 / 1000.5, 9);
    expect(u.name?.[2]).toBeCloseTo(90 / 2001, 9);
  });

  it('gives a level the sample never saw half a pair, so its weight is large but finite', () => {
    // Prepare
    const patterns: PatternCount[] = [{ levels: { phone: 0, name: 0, model: 0, year: 0, province: 0, seller_type: 1 }, count: 1_000_000 }];
    // Act
    const { u } = uFromRandomPairs(patterns, levelsOf, ['phone']);
    // Assess
    expect(u.phone?.[2]).toBeGreaterThan(0);
    expect(u.phone?.[2]).toBeLessThan(1e-6);
  });
});
