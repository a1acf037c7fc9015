/**
 * Shared reader for amounts written in Vietnamese text (`1,2 tỷ`, `545.000.000`, `4,2 vạn`): a tokenizer over
 * folded text and the rules for telling thousands separators from decimal commas. Used by money and mileage.
 */

export type NumberToken =
  | { kind: 'num'; text: string }
  | { kind: 'word'; text: string }
  | { kind: 'punct'; text: string };

function isDigit(code: number): boolean {
  return code >= 48 && code <= 57;
}
function isLetter(code: number): boolean {
  return code >= 97 && code <= 122;
}

/**
 * Split folded text into number literals (digits with `.`/`,` separators, or space-grouped thousands like
 * `2 500 000`), letter words and single punctuation characters. Whitespace separates and disappears.
 */
export function tokenizeNumberText(s: string): NumberToken[] {
  const tokens: NumberToken[] = [];
  const n = s.length;
  let i = 0;
  while (i < n) {
    const c = s.charCodeAt(i);
    if (c === 32) { i++; continue; }
    if (isDigit(c)) {
      const start = i;
      i++;
      for (;;) {
        while (i < n && isDigit(s.charCodeAt(i))) i++;
        const sep = s.charCodeAt(i);
        if ((sep === 46 || sep === 44) && i + 1 < n && isDigit(s.charCodeAt(i + 1))) { i++; continue; }
        // `2 500 000`: a space followed by exactly three digits continues the number.
        if (sep === 32 && i + 3 < n && isDigit(s.charCodeAt(i + 1)) && isDigit(s.charCodeAt(i + 2)) &&
          isDigit(s.charCodeAt(i + 3)) && !isDigit(s.charCodeAt(i + 4))) { i += 4; continue; }
        break;
      }
      tokens.push({ kind: 'num', text: s.slice(start, i) });
      continue;
    }
    if (isLetter(c)) {
      const start = i;
      i++;
      while (i < n && isLetter(s.charCodeAt(i))) i++;
      tokens.push({ kind: 'word', text: s.slice(start, i) });
      continue;
    }
    tokens.push({ kind: 'punct', text: s.charAt(i) });
    i++;
  }
  return tokens;
}

/** A decimal read exactly: value = mantissa / 10^decimals. */
export interface Decimal {
  mantissa: number;
  decimals: number;
}

const GROUP_OF_THREE = /^\d{3}$/;

/**
 * Read a number literal from `tokenizeNumberText`. Separator rules:
 * - both `.` and `,` present: the last one is the decimal mark, the other groups thousands (`1.234.567,5`);
 * - one kind, several times, or spaces: thousands (`545.000.000`, `545,000,000`, `2 500 000`);
 * - one kind once: thousands when exactly three digits follow (`42.000`), unless `decimalUnit` (a unit as
 *   large as tỷ or vạn follows: `1.250 tỷ` is 1.25 tỷ); otherwise decimal (`1,2`, `4.5`).
 * Groups after the first must have three digits, else null (`1.23.4`).
 */
export function readDecimal(literal: string, decimalUnit: boolean): Decimal | null {
  let dots = 0;
  let commas = 0;
  let spaces = 0;
  let lastSep = '';
  for (let i = 0; i < literal.length; i++) {
    const c = literal.charCodeAt(i);
    if (c === 46) { dots++; lastSep = '.'; } else if (c === 44) { commas++; lastSep = ','; } else if (c === 32) spaces++;
  }
  if (dots + commas + spaces === 0) return { mantissa: Number(literal), decimals: 0 };

  let intPart = literal;
  let fracPart = '';
  if (dots > 0 && commas > 0) {
    if ((lastSep === '.' ? dots : commas) !== 1) return null;
    const at = literal.lastIndexOf(lastSep);
    intPart = literal.slice(0, at);
    fracPart = literal.slice(at + 1);
  } else if (spaces === 0 && dots + commas === 1) {
    const at = literal.indexOf(lastSep);
    const after = literal.slice(at + 1);
    if (decimalUnit || after.length !== 3) {
      intPart = literal.slice(0, at);
      fracPart = after;
    }
  }
  const groups = intPart.split(/[.,\s]/);
  const first = groups[0] as string;
  if (groups.length > 1 && first.length > 3) return null;
  for (let g = 1; g < groups.length; g++) if (!GROUP_OF_THREE.test(groups[g] as string)) return null;
  const digits = groups.join('') + fracPart;
  return { mantissa: Number(digits), decimals: fracPart.length };
}

const POW10: readonly number[] = Array.from({ length: 16 }, (_v, i) => 10 ** i);

/** decimal × unit, exact when the unit absorbs the decimals (1,25 × 10^9), else rounded to a whole number. */
export function scaleDecimal(value: Decimal, unit: number): number {
  const divisor = POW10[value.decimals] ?? 10 ** value.decimals;
  if (unit % divisor === 0) return value.mantissa * (unit / divisor);
  return Math.round((value.mantissa * unit) / divisor);
}
