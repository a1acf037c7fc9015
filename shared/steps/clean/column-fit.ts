import type { CsvValue, WarehouseType } from './record-profile';

/** What the warehouse refuses, as clean guards it: one refused value would fail the whole COPY, not just its row. */
const INT4_MIN = -2_147_483_648;
const INT4_MAX = 2_147_483_647;
/**
 * 2^63, exclusive: bigint's maximum 2^63 − 1 is no double (it rounds to 2^63), so `<=` with it would let 2^63 through.
 * Numbers from 1e21 on would also print in exponent form, which no integer column reads.
 */
const INT8_BOUND = 2 ** 63;
/** Calendar years clean loads: far inside what PostgreSQL and Redshift take, and wide enough for any real fact. */
export const MIN_LOADED_YEAR = 1900;
export const MAX_LOADED_YEAR = 2200;

const DATE_TIME = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.\d{1,9})?)?\s*(Z|[+-](\d{2})(?::?(\d{2}))?)?)?$/i;

function daysInMonth(year: number, month: number): number {
  if (month === 2) return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0 ? 29 : 28;
  return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
}

function digitsAt(value: string, from: number, count: number): number {
  let number = 0;
  for (let i = from; i < from + count; i++) {
    const digit = value.charCodeAt(i) - 48;
    if (digit < 0 || digit > 9) return -1;
    number = number * 10 + digit;
  }
  return number;
}

/** A date or date-time the warehouse takes: a real calendar date in the loaded years, a real clock time and offset. */
export function isLoadableDateTime(value: string): boolean {
  if (value.length === 10 && value.charCodeAt(4) === 45 && value.charCodeAt(7) === 45) {
    // `yyyy-mm-dd`, what clean's own date parsing writes: read without a regular expression (it runs for every row).
    const year = digitsAt(value, 0, 4);
    const month = digitsAt(value, 5, 2);
    const day = digitsAt(value, 8, 2);
    return year >= MIN_LOADED_YEAR && year <= MAX_LOADED_YEAR && month >= 1 && month <= 12 && day >= 1 && day <= daysInMonth(year, month);
  }
  const match = DATE_TIME.exec(value);
  if (match === null) return false;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  if (year < MIN_LOADED_YEAR || year > MAX_LOADED_YEAR || month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) return false;
  if (match[4] !== undefined && (Number(match[4]) > 23 || Number(match[5]) > 59 || Number(match[6] ?? 0) > 59)) return false;
  if (match[8] !== undefined && (Number(match[8]) > 15 || Number(match[9] ?? 0) > 59)) return false;
  return true;
}

/** True when the column's warehouse type accepts the value as csvLine writes it. */
export function fitsType(value: CsvValue, type: WarehouseType): boolean {
  if (value === null) return true;
  switch (type) {
    case 'int4':
      return typeof value === 'number' && Number.isInteger(value) && value >= INT4_MIN && value <= INT4_MAX;
    case 'int8':
      return typeof value === 'number' && Number.isInteger(value) && Math.abs(value) < INT8_BOUND;
    case 'boolean':
      return typeof value === 'boolean';
    case 'date':
    case 'timestamp':
    case 'timestamptz':
      return typeof value === 'string' && isLoadableDateTime(value);
  }
}

/** The longest prefix of `value` that takes at most `maxBytes` UTF-8 bytes, never splitting a character. */
export function cutToBytes(value: string, maxBytes: number): string {
  const { read } = new TextEncoder().encodeInto(value, new Uint8Array(maxBytes));
  return value.slice(0, read);
}

/** What clean does with a text value wider than its column: cut it (the default), empty it, or reject the record. */
export type TooLongPolicy = 'truncate' | 'null' | 'reject';

export interface ColumnRules {
  columns: readonly string[];
  maxBytes: Readonly<Partial<Record<string, number>>>;
  types: Readonly<Partial<Record<string, WarehouseType>>>;
  required: readonly string[];
  tooLong: Readonly<Partial<Record<string, Exclude<TooLongPolicy, 'truncate'>>>>;
}

export interface ColumnFit {
  values: readonly CsvValue[];
  /** Values nulled or cut: `out_of_range:<column>`, `too_long:<column>`, `truncated:<column>`. */
  warnings: string[];
  /** Set when a value the row cannot do without does not fit: `field_out_of_range:<column>`, `field_too_long:<column>`. */
  reasons: string[];
}

interface CompiledRule {
  index: number;
  column: string;
  maxBytes: number | null;
  type: WarehouseType | null;
  required: boolean;
  tooLong: TooLongPolicy;
}

/**
 * The guard between a profile's row and the CSV that COPY reads: every value fits its column or is changed so it does,
 * with a warning; only a value the row cannot do without (a NOT NULL column, a key) rejects the record.
 */
export function columnFitter(rules: ColumnRules): (values: readonly CsvValue[]) => ColumnFit | null {
  const compiled: CompiledRule[] = rules.columns
    .map((column, index) => ({
      index,
      column,
      maxBytes: rules.maxBytes[column] ?? null,
      type: rules.types[column] ?? null,
      required: rules.required.includes(column),
      // A NOT NULL column can be neither emptied nor, being a key, cut.
      tooLong: rules.required.includes(column) ? 'reject' : (rules.tooLong[column] ?? 'truncate'),
    }) satisfies CompiledRule)
    .filter((rule) => rule.maxBytes !== null || rule.type !== null);
  const typed = compiled.filter((rule) => rule.type !== null);
  const texts = compiled.filter((rule) => rule.type === null);
  return (values) => {
    let fit: { values: CsvValue[]; warnings: string[]; reasons: string[] } | null = null;
    for (const rule of typed) {
      const value = values[rule.index] ?? null;
      if (value === null || fitsType(value, rule.type as WarehouseType)) continue;
      fit ??= { values: [...values], warnings: [], reasons: [] };
      if (rule.required) fit.reasons.push(`field_out_of_range:${rule.column}`);
      else {
        fit.values[rule.index] = null;
        fit.warnings.push(`out_of_range:${rule.column}`);
      }
    }
    for (const rule of texts) {
      const value = values[rule.index];
      // A string of n UTF-16 units takes at most 3n UTF-8 bytes, so only long values are measured.
      const limit = rule.maxBytes as number;
      if (typeof value !== 'string' || value.length * 3 <= limit || Buffer.byteLength(value, 'utf8') <= limit) continue;
      fit ??= { values: [...values], warnings: [], reasons: [] };
      if (rule.tooLong === 'reject') fit.reasons.push(`field_too_long:${rule.column}`);
      else if (rule.tooLong === 'null') {
        fit.values[rule.index] = null;
        fit.warnings.push(`too_long:${rule.column}`);
      } else {
        fit.values[rule.index] = cutToBytes(value, limit);
        fit.warnings.push(`truncated:${rule.column}`);
      }
    }
    return fit;
  };
}
