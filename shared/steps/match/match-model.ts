import { z } from 'zod';
import { COMPARISONS, type ComparisonName } from './comparisons';
import defaultModelJson from './default-model.json';

const LevelSchema = z.object({
  level: z.number().int(),
  label: z.string(),
  m: z.number().positive().max(1),
  u: z.number().positive().max(1),
  /** log2(m / u): the partial match weight of a pair at this level. */
  weight: z.number(),
});

const ComparisonModelSchema = z.object({
  name: z.enum(['phone', 'name', 'model', 'year', 'province', 'seller_type']),
  /** True when m was set by hand (not estimated). */
  fixed_m: z.boolean(),
  levels: z.array(LevelSchema).min(2),
});

/**
 * A trained (or reviewed default) Fellegi–Sunter model: every m, u and weight, the prior, the term-frequency
 * setting, the decision thresholds, and what it was trained on. Stored whole in match.models.model_json and, for
 * a fresh install, as shared/steps/match/default-model.json.
 */
export const MatchModelSchema = z.object({
  model_version: z.string().min(1).max(64),
  trained_at: z.string(),
  description: z.string(),
  prior: z.object({
    /**
     * Expected share of listings that are a customer's car. The prior probability that a random (listing, vehicle)
     * pair matches is this divided by the number of customer vehicles, so one model serves 20k or 1M customers.
     */
    matches_per_listing: z.number().positive().max(1),
  }),
  comparisons: z.array(ComparisonModelSchema),
  term_frequency: z.object({
    comparison: z.literal('name'),
    levels: z.array(z.number().int()),
    /** tf floor (Splink's tf_minimum_u_value): the largest bonus a very rare given name can add. */
    minimum: z.number().positive(),
  }),
  thresholds: z.object({
    lead_min_probability: z.number().min(0).max(1),
    review_min_probability: z.number().min(0).max(1),
  }),
  training: z.record(z.string(), z.unknown()),
});
export type MatchModel = z.infer<typeof MatchModelSchema>;

/** The reviewed default the repo ships (a fresh install matches with it before any training). */
export function defaultMatchModel(): MatchModel {
  return MatchModelSchema.parse(defaultModelJson);
}

export function parseMatchModel(json: string): MatchModel {
  return MatchModelSchema.parse(JSON.parse(json));
}

/** log2(m/u). */
export function levelWeight(m: number, u: number): number {
  return Math.log2(m / u);
}

/** The prior match weight log2(λ/(1−λ)) for a warehouse of this many customer vehicles. */
export function priorWeight(model: MatchModel, vehicles: number): { lambda: number; weight: number } {
  const lambda = Math.min(model.prior.matches_per_listing / Math.max(vehicles, 1), 0.5);
  return { lambda, weight: Math.log2(lambda / (1 - lambda)) };
}

/** Builds a model from m and u per level (weights computed), checking every comparison and level is there. */
export function buildModel(input: {
  modelVersion: string;
  trainedAt: string;
  description: string;
  matchesPerListing: number;
  m: Record<string, Record<number, number>>;
  u: Record<string, Record<number, number>>;
  fixed: readonly ComparisonName[];
  thresholds?: MatchModel['thresholds'];
  termFrequencyMinimum?: number;
  training: Record<string, unknown>;
}): MatchModel {
  const comparisons = COMPARISONS.map((comparison) => ({
    name: comparison.name,
    fixed_m: input.fixed.includes(comparison.name),
    levels: comparison.levels.map(({ level, label }) => {
      const m = input.m[comparison.name]?.[level];
      const u = input.u[comparison.name]?.[level];
      if (m === undefined || u === undefined) throw new Error(`model ${input.modelVersion}: no m or u for ${comparison.name} level ${level}`);
      return { level, label, m, u, weight: levelWeight(m, u) };
    }),
  }));
  return MatchModelSchema.parse({
    model_version: input.modelVersion,
    trained_at: input.trainedAt,
    description: input.description,
    prior: { matches_per_listing: input.matchesPerListing },
    comparisons,
    term_frequency: { comparison: 'name', levels: [2, 3, 4], minimum: input.termFrequencyMinimum ?? 0.0001 },
    thresholds: input.thresholds ?? { lead_min_probability: 0.99, review_min_probability: 0.5 },
    training: input.training,
  });
}

/** m and u per level of a model, keyed as EM takes them. */
export function modelProbabilities(model: MatchModel): { m: Record<string, Record<number, number>>; u: Record<string, Record<number, number>> } {
  const m: Record<string, Record<number, number>> = {};
  const u: Record<string, Record<number, number>> = {};
  for (const comparison of model.comparisons) {
    m[comparison.name] = Object.fromEntries(comparison.levels.map((level) => [level.level, level.m]));
    u[comparison.name] = Object.fromEntries(comparison.levels.map((level) => [level.level, level.u]));
  }
  return { m, u };
}

/** A partial weight as the model holds it (0 for a missing side, level -1). */
export function modelWeight(model: MatchModel, name: ComparisonName, level: number): number {
  if (level === -1) return 0;
  const found = model.comparisons.find((c) => c.name === name)?.levels.find((l) => l.level === level);
  if (!found) throw new Error(`model ${model.model_version} has no level ${level} for ${name}`);
  return found.weight;
}
