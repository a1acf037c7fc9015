/**
 * Vietnamese mobile numbers → national 10-digit form `0xxxxxxxxx`.
 *
 * Accepted shapes: `0903123456`, `+84 903 123 456`, `84903123456`, `0084 903…`, `+84 (0) 903…`, `903123456`
 * (a number column that lost its leading 0), dots / dashes / spaces / parentheses anywhere, the pre-2018
 * 11-digit numbers (`01689123456`, `+84 168 9123456`, `1689123456`), and several numbers in one field
 * (`0903123456 / 0912345678`, `…, …`, `…-…`, glued digits): `phone` is the first valid one, `others` the
 * remaining valid ones (deduplicated).
 *
 * Validation follows the current mobile plan (10 digits):
 *   03: 032–039 (Viettel)
 *   05: 052, 056, 058 (Vietnamobile), 055 (Wintel/Reddi MVNO), 059 (Gmobile)
 *   07: 070, 076, 077, 078, 079 (MobiFone)
 *   08: 081–085, 088 (VinaPhone), 086 (Viettel), 087 (Itel MVNO), 089 (MobiFone)
 *   09: 090, 093 (MobiFone), 091, 094 (VinaPhone), 092 (Vietnamobile), 096–098 (Viettel), 099 (Gmobile)
 *   095 is rejected: it belonged to S-Fone (CDMA), which closed in 2012, and has not been reassigned.
 *   080 is rejected: not assigned to a mobile network.
 * Landlines (02x, 11 digits) and anything else → `phone_invalid`.
 *
 * Reasons: `phone_missing` when there is nothing to read (null, undefined, a blank string or a string with no
 * digit at all, e.g. "không có"); `phone_invalid` when digits (or a non-scalar value) are there but no
 * valid mobile number can be read from them.
 */

export type PhoneReason = 'phone_missing' | 'phone_invalid';
export type PhoneResult = { ok: true; phone: string; others: string[] } | { ok: false; reason: PhoneReason };

const MISSING: PhoneResult = Object.freeze({ ok: false, reason: 'phone_missing' }) as PhoneResult;
const INVALID: PhoneResult = Object.freeze({ ok: false, reason: 'phone_invalid' }) as PhoneResult;

/** Second and third digit of every valid national number, as a 100-slot table indexed by `d1*10+d2`. */
const VALID_PREFIX = new Uint8Array(100);
for (const p of [
  32, 33, 34, 35, 36, 37, 38, 39,
  52, 55, 56, 58, 59,
  70, 76, 77, 78, 79,
  81, 82, 83, 84, 85, 86, 87, 88, 89,
  90, 91, 92, 93, 94, 96, 97, 98, 99,
]) VALID_PREFIX[p] = 1;

/** 2018 conversion of 11-digit mobiles: digits 2–4 of `01xx…` (as `1xx`) → the new 2-digit network code. */
const OLD_TO_NEW: Readonly<Record<string, string>> = {
  // Viettel
  '162': '32', '163': '33', '164': '34', '165': '35', '166': '36', '167': '37', '168': '38', '169': '39',
  // MobiFone
  '120': '70', '121': '79', '122': '77', '126': '76', '128': '78',
  // VinaPhone
  '123': '83', '124': '84', '125': '85', '127': '81', '129': '82',
  // Vietnamobile
  '186': '56', '188': '58',
  // Gmobile
  '199': '59',
};

/** True when `d` is a valid national mobile number (`0` + 9 digits with an allocated network code). */
function isValidNational(d: string): boolean {
  if (d.length !== 10 || d.charCodeAt(0) !== 48) return false;
  const a = d.charCodeAt(1) - 48;
  const b = d.charCodeAt(2) - 48;
  return VALID_PREFIX[a * 10 + b] === 1;
}

/** Digit string (no separators) of one number in any accepted shape → valid national number, or null. */
function toNational(digits: string): string | null {
  let d = digits;
  if (d.length > 12 && d.startsWith('00')) d = d.slice(2); // international call prefix 00 84 …
  const n = d.length;
  if (n === 11 || n === 12) {
    if (d.startsWith('84')) {
      d = d.charCodeAt(2) === 48 ? d.slice(2) : '0' + d.slice(2); // '+84 (0) 903…' keeps one 0
    }
  } else if (n === 9) {
    if (d.charCodeAt(0) !== 48) d = '0' + d;
  } else if (n === 10 && d.charCodeAt(0) === 49) {
    d = '0' + d; // old 11-digit number stored as a number: lost its 0
  }
  if (d.length === 11 && d.charCodeAt(0) === 48 && d.charCodeAt(1) === 49) {
    const code = OLD_TO_NEW[d.slice(1, 4)];
    if (code === undefined) return null;
    d = '0' + code + d.slice(4);
  }
  return isValidNational(d) ? d : null;
}

/**
 * Digits a number starting with `d` would have, so a run of digit groups can be cut into numbers.
 * 0 = not known yet (too few digits to tell).
 */
function expectedLength(d: string): number {
  const c0 = d.charCodeAt(0);
  const c1 = d.charCodeAt(1); // NaN past the end
  if (c0 === 48) {
    if (c1 !== c1) return 0;
    if (c1 === 48) {
      const rest = expectedLength(d.slice(2));
      return rest === 0 ? 0 : rest + 2;
    }
    return c1 === 49 || c1 === 50 ? 11 : 10; // 01… old mobile, 02… landline: 11 digits
  }
  if (c0 === 56 && c1 === 52) {
    const c2 = d.charCodeAt(2);
    if (c2 !== c2) return 0;
    return c2 >= 48 && c2 <= 50 ? 12 : 11; // 84 + 0…, 84 + 1xx old, 84 + 2x landline
  }
  if (c0 === 56 && c1 !== c1) return 0;
  return c0 === 49 ? 10 : 9;
}

function isDigit(code: number): boolean {
  return code >= 48 && code <= 57;
}

/** Characters that may sit inside one number or between two numbers of the same segment. */
function isSoftSeparator(code: number): boolean {
  return code === 32 || code === 46 || code === 45 || code === 40 || code === 41 || code === 43 ||
    code === 9 || code === 0xa0 || code === 0x2013 || code === 0x2014;
}

/**
 * Normalize a phone field. Accepts strings and numbers; anything else is `phone_invalid` (null/undefined are
 * `phone_missing`).
 */
export function normalizePhone(input: unknown): PhoneResult {
  let text: string;
  if (typeof input === 'string') {
    text = input;
  } else if (typeof input === 'number') {
    if (!Number.isSafeInteger(input) || input <= 0) return INVALID;
    text = String(input);
  } else if (input === null || input === undefined) {
    return MISSING;
  } else {
    return INVALID;
  }

  // Fast path: the common clean shape `0xxxxxxxxx`.
  if (text.length === 10 && text.charCodeAt(0) === 48) {
    let allDigits = true;
    for (let i = 1; i < 10; i++) if (!isDigit(text.charCodeAt(i))) { allDigits = false; break; }
    if (allDigits) return isValidNational(text) ? { ok: true, phone: text, others: [] } : INVALID;
  }

  let phone: string | null = null;
  let others: string[] | null = null;
  let sawDigit = false;
  const accept = (candidate: string): void => {
    const national = toNational(candidate);
    if (national === null) return;
    if (phone === null) phone = national;
    else if (national !== phone && (others === null || !others.includes(national))) (others ??= []).push(national);
  };

  // Scan segments (split at hard separators: letters, '/', ',', ';' …); inside a segment, digit groups are
  // joined greedily and cut whenever the number they start is complete.
  let acc = '';
  const n = text.length;
  let i = 0;
  while (i <= n) {
    const code = i < n ? text.charCodeAt(i) : -1;
    if (code !== -1 && isDigit(code)) {
      let j = i + 1;
      while (j < n && isDigit(text.charCodeAt(j))) j++;
      const group = text.slice(i, j);
      sawDigit = true;
      if (acc.length > 0) {
        const expected = expectedLength(acc);
        if (expected !== 0 && acc.length + group.length > expected) {
          accept(acc);
          acc = '';
        }
      }
      acc += group;
      // Glued numbers: cut off the complete one, but only when another number's worth of digits follows, so
      // a number with a stray extra digit stays one (invalid) candidate instead of a wrong valid one.
      for (let expected = expectedLength(acc); expected !== 0 && acc.length >= expected + 9; expected = expectedLength(acc)) {
        accept(acc.slice(0, expected));
        acc = acc.slice(expected);
      }
      i = j;
      continue;
    }
    if (code === -1 || !isSoftSeparator(code)) {
      if (acc.length > 0) accept(acc);
      acc = '';
    }
    i++;
  }

  if (phone === null) return sawDigit ? INVALID : MISSING;
  return { ok: true, phone, others: others ?? [] };
}
