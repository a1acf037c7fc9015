/**
 * Prices in VND from numbers and Vietnamese price text.
 *
 * Text forms: `545.000.000`, `545,000,000`, `545 000 000`, `800.000.000 đ` / `VNĐ` / `₫` / `đồng`,
 * `1 tỷ 200 triệu`, `1,2 tỷ`, `1.2 tỷ`, `1 tỷ 2` (= 1,2 tỷ: a bare number after a unit continues it as
 * decimals), `1 tỷ rưỡi`, `850tr`, `850 triệu`, `850 củ` (slang), `1 tỏi` (slang for tỷ), `500k`, `500 nghìn`,
 * with an optional lead-in (`Giá:`, `Giá chỉ`, `khoảng`). `Giá thỏa thuận`, `thương lượng`, `Liên hệ`
 * (and `LH`, `TL`, `có TL`) set `negotiable`; with no amount `vnd` is null. An amount next to bargaining words
 * keeps both (`800 triệu còn thương lượng`); next to contact words it is a plain price (`800tr, LH 0903…`).
 *
 * Null means garbage: no amount and no negotiation word, units out of order (`2 triệu 1 tỷ`), a bare number
 * followed by letters (`5xx`), ranges (`800 - 850 triệu`), negative numbers.
 * No plausibility check: a car priced 5.000 đ or 500 tỷ is returned as is; the caller decides (a used car is
 * realistically 50 million..20 billion VND).
 */

import { foldVietnamese } from './fold';
import { readDecimal, scaleDecimal, tokenizeNumberText, type NumberToken } from './number-text';

export interface MoneyResult {
  vnd: number | null;
  negotiable: boolean;
}

const BILLION = 1_000_000_000;
const UNITS: ReadonlyMap<string, number> = new Map([
  ['ty', BILLION], ['ti', BILLION], ['toi', BILLION],
  ['trieu', 1_000_000], ['tr', 1_000_000], ['cu', 1_000_000],
  ['nghin', 1_000], ['ngan', 1_000], ['ngin', 1_000], ['k', 1_000],
]);
const CURRENCY: ReadonlySet<string> = new Set(['d', 'vnd', 'dong', 'vn', '₫']);
const LEAD_IN: ReadonlySet<string> = new Set([
  'gia', 'chi', 'con', 'ban', 'khoang', 'tam', 'la', 'muc', 'tong', 'co', 'tu', 'hon', 'tren', 'duoi',
  'thuong', 'luong', 'tl', 'ctl',
]);
/** Price open to bargaining, with or without an amount. */
const NEGOTIATION = /thoa thuan|thuong luong|(?:^|[^a-z])(?:tl|ctl)(?:$|[^a-z])/;
/** "Contact me": a price on request when no amount is given, mere contact info next to an amount. */
const CONTACT = /lien he|(?:^|[^a-z])(?:lh|call|inbox|ib)(?:$|[^a-z])/;
const PLAIN = /^(\d{1,3}(?:([.,])\d{3}(?:\2\d{3})*)?|\d+) ?(?:d|vnd|dong|₫)?$/;
const ONE_TO_THREE_DIGITS = /^\d{1,3}$/;

const NEGOTIABLE_ONLY: MoneyResult = Object.freeze({ vnd: null, negotiable: true }) as MoneyResult;

function isCurrency(token: NumberToken | undefined): boolean {
  return token !== undefined && token.kind !== 'num' && CURRENCY.has(token.text);
}

function parseText(raw: string): MoneyResult | null {
  const s = foldVietnamese(raw);
  if (s.length === 0) return null;
  const plain = PLAIN.exec(s);
  if (plain !== null) return { vnd: Number((plain[1] as string).replace(/[.,]/g, '')), negotiable: false };

  const negotiable = NEGOTIATION.test(s);
  const priceOnRequest = negotiable || CONTACT.test(s);
  const tokens = tokenizeNumberText(s);
  const len = tokens.length;
  let i = 0;
  while (i < len) {
    const t = tokens[i] as NumberToken;
    if (t.kind === 'num') break;
    if (t.kind === 'word' ? !LEAD_IN.has(t.text) : t.text !== ':') {
      return priceOnRequest ? NEGOTIABLE_ONLY : null;
    }
    i++;
  }
  if (i === len) return priceOnRequest ? NEGOTIABLE_ONLY : null;

  let total = 0;
  let lastUnit = Number.POSITIVE_INFINITY;
  let bare = false;
  while (i < len) {
    const t = tokens[i] as NumberToken;
    if (t.kind !== 'num') break;
    const next = tokens[i + 1];
    const unit = next !== undefined && next.kind === 'word' ? UNITS.get(next.text) : undefined;
    if (unit !== undefined) {
      if (unit >= lastUnit) return null;
      const value = readDecimal(t.text, unit >= BILLION);
      if (value === null) return null;
      total += scaleDecimal(value, unit);
      lastUnit = unit;
      i += 2;
      const after = tokens[i];
      if (after !== undefined && after.kind === 'word' && after.text === 'ruoi') {
        total += unit / 2;
        i++;
      }
      continue;
    }
    if (lastUnit !== Number.POSITIVE_INFINITY) {
      // `1 tỷ 2`, `1 tỷ 250`: the digits continue the last unit as decimals.
      if (ONE_TO_THREE_DIGITS.test(t.text)) {
        total += scaleDecimal({ mantissa: Number(t.text), decimals: t.text.length }, lastUnit);
        i++;
      }
      break;
    }
    const value = readDecimal(t.text, false);
    if (value === null) return null;
    total = scaleDecimal(value, 1);
    bare = true;
    i++;
    break;
  }

  if (isCurrency(tokens[i])) {
    i++;
  } else if (bare && i < len && (tokens[i] as NumberToken).kind !== 'punct') {
    return null; // `5xx`, `545000000 abc`
  }
  if (bare) {
    for (let j = i; j < len; j++) if ((tokens[j] as NumberToken).kind === 'num') return null; // a range
  }
  return { vnd: total, negotiable };
}

/** Parse a price. Numbers are taken as VND (rounded); null for garbage, negative or non-finite values. */
export function parseVnd(input: unknown): MoneyResult | null {
  if (typeof input === 'number') {
    if (!Number.isFinite(input) || input < 0) return null;
    return { vnd: Math.round(input), negotiable: false };
  }
  if (typeof input === 'string') return parseText(input);
  return null;
}
