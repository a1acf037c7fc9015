import type { Writable } from 'node:stream';
import ExcelJS from 'exceljs';
import { cellValue, NUMBER_FORMATS, type SheetColumn } from './sheet-columns';
import { neutralizeFormula } from './neutralize-formula';
import { placePictures } from './sheet-pictures';

/** Excel's limit is 1,048,576 rows per sheet; one is the header. */
export const EXCEL_MAX_DATA_ROWS = 1_048_575;

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

function columnLetter(index: number): string {
  let n = index + 1;
  let letters = '';
  while (n > 0) {
    const rem = (n - 1) % 26;
    letters = String.fromCharCode(65 + rem) + letters;
    n = Math.floor((n - 1) / 26);
  }
  return letters;
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
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: out, useStyles: true, useSharedStrings: false });
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
  { onProgress, onSheet }: WriteWorkbookOptions,
): Promise<WrittenSheet[]> {
  if (table.columns.length === 0) throw new RangeError(`sheet ${table.name} has no columns`);
  const styles = table.columns.map(styleFor);
  const parts: WrittenSheet[] = [];
  let part = 1;
  let { ws, headerRow } = openTablePart(workbook, table, table.name, true);
  let current: WrittenSheet = { name: table.name, table: table.name, dataRows: 0 };
  parts.push(current);
  onSheet?.(current);
  let total = 0;
  for await (const data of table.rows) {
    if (current.dataRows >= maxRows) {
      ws.commit();
      part += 1;
      const name = `${table.name} (${part})`;
      assertSheetName(name);
      ({ ws, headerRow } = openTablePart(workbook, table, name, false));
      current = { name, table: table.name, dataRows: 0 };
      parts.push(current);
      onSheet?.(current);
    }
    const row = ws.getRow(headerRow + current.dataRows + 1);
    for (let index = 0; index < table.columns.length; index += 1) {
      const value = cellValue(table.columns[index] as SheetColumn, data);
      if (value === null) continue;
      const cell = row.getCell(index + 1);
      cell.value = value;
      cell.style = styles[index] as Partial<ExcelJS.Style>;
    }
    row.commit();
    current.dataRows += 1;
    total += 1;
    if (onProgress && total % progressEvery === 0) onProgress(table.name, total);
  }
  ws.commit();
  return parts;
}
