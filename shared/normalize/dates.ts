/**
 * Calendar dates from the shapes Vietnamese exports use, always read day first (03/04/2020 is 3 April).
 *
 * Accepted: `dd/mm/yyyy`, `d/m/yyyy`, `dd-mm-yyyy`, `dd.mm.yyyy` (optionally followed by a time, ignored),
 * `yyyy-mm-dd`, `yyyy/mm/dd`, `yyyy.mm.dd`, ISO date-times, `yyyymmdd`, `ngày 15 tháng 3 năm 2020`,
 * Excel serial numbers (number or numeric string) for 1920-01-01..2100-12-31, epoch milliseconds (> 1e11), and
 * valid `Date` objects. Two-digit years are refused (the century would be a guess).
 *
 * Instants (epoch ms, Date objects, ISO date-times carrying `Z` or an offset) are read as the calendar date in
 * Vietnam (UTC+07:00, no daylight saving): a DB that stores local midnight as `2024-04-30T17:00:00.000Z` means
 * 1 May. Date-times without an offset keep their written date.
 *
 * Excel's 1900 date system counts the non-existent 1900-02-29 as day 60, so from day 61 on serial s is
 * 1899-12-30 + s days; the accepted range starts in 1920, well past the bug.
 *
 * Years outside 1900..2100 and impossible calendar dates (31/02/2020) give null.
 */

import { foldVietnamese } from './fold';

const DAY_MS = 86_400_000;
const VN_OFFSET_MS = 7 * 3_600_000;
/** Excel serial of 1970-01-01. */
const EXCEL_EPOCH_SERIAL = 25_569;
const MIN_YEAR = 1900;
const MAX_YEAR = 2100;
const SERIAL_MIN = Date.UTC(1920, 0, 1) / DAY_MS + EXCEL_EPOCH_SERIAL;
const SERIAL_MAX = Date.UTC(2100, 11, 31) / DAY_MS + EXCEL_EPOCH_SERIAL;
const EPOCH_MS_MIN = 1e11;
const EPOCH_MS_MAX = Date.UTC(2101, 0, 1) - VN_OFFSET_MS - 1;

const TIME_TAIL = String.raw`(?:(?:\s+|T|,\s*)\d{1,2}[:h]\d{2}(?::\d{2}(?:[.,]\d+)?)?\s*(?:[ap]\.?m\.?|sa|ch)?)?`;
const DAY_FIRST = new RegExp(
  String.raw`^(\d{1,2})\s*([/.-])\s*(\d{1,2})\s*\2\s*(\d{4})` + TIME_TAIL + '$',
  'i',
);
const YEAR_FIRST = /^(\d{4})([/.-])(\d{1,2})\2(\d{1,2})(?:(?:T|\s+)(\d{1,2}):(\d{2})(?::(\d{2})(?:[.,]\d+)?)?\s*(Z|[+-]\d{2}(?::?\d{2})?)?)?$/i;
const NUMERIC = /^\d+(?:\.\d+)?$/;
const VIETNAMESE_WORDS = /^ngay\s*(\d{1,2})\s*thang\s*(\d{1,2})\s*nam\s*(\d{4})$/;

const PAD2: readonly string[] = Array.from({ length: 32 }, (_v, i) => (i < 10 ? '0' : '') + String(i));

function isLeap(y: number): boolean {
  return (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
}

function daysInMonth(y: number, m: number): number {
  if (m === 2) return isLeap(y) ? 29 : 28;
  return m === 4 || m === 6 || m === 9 || m === 11 ? 30 : 31;
}

/** `YYYY-MM-DD`, or null when the parts are not a real date in the accepted year range. */
function formatDate(y: number, m: number, d: number): string | null {
  if (y < MIN_YEAR || y > MAX_YEAR || m < 1 || m > 12 || d < 1 || d > daysInMonth(y, m)) return null;
  return `${y}-${PAD2[m] as string}-${PAD2[d] as string}`;
}

/** Days since 1970-01-01 → civil date (proleptic Gregorian; Howard Hinnant's algorithm). */
function formatDays(days: number): string | null {
  const z = days + 719_468;
  const era = Math.floor(z / 146_097);
  const doe = z - era * 146_097;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36_524) - Math.floor(doe / 146_096)) / 365);
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const d = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const m = mp < 10 ? mp + 3 : mp - 9;
  const y = yoe + era * 400 + (m <= 2 ? 1 : 0);
  return formatDate(y, m, d);
}

function fromInstant(ms: number): string | null {
  return formatDays(Math.floor((ms + VN_OFFSET_MS) / DAY_MS));
}

function fromNumber(n: number): string | null {
  if (!Number.isFinite(n) || n < 0) return null;
  if (n >= SERIAL_MIN && n < SERIAL_MAX + 1) return formatDays(Math.floor(n) - EXCEL_EPOCH_SERIAL);
  if (Number.isInteger(n) && n >= 19_000_101 && n <= 21_001_231) {
    return formatDate(Math.floor(n / 10_000), Math.floor(n / 100) % 100, n % 100); // yyyymmdd
  }
  if (n > EPOCH_MS_MIN && n <= EPOCH_MS_MAX) return fromInstant(n);
  return null;
}

function offsetMs(offset: string): number {
  if (offset === 'Z' || offset === 'z') return 0;
  const sign = offset.charCodeAt(0) === 45 ? -1 : 1;
  const digits = offset.slice(1).replace(':', '');
  const hours = Number(digits.slice(0, 2));
  const minutes = digits.length > 2 ? Number(digits.slice(2, 4)) : 0;
  return sign * (hours * 60 + minutes) * 60_000;
}

function fromString(raw: string): string | null {
  const s = raw.trim();
  if (s.length === 0) return null;
  let m = DAY_FIRST.exec(s);
  if (m !== null) return formatDate(Number(m[4]), Number(m[3]), Number(m[1]));
  m = YEAR_FIRST.exec(s);
  if (m !== null) {
    const y = Number(m[1]);
    const mo = Number(m[3]);
    const d = Number(m[4]);
    const date = formatDate(y, mo, d);
    const offset = m[8];
    if (date === null || offset === undefined) return date;
    const hh = Number(m[5]);
    const mi = Number(m[6]);
    const ss = m[7] === undefined ? 0 : Number(m[7]);
    if (hh > 24 || mi > 59 || ss > 60) return null;
    return fromInstant(Date.UTC(y, mo - 1, d, hh, mi, ss) - offsetMs(offset));
  }
  if (NUMERIC.test(s)) return fromNumber(Number(s));
  m = VIETNAMESE_WORDS.exec(foldVietnamese(s));
  if (m !== null) return formatDate(Number(m[3]), Number(m[2]), Number(m[1]));
  return null;
}

/** Parse a date field to `YYYY-MM-DD`; null when it is not a readable real date. */
export function parseDate(input: unknown): string | null {
  if (typeof input === 'string') return fromString(input);
  if (typeof input === 'number') return fromNumber(input);
  if (input instanceof Date) {
    const ms = input.getTime();
    return Number.isNaN(ms) ? null : fromInstant(ms);
  }
  return null;
}

/** Year of a `YYYY-MM-DD` (or any string starting with four digits); null otherwise. */
export function yearOf(isoDate: string | null): number | null {
  if (typeof isoDate !== 'string' || isoDate.length < 4) return null;
  let y = 0;
  for (let i = 0; i < 4; i++) {
    const c = isoDate.charCodeAt(i) - 48;
    if (c < 0 || c > 9) return null;
    y = y * 10 + c;
  }
  return y;
}

const AGE_TEXT = /^(\d{1,3})(?:[.,]\d+)?\s*(?:tuoi|t)?$/;
const MIN_AGE = 16;
const MAX_AGE = 110;

/**
 * Birth year from an age (number, `"35"`, `"35 tuổi"`) as of a moment (its year in Vietnam time).
 * Only plausible customer ages 16..110 count; fractions are cut (35.9 → 35). The result can be one year late
 * for people whose birthday has not come yet, which the matcher tolerates.
 */
export function ageToBirthYear(age: unknown, asOf: Date): number | null {
  let years: number;
  if (typeof age === 'number') {
    if (!Number.isFinite(age)) return null;
    years = Math.floor(age);
  } else if (typeof age === 'string') {
    const m = AGE_TEXT.exec(foldVietnamese(age));
    if (m === null) return null;
    years = Number(m[1]);
  } else {
    return null;
  }
  if (years < MIN_AGE || years > MAX_AGE) return null;
  if (!(asOf instanceof Date)) return null;
  const ms = asOf.getTime();
  if (Number.isNaN(ms)) return null;
  const yearNow = new Date(ms + VN_OFFSET_MS).getUTCFullYear();
  return yearNow - years;
}
