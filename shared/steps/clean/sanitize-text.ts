/**
 * Text a warehouse column can hold, whatever the export wrote: a control character or a broken UTF-16 unit in one
 * field must not cost the record (nor, once in the CSV, fail the whole COPY).
 *  - C0 controls, DEL and C1 controls go; tab, line feed and carriage return become a space (they separate words);
 *  - a lone surrogate (JSON's `"\ud800"`) and the noncharacters U+FFFE/U+FFFF/U+FDD0..U+FDEF (Redshift refuses them)
 *    become U+FFFD, the replacement character.
 */

/** What sanitizing one record changed, counted per record as warnings. */
export interface SanitizeFindings {
  controls: number;
  invalidCharacters: number;
}

const SUSPECT = /[\u0000-\u001f\u007f-\u009f\ud800-\udfff\ufdd0-\ufdef\ufffe\uffff]/;
const REPLACEMENT = '\uFFFD';

function isControl(code: number): boolean {
  return code < 0x20 || (code >= 0x7f && code <= 0x9f);
}

/** `value` made safe for a text column; counts what it changed into `found`. Unchanged text is returned as is. */
export function sanitizeText(value: string, found: SanitizeFindings): string {
  if (!SUSPECT.test(value)) return value;
  let out = '';
  let runStart = 0;
  const flush = (end: number) => {
    if (end > runStart) out += value.slice(runStart, end);
  };
  for (let i = 0; i < value.length; i++) {
    const code = value.charCodeAt(i);
    if (code < 0x7f && code >= 0x20) continue;
    if (isControl(code)) {
      flush(i);
      found.controls++;
      if (code === 9 || code === 10 || code === 13) out += ' ';
      runStart = i + 1;
      continue;
    }
    if (code >= 0xd800 && code <= 0xdbff) {
      const next = value.charCodeAt(i + 1);
      if (next >= 0xdc00 && next <= 0xdfff) {
        i++; // a proper pair
        continue;
      }
    } else if (!(code >= 0xdc00 && code <= 0xdfff) && !(code >= 0xfdd0 && code <= 0xfdef) && code < 0xfffe) {
      continue;
    }
    flush(i);
    found.invalidCharacters++;
    out += REPLACEMENT;
    runStart = i + 1;
  }
  flush(value.length);
  return out;
}

/**
 * Sanitizes the record's top-level string values in place, and nulls numbers too large for a double (1e400) (nested values are not loaded: a non-scalar in a field the
 * profile reads rejects the record anyway). Returns the warnings to count: one per kind of change.
 */
export function sanitizeRecord(record: Record<string, unknown>): string[] {
  const found: SanitizeFindings = { controls: 0, invalidCharacters: 0 };
  let infinite = 0;
  for (const key of Object.keys(record)) {
    const value = record[key];
    if (typeof value === 'string') {
      const clean = sanitizeText(value, found);
      if (clean !== value) record[key] = clean;
    } else if (typeof value === 'number' && !Number.isFinite(value)) {
      // JSON.parse reads 1e400 as Infinity: a number no column holds.
      record[key] = null;
      infinite++;
    }
  }
  const warnings: string[] = [];
  if (infinite > 0) warnings.push('number_out_of_range');
  if (found.controls > 0) warnings.push('control_characters_removed');
  if (found.invalidCharacters > 0) warnings.push('invalid_characters_replaced');
  return warnings;
}
