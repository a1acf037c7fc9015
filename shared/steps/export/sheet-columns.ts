import { neutralizeFormula } from './neutralize-formula';

/**
 * What a column holds, which decides how a value from the warehouse becomes a cell:
 * - `text`: free text from data, neutralized against formula injection;
 * - `id`: phones, listing ids, VINs — always text (no lost leading zero, no 1.2E+10), neutralized too;
 * - `vnd`: money in đồng, a number with the `#,##0 "₫"` format;
 * - `integer`, `number`, `percent`: numbers with their format;
 * - `date`, `datetime`: real Excel dates (UTC);
 * - `link`: a URL shown as a hyperlink (http/https only; anything else is written as neutralized text);
 * - `boolean`: "yes"/"no" text, which filters better than TRUE/FALSE.
 */
export type ColumnKind = 'text' | 'id' | 'vnd' | 'integer' | 'number' | 'percent' | 'date' | 'datetime' | 'link' | 'boolean';

export interface SheetColumn {
  /** The row field (the SQL column name). */
  key: string;
  header: string;
  kind: ColumnKind;
  /** Column width in characters. */
  width: number;
  /** For `link`: the row field whose text is shown (default: the URL itself). */
  linkTextKey?: string;
}

export type CellValue = string | number | Date | { text: string; hyperlink: string } | null;

export const NUMBER_FORMATS: Record<ColumnKind, string | undefined> = {
  text: '@',
  id: '@',
  vnd: '#,##0 "₫"',
  integer: '#,##0',
  number: '#,##0.00',
  percent: '0.0%',
  date: 'yyyy-mm-dd',
  datetime: 'yyyy-mm-dd hh:mm',
  link: undefined,
  boolean: undefined,
};

/** A warehouse value (pg gives bigint and numeric as strings, Redshift Data API gives numbers) as a finite number. */
export function toNumber(value: unknown): number | null {
  if (value === null || value === undefined || value === '') return null;
  const number = typeof value === 'number' ? value : typeof value === 'bigint' ? Number(value) : Number(String(value));
  return Number.isFinite(number) ? number : null;
}

/** A date or timestamp as a Date; strings without a zone are UTC, as the warehouse stores them. */
export function toDate(value: unknown): Date | null {
  if (value === null || value === undefined || value === '') return null;
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? null : value;
  const text = String(value).trim();
  const iso = /^\d{4}-\d{2}-\d{2}$/.test(text) ? `${text}T00:00:00Z` : /[zZ]|[+-]\d{2}:?\d{2}$/.test(text) ? text.replace(' ', 'T') : `${text.replace(' ', 'T')}Z`;
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? null : date;
}

function toText(value: unknown): string | null {
  if (value === null || value === undefined) return null;
  const text = value instanceof Date ? value.toISOString() : String(value);
  return text === '' ? null : neutralizeFormula(text);
}

const SAFE_URL = /^https?:\/\/[^\s]+$/i;

/** The cell for one value of a column. */
export function cellValue(column: SheetColumn, row: Readonly<Record<string, unknown>>): CellValue {
  const value = row[column.key];
  switch (column.kind) {
    case 'text':
    case 'id':
      return toText(value);
    case 'vnd':
    case 'integer':
    case 'number':
    case 'percent':
      return toNumber(value);
    case 'date':
    case 'datetime':
      return toDate(value);
    case 'boolean':
      if (value === null || value === undefined) return null;
      return value === true || value === 'true' || value === 't' || value === 1 ? 'yes' : 'no';
    case 'link': {
      if (value === null || value === undefined || value === '') return null;
      const url = String(value);
      const label = column.linkTextKey === undefined ? url : String(row[column.linkTextKey] ?? url);
      // A javascript:, file: or formula-looking target is not a link anyone should click: show it as text.
      if (!SAFE_URL.test(url)) return neutralizeFormula(url);
      return { text: neutralizeFormula(label), hyperlink: url };
    }
  }
}
