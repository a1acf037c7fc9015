import { PassThrough } from 'node:stream';
import ExcelJS from 'exceljs';
import type { SheetColumn } from '../../../shared/steps/export/sheet-columns';
import { hyperlinkFormula, writeWorkbook, type Row } from '../../../shared/steps/export/workbook-writer';

const COLUMNS: SheetColumn[] = [
  { key: 'url', header: 'Listing', kind: 'link', width: 30, linkTextKey: 'title' },
  { key: 'phone', header: 'Phone', kind: 'id', width: 12 },
];

async function write(rows: Row[], options: Parameters<typeof writeWorkbook>[2]): Promise<{ book: ExcelJS.Workbook; sheets: Awaited<ReturnType<typeof writeWorkbook>> }> {
  const out = new PassThrough();
  const chunks: Buffer[] = [];
  out.on('data', (chunk: Buffer) => chunks.push(chunk));
  const sheets = await writeWorkbook(out, [{ kind: 'table', name: 'Leads', columns: COLUMNS, rows }], options);
  const book = new ExcelJS.Workbook();
  await book.xlsx.load(Buffer.concat(chunks) as unknown as ArrayBuffer);
  return { book, sheets };
}

describe('writeWorkbook', () => {
  it('keeps links past the per-sheet relationship cap clickable as HYPERLINK formulas', async () => {
    // Prepare
    const rows = [1, 2, 3].map((n) => ({ url: `https://xe.chotot.com/${n}.htm`, title: n === 3 ? 'Xe "đẹp"' : `Xe ${n}`, phone: '0903000000' }));
    // Act
    const { book } = await write(rows, { maxRelationshipLinksPerSheet: 1 });
    // Assess
    const sheet = book.getWorksheet('Leads') as ExcelJS.Worksheet;
    expect(sheet.getCell('A2').value).toEqual({ text: 'Xe 1', hyperlink: 'https://xe.chotot.com/1.htm' });
    expect(sheet.getCell('A3').value).toEqual({ formula: 'HYPERLINK("https://xe.chotot.com/2.htm","Xe 2")', result: 'Xe 2' });
    expect(sheet.getCell('A4').value).toEqual({ formula: 'HYPERLINK("https://xe.chotot.com/3.htm","Xe ""đẹp""")', result: 'Xe "đẹp"' });
  });

  it('writes text XML cannot hold safely: entities escaped, forbidden control characters dropped, edge blanks kept', async () => {
    // Prepare
    const rows = [{ url: 'https://x.vn/1?a=1&b=2', title: ' Xe <đẹp> & rẻ\u0001\u000b ', phone: '0903"000000' }];
    // Act
    const { book } = await write(rows, {});
    // Assess
    const sheet = book.getWorksheet('Leads') as ExcelJS.Worksheet;
    expect(sheet.getCell('A2').value).toEqual({ text: ' Xe <đẹp> & rẻ ', hyperlink: 'https://x.vn/1?a=1&b=2' });
    expect(sheet.getCell('B2').value).toBe('0903"000000');
  });

  it('never puts a URL a formula cannot hold into one', () => {
    // Act + Assess
    expect(hyperlinkFormula({ text: 'x', hyperlink: `https://x.vn/${'a'.repeat(300)}` })).toBeNull();
    expect(hyperlinkFormula({ text: 'x', hyperlink: 'https://x.vn/"),1+1,("' })).toBeNull();
  });

  it('continues a long table on numbered sheets with the same header, counting every row', async () => {
    // Prepare
    const rows = Array.from({ length: 5 }, (_, n) => ({ url: `https://x.vn/${n}`, title: `t${n}`, phone: `090300000${n}` }));
    // Act
    const { book, sheets } = await write(rows, { maxDataRowsPerSheet: 2 });
    // Assess
    expect(sheets.map((sheet) => [sheet.name, sheet.dataRows])).toEqual([['Leads', 2], ['Leads (2)', 2], ['Leads (3)', 1]]);
    expect((book.getWorksheet('Leads (3)') as ExcelJS.Worksheet).getCell('A1').value).toBe('Listing');
    expect((book.getWorksheet('Leads (3)') as ExcelJS.Worksheet).getCell('B2').value).toBe('0903000004');
  });
});
