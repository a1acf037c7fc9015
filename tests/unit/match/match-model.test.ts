import { BLOCKING_RULES, COMPARISON_NAMES, COMPARISONS, RANDOM_SAMPLE_RANK, type ComparisonName } from '../../../shared/steps/match/comparisons';
import { defaultMatchModel, modelProbabilities, priorWeight } from '../../../shared/steps/match/match-model';
import { trainModel, type PatternCountRow } from '../../../shared/steps/match/train-model';

describe('the reviewed default model', () => {
  const model = defaultMatchModel();

  it('has every comparison and level of comparisons.ts, each weight log2(m/u)', () => {
    // Assess
    expect(model.comparisons.map((c) => c.name)).toEqual([...COMPARISON_NAMES]);
    for (const comparison of COMPARISONS) {
      const stored = model.comparisons.find((c) => c.name === comparison.name);
      expect(stored?.levels.map((l) => l.level)).toEqual(comparison.levels.map((l) => l.level));
      for (const level of stored?.levels ?? []) expect(level.weight).toBeCloseTo(Math.log2(level.m / level.u), 3);
    }
  });

  it('weighs evidence in the order a reviewer expects', () => {
    // Assess
    const w = (name: ComparisonName, level: number) => model.comparisons.find((c) => c.name === name)?.levels.find((l) => l.level === level)?.weight ?? NaN;
    expect(w('phone', 2)).toBeGreaterThan(w('name', 4));
    expect(w('name', 4)).toBeGreaterThan(w('name', 3));
    expect(w('name', 3)).toBeGreaterThan(w('name', 2));
    expect(w('name', 0)).toBeLessThan(0);
    expect(w('seller_type', 0)).toBeLessThan(-3);
    expect(w('year', 3)).toBeGreaterThan(w('year', 2));
  });

  it('has a prior that scales with the customer base', () => {
    // Act
    const small = priorWeight(model, 20_000);
    const large = priorWeight(model, 1_000_000);
    // Assess
    expect(small.lambda).toBeCloseTo(model.prior.matches_per_listing / 20_000, 12);
    const lambda = model.prior.matches_per_listing / 1e6;
    expect(large.weight).toBeCloseTo(Math.log2(lambda / (1 - lambda)), 9);
    expect(large.weight).toBeLessThan(small.weight);
  });
});

describe('trainModel', () => {
  /** Expected pattern counts for pairs a rule produced: agreeing on what the rule blocks on, by construction. */
  function rows(rank: number, lambda: number, pairs: number, m: Record<string, Record<number, number>>, u: Record<string, Record<number, number>>, fixedLevels: Partial<Record<ComparisonName, number>>): PatternCountRow[] {
    let combos: Record<string, number>[] = [{}];
    for (const name of COMPARISON_NAMES) {
      const levels = fixedLevels[name] !== undefined ? [fixedLevels[name] as number] : Object.keys(m[name] ?? {}).map(Number);
      combos = combos.flatMap((combo) => levels.map((level) => ({ ...combo, [name]: level })));
    }
    return combos.map((combo) => {
      let pm = lambda;
      let pu = 1 - lambda;
      for (const name of COMPARISON_NAMES) {
        if (fixedLevels[name] !== undefined) continue;
        pm *= m[name]?.[combo[name] as number] ?? 0;
        pu *= u[name]?.[combo[name] as number] ?? 0;
      }
      const row: Record<string, number> = { rule_rank: rank, pair_count: pairs * (pm + pu) };
      for (const name of COMPARISON_NAMES) row[`${name}_level`] = combo[name] as number;
      return row as unknown as PatternCountRow;
    });
  }

  it('estimates each comparison only from rules that do not block on it, u from the random pairs', () => {
    // Prepare: the truth is the default model's m and u with a different phone m.
    const start = defaultMatchModel();
    const truth = modelProbabilities(start);
    truth.m.phone = { 2: 0.6, 1: 0.25, 0: 0.15 };
    const carPlace = BLOCKING_RULES.find((r) => r.name === 'car_place');
    const ruleRows = [
      ...rows(carPlace?.rank ?? 4, 0.2, 50_000, truth.m, truth.u, { model: 2, year: 3, province: 1, seller_type: 1 }),
      ...rows(RANDOM_SAMPLE_RANK, 0.000001, 360_000, truth.m, truth.u, { seller_type: 1 }),
    ];
    // Act
    const { model, sessions } = trainModel({ ruleRows, pairRows: [], start, listings: 1000, listingsWithPhone: 500, vehicles: 20_000, modelVersion: 'trained-test', trainedAt: '2026-12-06T00:00:00.000Z' });
    // Assess
    const phone = model.comparisons.find((c) => c.name === 'phone');
    expect(phone?.levels.find((l) => l.level === 2)?.m).toBeCloseTo(0.6, 2);
    expect(phone?.levels.find((l) => l.level === 1)?.m).toBeCloseTo(0.25, 2);
    expect(sessions.find((s) => s.blockingRule === 'car_place')?.estimated).toEqual(['phone', 'name']);
    expect(model.comparisons.find((c) => c.name === 'seller_type')).toMatchObject({ fixed_m: true });
    expect(model.comparisons.find((c) => c.name === 'model')?.levels.find((l) => l.level === 2)?.u).toBeCloseTo(truth.u.model?.[2] ?? NaN, 2);
    expect(model.training).toMatchObject({ started_from: start.model_version, random_pairs: expect.any(Number) });
  });

  it('sets the prior from the same-phone-and-name pairs divided by that rule\'s recall, and keeps m where EM saw too few pairs', () => {
    // Prepare: 300 phone-rule pairs with the same phone and given name or more, 3 at the "other phone" level.
    const start = defaultMatchModel();
    const levels = (phone: number, name: number) => ({ rule_rank: 1, phone_level: phone, name_level: name, model_level: 2, year_level: 3, province_level: 1, seller_type_level: 1 });
    const carPlace = (phone: number, name: number) => ({ ...levels(phone, name), rule_rank: 4 });
    const ruleRows: PatternCountRow[] = [
      { ...levels(2, 4), pair_count: 200 },
      { ...levels(2, 2), pair_count: 100 },
      { ...levels(2, 0), pair_count: 20 },
      { ...levels(1, 4), pair_count: 3 },
      // car_place estimates phone: "other phone" (level 1) is seen at 3 pairs only, too few to estimate.
      { ...carPlace(2, 4), pair_count: 150 },
      { ...carPlace(0, 0), pair_count: 900 },
      { ...carPlace(1, 4), pair_count: 3 },
    ];
    // Act
    const { model } = trainModel({ ruleRows, pairRows: [], start, listings: 4000, listingsWithPhone: 2000, vehicles: 20_000, modelVersion: 'trained-test', trainedAt: '2026-12-06T00:00:00.000Z' });
    // Assess
    const m = (name: string, level: number) => model.comparisons.find((c) => c.name === name)?.levels.find((l) => l.level === level)?.m ?? NaN;
    const recall = m('phone', 2) * (m('name', 2) + m('name', 3) + m('name', 4)) * (2000 / 4000);
    const startPhone = start.comparisons.find((c) => c.name === 'phone')?.levels.find((l) => l.level === 2)?.m;
    expect(m('phone', 2)).not.toBeCloseTo(startPhone ?? NaN, 3);
    expect(model.prior.matches_per_listing).toBeCloseTo(300 / recall / 4000, 9);
    expect(model.training).toMatchObject({ deterministic_pairs: 300 });
    expect(m('phone', 1)).toBe(start.comparisons.find((c) => c.name === 'phone')?.levels.find((l) => l.level === 1)?.m);
    expect(m('phone', 0) + m('phone', 1) + m('phone', 2)).toBeCloseTo(1, 9);
    expect(model.training).toMatchObject({ levels_kept_from_start: expect.arrayContaining(['phone:1']) });
  });
});
