import { once } from 'node:events';
import type { Writable } from 'node:stream';
import ExcelJS from 'exceljs';
import { cellValue, NUMBER_FORMATS, type SheetColumn } from './sheet-columns';
import { neutralizeFormula } from './neutralize-formula';
import { placePictures } from './sheet-pictures';
import { columnLetter, excelSerial, formulaCell, numberCell, textCell } from './sheet-row-xml';

/** Excel's limit is 1,048,576 rows per sheet; one is the header. */
export const EXCEL_MAX_DATA_ROWS = 1_048_575;

/**
 * Excel keeps at most 65,530 hyperlinks (relationships) per worksheet, and every one of them sits in memory
 * until the sheet's relationships part is written after the sheet. Past that many on one sheet, a link becomes
 * a HYPERLINK() formula — clickable just the same, no relationship, no memory.
 */
export const MAX_RELATIONSHIP_LINKS_PER_SHEET = 65_530;
// HYPERLINK's arguments are text literals, which Excel caps at 255 characters.
const MAX_FORMULA_TEXT = 255;

/** A link cell as a HYPERLINK formula with its shown text as the cached result; null when the URL cannot be one. */
export function hyperlinkFormula(link: { text: string; hyperlink: string }): { formula: string; result: string } | null {
  if (link.hyperlink.length > MAX_FORMULA_TEXT || link.hyperlink.includes('"')) return null;
  const shown = link.text.length > MAX_FORMULA_TEXT ? `${link.text.slice(0, MAX_FORMULA_TEXT - 1)}…` : link.text;
  // The URL and text are inside string literals, quotes doubled: data cannot end the literal and add formula code.
  return { formula: `HYPERLINK("${link.hyperlink}","${shown.replace(/"/g, '""')}")`, result: shown };
}

export type Row = Readonly<Record<string, unknown>>;

/** A table: styled frozen header, autofilter, one row per item of `rows` (consumed once, in order). */
export interface TableSheet {
  kind: 'table';
  name: string;
  columns: readonly SheetColumn[];
  rows: AsyncIterable<Row> | Iterable<Row>;
  /** Label/value lines above the table (e.g. last scrape per site); the header and freeze go below them. */
  preamble?: readonly (readonly [string, string | number | Date | null])[];
}

/** Label / value lines (the About sheet). Values are written as given: this text is ours, not data. */
export interface NotesSheet {
  kind: 'notes';
  name: string;
  lines: readonly (readonly [string, string | number | Date | null])[];
}

export interface ChartImage {
  title: string;
  png: Buffer;
  widthPx: number;
  heightPx: number;
}

export interface ChartsSheet {
  kind: 'charts';
  name: string;
  charts: readonly ChartImage[];
}

/** A sheet built only when its turn comes (the About sheet names the sheets a long table spilled onto). */
export interface LazySheet {
  kind: 'lazy';
  build: () => TableSheet | NotesSheet | ChartsSheet;
}

export type WorkbookSheet = TableSheet | NotesSheet | ChartsSheet | LazySheet;

export function lazySheet(build: LazySheet['build']): LazySheet {
  return { kind: 'lazy', build };
}

export interface WrittenSheet {
  /** The sheet's name in the file (a spilled table has "Leads (2)", …). */
  name: string;
  /** The table it belongs to. */
  table: string;
  dataRows: number;
}

export interface WriteWorkbookOptions {
  /** Data rows per sheet before a table spills to "<name> (2)"; Excel's maximum unless a test needs less. */
  maxDataRowsPerSheet?: number;
  created?: Date;
  /** Called every `progressEvery` rows of a table. */
  onProgress?: (table: string, rowsWritten: number) => void;
  progressEvery?: number;
  /** Links kept as hyperlink relationships per sheet before HYPERLINK formulas take over (tests lower it). */
  maxRelationshipLinksPerSheet?: number;
  /** Called as each sheet is opened, a spilled part ("Leads (2)") included. */
  onSheet?: (sheet: WrittenSheet) => void;
}

// Styles are built once and the same objects are given to every cell: exceljs's style registry caches by object
// identity (a WeakMap), so a million rows cost one style lookup each, not one XML serialization each.
const FONT_NAME = 'Calibri';
const HEADER_STYLE: Partial<ExcelJS.Style> = {
  font: { name: FONT_NAME, size: 11, bold: true, color: { argb: 'FFFFFFFF' } },
  fill: { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FF1F4E78' } },
  alignment: { vertical: 'middle', wrapText: true },
  border: { bottom: { style: 'thin', color: { argb: 'FF000000' } } },
};
const LABEL_STYLE: Partial<ExcelJS.Style> = { font: { name: FONT_NAME, size: 11, bold: true } };
const TITLE_STYLE: Partial<ExcelJS.Style> = { font: { name: FONT_NAME, size: 14, bold: true } };
const PLAIN_STYLE: Partial<ExcelJS.Style> = { font: { name: FONT_NAME, size: 11 }, alignment: { vertical: 'top', wrapText: true } };
const NOTE_DATE_STYLE: Partial<ExcelJS.Style> = { font: { name: FONT_NAME, size: 11 }, numFmt: 'yyyy-mm-dd hh:mm "UTC"' };
const LINK_STYLE: Partial<ExcelJS.Style> = { font: { name: FONT_NAME, size: 11, color: { argb: 'FF0563C1' }, underline: true } };

const columnStyles = new Map<string, Partial<ExcelJS.Style>>();
function styleFor(column: SheetColumn): Partial<ExcelJS.Style> {
  if (column.kind === 'link') return LINK_STYLE;
  const numFmt = NUMBER_FORMATS[column.kind];
  const key = numFmt ?? 'General';
  let style = columnStyles.get(key);
  if (!style) {
    style = numFmt ? { font: { name: FONT_NAME, size: 11 }, numFmt } : { font: { name: FONT_NAME, size: 11 } };
    columnStyles.set(key, style);
  }
  return style;
}

/** Excel sheet names: ≤ 31 characters, none of []:*?/\ — ours are constants, so a bad one is a bug. */
function assertSheetName(name: string): void {
  if (name.length === 0 || name.length > 31 || /[[\]:*?/\\]/.test(name)) throw new RangeError(`invalid Excel sheet name: ${JSON.stringify(name)}`);
}


/**
 * exceljs's sheet stream takes every row without backpressure: it hands full 64 KB buffers to the zip entry
 * and ignores the answer, and a loop fed by microtasks (an async generator of ready rows) never lets the zip or
 * the upload run. The whole sheet would then sit in memory. So every few rows the writer waits here until the
 * zip entry has drained (which waits on the upload in turn), or, before the zip has reached this sheet, until
 * the sheet's own buffer is small again.
 */
async function relieveBackpressure(worksheet: StreamWorksheet): Promise<void> {
  const stream = (worksheet as unknown as { stream: { pipes: ZipEntryInput[]; buffers: unknown[] } }).stream;
  for (;;) {
    const entry = stream.pipes[0];
    if (entry) {
      // archiver's entry is a readable-stream PassThrough, older than Node's writableNeedDrain: read its state.
      if (!(entry.writableNeedDrain ?? entry._writableState?.needDrain) || entry.destroyed) return;
      const settled = new AbortController();
      try {
        await Promise.race([once(entry, 'drain', { signal: settled.signal }), once(entry, 'close', { signal: settled.signal })]);
      } finally {
        settled.abort(); // removes the listener that did not fire
      }
      return;
    }
    if (stream.buffers.length < 64) return;
    await new Promise((resolve) => setImmediate(resolve));
  }
}

interface ZipEntryInput extends NodeJS.EventEmitter {
  writableNeedDrain?: boolean;
  _writableState?: { needDrain?: boolean };
  destroyed?: boolean;
}

const RELIEVE_EVERY_ROWS = 64;


/** exceljs's value types (lib/doc/enums.js), which decide the default number format of a style without one. */
const CELL_TYPE: Record<SheetColumn['kind'], number> = {
  text: 3, id: 3, boolean: 3, link: 5, vnd: 2, integer: 2, number: 2, percent: 2, date: 4, datetime: 4,
};

/** The parts of exceljs's streaming worksheet the row writer uses (not in its type definitions). */
function internals(worksheet: StreamWorksheet): {
  stream: { write(text: string): unknown };
  _sheetRelsWriter: { hyperlinksProxy: { push(link: { address: string; target: string }): void } };
} {
  return worksheet as unknown as ReturnType<typeof internals>;
}

type StreamWorkbook = ExcelJS.stream.xlsx.WorkbookWriter;
type StreamWorksheet = ReturnType<StreamWorkbook['addWorksheet']>;

/**
 * Writes an .xlsx to `out` with exceljs's streaming writer: every row is committed as soon as it is written, so
 * memory stays flat whatever the row count. A table longer than a sheet holds continues on "<name> (2)", "<name>
 * (3)", … — nothing is ever cut off — and the result lists every sheet written with its row count.
 * Resolves once the last byte has been handed to `out` (the caller waits for its own finish, e.g. an upload).
 */
export async function writeWorkbook(out: Writable, sheets: readonly WorkbookSheet[], options: WriteWorkbookOptions = {}): Promise<WrittenSheet[]> {
  const maxRows = options.maxDataRowsPerSheet ?? EXCEL_MAX_DATA_ROWS;
  if (!Number.isInteger(maxRows) || maxRows < 1 || maxRows > EXCEL_MAX_DATA_ROWS) throw new RangeError(`maxDataRowsPerSheet must be 1…${EXCEL_MAX_DATA_ROWS}`);
  const progressEvery = options.progressEvery ?? 50_000;
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: out, useStyles: true, useSharedStrings: false, zip: { zlib: { level: 1 } } });
  workbook.creator = 'xecu';
  workbook.created = options.created ?? new Date();
  const written: WrittenSheet[] = [];
  let drawings = 0;

  for (const entry of sheets) {
    const sheet = entry.kind === 'lazy' ? entry.build() : entry;
    assertSheetName(sheet.name);
    if (sheet.kind === 'notes') {
      const ws = workbook.addWorksheet(sheet.name, { views: [{ state: 'normal' }] });
      ws.columns = [{ width: 28 }, { width: 110 }];
      writeNotes(ws, sheet.lines);
      ws.commit();
      written.push({ name: sheet.name, table: sheet.name, dataRows: sheet.lines.length });
    } else if (sheet.kind === 'charts') {
      const ws = workbook.addWorksheet(sheet.name);
      ws.columns = [{ width: 100 }];
      let row = 1;
      const pictures = [];
      if (sheet.charts.length === 0) {
        const note = ws.getRow(1);
        note.getCell(1).value = 'No charts this time: the marts had no data for them.';
        note.getCell(1).style = PLAIN_STYLE;
        note.commit();
      }
      for (const chart of sheet.charts) {
        const title = ws.getRow(row);
        title.getCell(1).value = chart.title;
        title.getCell(1).style = TITLE_STYLE;
        title.commit();
        const imageId = workbook.addImage({ buffer: chart.png as unknown as ExcelJS.Buffer, extension: 'png' });
        pictures.push({ imageId, col: 0, row, widthPx: chart.widthPx, heightPx: chart.heightPx, description: chart.title });
        // Default rows are 20 px high: leave room for the picture and a gap before the next title.
        row += Math.ceil(chart.heightPx / 20) + 2;
      }
      drawings += 1;
      placePictures(workbook, ws, pictures, drawings);
      ws.commit();
      written.push({ name: sheet.name, table: sheet.name, dataRows: sheet.charts.length });
    } else {
      written.push(...(await writeTable(workbook, sheet, maxRows, progressEvery, options)));
    }
  }
  await workbook.commit();
  return written;
}

function writeNotes(ws: StreamWorksheet, lines: NotesSheet['lines'], firstRow = 1): number {
  let rowNumber = firstRow;
  for (const [label, value] of lines) {
    const row = ws.getRow(rowNumber);
    row.getCell(1).value = label;
    row.getCell(1).style = LABEL_STYLE;
    if (value !== null) {
      row.getCell(2).value = value;
      row.getCell(2).style = value instanceof Date ? NOTE_DATE_STYLE : PLAIN_STYLE;
    }
    row.commit();
    rowNumber += 1;
  }
  return rowNumber;
}

function openTablePart(workbook: StreamWorkbook, table: TableSheet, name: string, withPreamble: boolean): { ws: StreamWorksheet; headerRow: number } {
  const preamble = withPreamble ? (table.preamble ?? []) : [];
  const headerRow = preamble.length > 0 ? preamble.length + 2 : 1;
  const lastColumn = columnLetter(table.columns.length - 1);
  const ws = workbook.addWorksheet(name, {
    views: [{ state: 'frozen', xSplit: 0, ySplit: headerRow, topLeftCell: `A${headerRow + 1}`, activeCell: `A${headerRow + 1}` }],
  });
  ws.columns = table.columns.map((column) => ({ key: column.key, width: column.width }));
  ws.autoFilter = `A${headerRow}:${lastColumn}${headerRow}`;
  // Preamble values come from data (site names): neutralize text like any data cell.
  writeNotes(
    ws,
    preamble.map(([label, value]) => [label, typeof value === 'string' ? neutralizeFormula(value) : value] as const),
  );
  const header = ws.getRow(headerRow);
  header.height = 30;
  table.columns.forEach((column, index) => {
    const cell = header.getCell(index + 1);
    cell.value = column.header;
    cell.style = HEADER_STYLE;
  });
  header.commit();
  return { ws, headerRow };
}

async function writeTable(
  workbook: StreamWorkbook,
  table: TableSheet,
  maxRows: number,
  progressEvery: number,
  { onProgress, onSheet, maxRelationshipLinksPerSheet: maxLinks = MAX_RELATIONSHIP_LINKS_PER_SHEET }: WriteWorkbookOptions,
): Promise<WrittenSheet[]> {
  if (table.columns.length === 0) throw new RangeError(`sheet ${table.name} has no columns`);
  const styles = table.columns.map(styleFor);
  // exceljs's style ids for our style objects (its registry caches them by identity), and the column letters.
  const registry = (workbook as unknown as { styles: { addStyleModel(style: unknown, cellType: number): number } }).styles;
  const styleIds = table.columns.map((column, index) => registry.addStyleModel(styles[index], CELL_TYPE[column.kind]));
  const letters = table.columns.map((_, index) => columnLetter(index));
  const parts: WrittenSheet[] = [];
  let part = 1;
  let { ws, headerRow } = openTablePart(workbook, table, table.name, true);
  let current: WrittenSheet = { name: table.name, table: table.name, dataRows: 0 };
  parts.push(current);
  onSheet?.(current);
  let total = 0;
  let linksInPart = 0;
  for await (const data of table.rows) {
    if (current.dataRows >= maxRows) {
      linksInPart = 0;
      ws.commit();
      part += 1;
      const name = `${table.name} (${part})`;
      assertSheetName(name);
      ({ ws, headerRow } = openTablePart(workbook, table, name, false));
      current = { name, table: table.name, dataRows: 0 };
      parts.push(current);
      onSheet?.(current);
    }
    const rowNumber = headerRow + current.dataRows + 1;
    let xml = `<row r="${rowNumber}">`;
    for (let index = 0; index < table.columns.length; index += 1) {
      const value = cellValue(table.columns[index] as SheetColumn, data);
      if (value === null) continue;
      const ref = `${letters[index]}${rowNumber}`;
      const style = styleIds[index] as number;
      if (typeof value === 'number') xml += numberCell(ref, style, value);
      else if (typeof value === 'string') xml += textCell(ref, style, value);
      else if (value instanceof Date) xml += numberCell(ref, style, excelSerial(value));
      else {
        linksInPart += 1;
        const formula = linksInPart > maxLinks ? hyperlinkFormula(value) : null;
        if (formula) xml += formulaCell(ref, style, formula.formula, formula.result);
        else if (linksInPart > maxLinks) xml += textCell(ref, style, value.text);
        else {
          // A hyperlink relationship, as exceljs records one: its target in the sheet's rels, the cell in <hyperlinks>.
          internals(ws)._sheetRelsWriter.hyperlinksProxy.push({ address: ref, target: value.hyperlink });
          xml += textCell(ref, style, value.text);
        }
      }
    }
    internals(ws).stream.write(`${xml}</row>`);
    current.dataRows += 1;
    total += 1;
    if (total % RELIEVE_EVERY_ROWS === 0) await relieveBackpressure(ws);
    if (onProgress && total % progressEvery === 0) onProgress(table.name, total);
  }
  ws.commit();
  return parts;
}
