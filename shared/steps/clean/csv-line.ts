import type { CsvValue } from './record-profile';

const NEEDS_QUOTES = /[",\r\n]|^\s|\s$/;

/**
 * One CSV record as both PostgreSQL `COPY … (FORMAT csv)` and Redshift `COPY … CSV` read it: NULL is an empty
 * unquoted field, an empty string is `""`, fields with quotes, commas, line breaks or edge spaces are quoted.
 */
export function csvLine(values: readonly CsvValue[]): string {
  let line = '';
  for (let i = 0; i < values.length; i++) {
    if (i > 0) line += ',';
    const value = values[i];
    if (value === null || value === undefined) continue;
    if (typeof value === 'number') {
      line += Number.isFinite(value) ? String(value) : '';
      continue;
    }
    if (typeof value === 'boolean') {
      line += value ? 'true' : 'false';
      continue;
    }
    if (value === '' || NEEDS_QUOTES.test(value)) line += `"${value.replace(/"/g, '""')}"`;
    else line += value;
  }
  return `${line}\n`;
}
