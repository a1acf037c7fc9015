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

const QUOTE_OR_BREAK = /["\r\n]/;

/**
 * True when `line`, the fields joined with commas, needs no quoting: exactly `commas` commas (so no field holds one),
 * no quote or line break, and no space at a field's edge (next to a comma or at an end of the line).
 */
function isPlainJoin(line: string, commas: number): boolean {
  if (QUOTE_OR_BREAK.test(line)) return false;
  if (line.length > 0 && (isSpace(line.charCodeAt(0)) || isSpace(line.charCodeAt(line.length - 1)))) return false;
  let count = 0;
  for (let at = line.indexOf(','); at >= 0; at = line.indexOf(',', at + 1)) {
    if (++count > commas || isSpace(line.charCodeAt(at - 1)) || isSpace(line.charCodeAt(at + 1))) return false;
  }
  return count === commas;
}

function quotedField(value: string): string {
  return `"${value.replace(/"/g, '""')}"`;
}

function needsQuotes(value: string): boolean {
  return value === '' || QUOTE_OR_BREAK.test(value) || value.includes(',') || isSpace(value.charCodeAt(0)) || isSpace(value.charCodeAt(value.length - 1));
}

/**
 * One CSV record as both PostgreSQL `COPY … (FORMAT csv)` and Redshift `COPY … CSV` read it: NULL is an empty
 * unquoted field, an empty string is `""`, fields with quotes, commas, line breaks or edge spaces are quoted.
 * Most rows need no quoting at all: they are joined in one go (a flat string, cheap to encode) and checked whole.
 */
export function csvLine(values: readonly CsvValue[]): string {
  let plain = true;
  for (let i = 0; i < values.length; i++) {
    const value = values[i];
    if (value === '' || (typeof value === 'number' && !Number.isFinite(value))) {
      plain = false;
      break;
    }
  }
  if (plain) {
    // join writes null and undefined as empty fields, numbers as String() does, booleans as true/false.
    const line = values.join(',');
    if (isPlainJoin(line, values.length - 1)) return `${line}\n`;
  }
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
    line += needsQuotes(value) ? quotedField(value) : value;
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
