/**
 * Characters that make a spreadsheet read a cell as a formula (or, for tab and CR, let a CSV round trip smuggle one
 * in): `=`, `+`, `-`, `@`, tab, carriage return. OWASP's "CSV injection" advice: prefix such text with a single quote.
 * An .xlsx string cell is not evaluated when opened, but it becomes a formula the moment a user edits it or saves
 * the sheet as CSV, so every text cell that comes from scraped or exported data goes through this.
 */
const FORMULA_TRIGGERS = new Set(['=', '+', '-', '@', '\t', '\r']);

/** The text as it should sit in a cell: unchanged, or prefixed with `'` when it would start a formula. */
export function neutralizeFormula(text: string): string {
  const first = text.charAt(0);
  // A fullwidth ＝ / ＋ / － / ＠ is folded to ASCII by some spreadsheet programs on input: treat it the same.
  if (FORMULA_TRIGGERS.has(first) || FULLWIDTH_TRIGGERS.has(first)) return `'${text}`;
  return text;
}

const FULLWIDTH_TRIGGERS = new Set(['\uFF1D', '\uFF0B', '\uFF0D', '\uFF20']);
