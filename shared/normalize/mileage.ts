/**
 * Odometer readings in km: `42000`, `42.000 km`, `42,000km`, `42 000 km`, `5 vạn km` (vạn = 10 000),
 * `4,2 vạn km`, `4v` (chotot titles), `1 vạn 2` (= 12 000), `42k km`, `42 nghìn km`, `5 vạn cây` / `cây số`
 * (slang for km), with an optional lead-in (`ODO`, `đã đi`, `chạy`, `hơn`, `khoảng`).
 * Text after the km word, after punctuation or after a multiplied amount is ignored (`42.000 km chính chủ`,
 * `hơn 4v đen`).
 * Null for negative numbers, non-finite numbers, other units (miles) and garbage. No plausibility check
 * (the contract caps mileage at 5 000 000).
 */

import { foldVietnamese } from './fold';
import { readDecimal, scaleDecimal, tokenizeNumberText, type NumberToken } from './number-text';

const MULTIPLIERS: ReadonlyMap<string, number> = new Map([
  ['van', 10_000], ['v', 10_000],
  ['nghin', 1_000], ['ngan', 1_000], ['ngin', 1_000], ['k', 1_000],
]);
const KM_WORDS: ReadonlySet<string> = new Set(['km', 'kms', 'cay', 'kilomet', 'kilometer', 'kilometers']);
const LEAD_IN: ReadonlySet<string> = new Set([
  'odo', 'da', 'di', 'chay', 'duoc', 'hon', 'khoang', 'tam', 'gan', 'tren', 'duoi', 'moi', 'co', 'so', 'cong', 'to',
]);
const PLAIN = /^(\d{1,3}(?:([.,])\d{3}(?:\2\d{3})*)?|\d+) ?(?:km)?$/;
const ONE_TO_THREE_DIGITS = /^\d{1,3}$/;

function parseText(raw: string): number | null {
  const s = foldVietnamese(raw);
  if (s.length === 0) return null;
  const plain = PLAIN.exec(s);
  if (plain !== null) return Number((plain[1] as string).replace(/[.,]/g, ''));

  const tokens = tokenizeNumberText(s);
  const len = tokens.length;
  let i = 0;
  while (i < len) {
    const t = tokens[i] as NumberToken;
    if (t.kind === 'num') break;
    if (t.kind !== 'word' ? t.text !== ':' : !LEAD_IN.has(t.text)) return null;
    i++;
  }
  const first = tokens[i];
  if (first === undefined) return null;

  const next = tokens[i + 1];
  const unit = next !== undefined && next.kind === 'word' ? MULTIPLIERS.get(next.text) : undefined;
  if (unit !== undefined) {
    const value = readDecimal(first.text, unit >= 10_000);
    if (value === null) return null;
    let total = scaleDecimal(value, unit);
    const cont = tokens[i + 2];
    if (cont !== undefined && cont.kind === 'num' && ONE_TO_THREE_DIGITS.test(cont.text)) {
      total += scaleDecimal({ mantissa: Number(cont.text), decimals: cont.text.length }, unit); // `1 vạn 2`
    }
    return total; // a number with its multiplier is unambiguous; what follows (`4v đen`) is free text
  }

  const value = readDecimal(first.text, false);
  if (value === null) return null;
  // A bare number may be followed only by a km word (`km`, `cây số`) or punctuation, then free text
  // (`42.000 km chính chủ`); another word or number there means something else was written (`42000 miles`).
  const after = tokens[i + 1];
  if (after !== undefined && after.kind !== 'punct' && (after.kind === 'num' || !KM_WORDS.has(after.text))) {
    return null;
  }
  return scaleDecimal(value, 1);
}

/** Parse an odometer reading to whole km; null when unreadable. */
export function parseMileageKm(input: unknown): number | null {
  if (typeof input === 'number') {
    if (!Number.isFinite(input) || input < 0) return null;
    return Math.round(input);
  }
  if (typeof input === 'string') return parseText(input);
  return null;
}
