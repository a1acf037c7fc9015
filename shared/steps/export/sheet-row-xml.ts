/**
 * One data row as SpreadsheetML, written straight into exceljs's sheet stream. exceljs's own row path builds a Row,
 * Cells, a model and an XML tree per row (≈ 60 µs for 30 columns): most of a million-row export. The row XML is
 * simple enough to write directly, in the forms exceljs itself writes (numbers and date serials in <v>, text as
 * inline strings, links registered as sheet relationships), with the style ids exceljs assigned to our styles.
 */

// Characters XML 1.0 cannot carry at all (a scraped title can hold them); Excel would refuse the file.
const INVALID_XML = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/g;
const XML_SPECIAL = /[&<>"]/g;
const XML_ENTITY: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' };

export function xmlText(text: string): string {
  return text.replace(INVALID_XML, '').replace(XML_SPECIAL, (ch) => XML_ENTITY[ch] as string);
}

/** Excel's serial day number (1900 date system) of a Date, in UTC. */
export function excelSerial(date: Date): number {
  return date.getTime() / 86_400_000 + 25_569;
}

export function columnLetter(index: number): string {
  let n = index + 1;
  let letters = '';
  while (n > 0) {
    const rem = (n - 1) % 26;
    letters = String.fromCharCode(65 + rem) + letters;
    n = Math.floor((n - 1) / 26);
  }
  return letters;
}

export function numberCell(ref: string, style: number, value: number): string {
  return `<c r="${ref}" s="${style}"><v>${value}</v></c>`;
}

const EDGE_SPACE = /^\s|\s$/;

export function textCell(ref: string, style: number, value: string): string {
  // xml:space only where it matters (leading or trailing blanks): a million rows of it is megabytes to deflate.
  const open = EDGE_SPACE.test(value) ? '<t xml:space="preserve">' : '<t>';
  return `<c r="${ref}" s="${style}" t="inlineStr"><is>${open}${xmlText(value)}</t></is></c>`;
}

/** A formula cell with its cached result text (shown until the program recalculates). */
export function formulaCell(ref: string, style: number, formula: string, result: string): string {
  return `<c r="${ref}" s="${style}" t="str"><f>${xmlText(formula)}</f><v>${xmlText(result)}</v></c>`;
}
