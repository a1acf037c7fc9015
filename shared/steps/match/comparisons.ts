/**
 * The comparisons, as data (Splink's habit): each is an ordered list of levels, strongest agreement first, ending
 * in "else" (level 0). Level -1 (a side is missing) is implicit: it weighs 0. The SQL conditions for each level
 * are in shared/sql/match/compare_pairs.sql; the numbers here must be the same ones.
 */
export const COMPARISON_NAMES = ['phone', 'name', 'model', 'year', 'province', 'seller_type'] as const;
export type ComparisonName = (typeof COMPARISON_NAMES)[number];

export interface ComparisonLevel {
  level: number;
  label: string;
}

export interface Comparison {
  name: ComparisonName;
  description: string;
  /** Non-null levels, strongest first; the last is "else" (0). */
  levels: readonly ComparisonLevel[];
  /**
   * m is set by hand, not estimated: seller_type is a property of the listing, and a dealer reselling a customer's
   * car is by definition not that customer selling (m(dealer) ≈ 0 whatever the data says).
   */
  fixedM?: Readonly<Record<number, number>>;
}

export const COMPARISONS: readonly Comparison[] = [
  {
    name: 'phone',
    description: "seller's phone vs the customer's phone and other phone (canonical, pre-2018 numbers converted)",
    levels: [
      { level: 2, label: 'same phone' },
      { level: 1, label: "the customer's other phone" },
      { level: 0, label: 'different phone' },
    ],
  },
  {
    name: 'name',
    description: 'seller name vs customer name, folded (no diacritics, đ→d), family name class (Huỳnh≈Hoàng, Vũ≈Võ)',
    levels: [
      { level: 4, label: 'same full name (any word order)' },
      { level: 3, label: 'same given and family name' },
      { level: 2, label: 'same given name' },
      { level: 1, label: "given name among the seller's words" },
      { level: 0, label: 'different name' },
    ],
  },
  {
    name: 'model',
    description: 'listing model vs the model bought (catalog codes)',
    levels: [
      { level: 2, label: 'same model' },
      { level: 1, label: 'same make, other model' },
      { level: 0, label: 'other make' },
    ],
  },
  {
    name: 'year',
    description: 'manufacture year vs purchase year',
    levels: [
      { level: 3, label: 'same year' },
      { level: 2, label: '1 year apart' },
      { level: 1, label: '2–3 years apart' },
      { level: 0, label: 'more than 3 years apart' },
    ],
  },
  {
    name: 'province',
    description: "listing province vs the customer's (both the new 34)",
    levels: [
      { level: 1, label: 'same province' },
      { level: 0, label: 'other province' },
    ],
  },
  {
    name: 'seller_type',
    description: 'private seller or dealer (a dealer ad is never a lead)',
    levels: [
      { level: 1, label: 'private seller' },
      { level: 0, label: 'dealer' },
    ],
    fixedM: { 1: 0.99, 0: 0.01 },
  },
];

/**
 * The blocking rules, by the rank the SQL gives them (a pair is named after the first rule that found it). As in
 * Splink, rules that generate predictions and rules that train differ: car_place (model + year ± 1 + province) does
 * not block on name or phone, so EM learns their m from its pairs, but a pair only it finds cannot reach the review
 * band (no name, no phone: on the labeled sample, scoring without it changed no decision), so it runs in training
 * only and its pairs are not scored (score_pairs.sql).
 */
export const BLOCKING_RULES = [
  { rank: 1, name: 'phone', sql: 'block_phone', blocksOn: ['phone'], predicts: true },
  { rank: 2, name: 'name_key_make', sql: 'block_name_key_make', blocksOn: ['name', 'model'], predicts: true },
  { rank: 3, name: 'given_name_model', sql: 'block_given_name_model', blocksOn: ['name', 'model'], predicts: true },
  { rank: 4, name: 'car_place', sql: 'block_car_place', blocksOn: ['model', 'year', 'province'], predicts: false },
] as const satisfies readonly { rank: number; name: string; sql: string; blocksOn: readonly ComparisonName[]; predicts: boolean }[];
export type BlockingRuleName = (typeof BLOCKING_RULES)[number]['name'];

/** The random sample's rank in match.candidates (training only). */
export const RANDOM_SAMPLE_RANK = 9;

/** Name levels with a term-frequency adjustment: 4 by the full name's frequency, 2 and 3 by the given name's. */
export const TF_NAME_LEVELS = [2, 3, 4] as const;

export function comparison(name: ComparisonName): Comparison {
  const found = COMPARISONS.find((c) => c.name === name);
  if (!found) throw new Error(`unknown comparison ${name}`);
  return found;
}

export function levelLabel(name: ComparisonName, level: number): string {
  if (level === -1) return 'missing on one side';
  return comparison(name).levels.find((l) => l.level === level)?.label ?? `level ${level}`;
}
