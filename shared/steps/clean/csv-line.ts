import type { CsvValue } from './record-profile';

/** Whatever `\s` matches in a regular expression: an edge character that makes a field need quotes. */
function isSpace(code: number): boolean {
  if (code > 32 && code < 0xa0) return false;
  return (
    code === 32 ||
    (code >= 9 && code <= 13) ||
    code === 0xa0 ||
    code === 0x1680 ||
    (code >= 0x2000 && code <= 0x200a) ||
    code === 0x2028 ||
    code === 0x2029 ||
    code === 0x202f ||
    code === 0x205f ||
    code === 0x3000 ||
    code === 0xfeff
  );
}

/** Quotes, commas, line breaks anywhere or spaces at an edge; one char-code scan (a regex per field cost more). */
function needsQuotes(value: string): boolean {
  const last = value.length - 1;
  if (isSpace(value.charCodeAt(0)) || isSpace(value.charCodeAt(last))) return true;
  for (let i = 0; i <= last; i++) {
    const code = value.charCodeAt(i);
    if (code === 34 || code === 44 || code === 10 || code === 13) return true;
  }
  return false;
}

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
    if (value === '' || needsQuotes(value)) line += `"${value.replace(/"/g, '""')}"`;
    else line += value;
  }
  return `${line}\n`;
}

/**
 * The fields of one line written by csvLine: an empty unquoted field is null, a quoted one a string (`""` → `"`).
 * Only for csvLine's own output; the trailing line break is optional.
 */
export function parseCsvLine(line: string): (string | null)[] {
  const fields: (string | null)[] = [];
  let end = line.length;
  if (end > 0 && line.charCodeAt(end - 1) === 10) end--;
  let at = 0;
  for (;;) {
    if (at < end && line.charCodeAt(at) === 34) {
      let value = '';
      let from = at + 1;
      for (;;) {
        const quote = line.indexOf('"', from);
        if (quote < 0 || quote >= end) throw new Error('unterminated quoted CSV field');
        value += line.slice(from, quote);
        if (line.charCodeAt(quote + 1) === 34) {
          value += '"';
          from = quote + 2;
          continue;
        }
        at = quote + 1;
        break;
      }
      fields.push(value);
    } else {
      let comma = line.indexOf(',', at);
      if (comma < 0 || comma > end) comma = end;
      fields.push(comma === at ? null : line.slice(at, comma));
      at = comma;
    }
    if (at >= end) return fields;
    at++; // the comma
  }
}

/** Which columns of a row are not strings, so a row can be read back from its CSV line exactly. */
export type CsvColumnTypes = Readonly<Record<string, 'number' | 'boolean'>>;

/**
 * A row from the fields of its own csvLine: the inverse of `columns.map((c) => row[c])` for rows whose values are
 * strings, finite numbers, booleans or null (a non-finite number comes back as null, as it would from JSON).
 */
export function rowFromCsvLine<Row>(line: string, columns: readonly string[], types: CsvColumnTypes): Row {
  const fields = parseCsvLine(line);
  if (fields.length !== columns.length) throw new Error(`CSV line has ${fields.length} fields, expected ${columns.length}`);
  const row: Record<string, CsvValue> = {};
  for (let i = 0; i < columns.length; i++) {
    const column = columns[i] as string;
    const field = fields[i] as string | null;
    const type = types[column];
    if (field === null) row[column] = null;
    else if (type === 'number') row[column] = Number(field);
    else if (type === 'boolean') row[column] = field === 'true';
    else row[column] = field;
  }
  return row as Row;
}
