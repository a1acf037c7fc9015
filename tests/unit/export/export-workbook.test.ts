import ExcelJS from 'exceljs';
import { MemoryObjectStore } from '../../../shared/adapters/memory/memory-object-store';
import { silentLog } from '../../../shared/ports/log';
import { ExportInputSchema, ExportResultSchema } from '../../../shared/steps/export/contracts';
import { exportWorkbook } from '../../../shared/steps/export/export-workbook';
import { FixedMartsWarehouse, sampleMarts } from './fixed-marts-warehouse';

async function readBack(store: MemoryObjectStore, bucket: string, key: string): Promise<ExcelJS.Workbook> {
  const chunks: Buffer[] = [];
  for await (const chunk of await store.getStream({ bucket, key })) chunks.push(chunk as Buffer);
  const book = new ExcelJS.Workbook();
  await book.xlsx.load(Buffer.concat(chunks) as unknown as ArrayBuffer);
  return book;
}

describe('exportWorkbook', () => {
  const now = () => new Date('2026-12-06T04:00:00Z');

  it('streams every sheet from the marts page by page into reports/<report>/<date>/ and summarises for the email', async () => {
    // Prepare
    const warehouse = new FixedMartsWarehouse(sampleMarts(), 2);
    const store = new MemoryObjectStore();
    // Act
    const result = await exportWorkbook(ExportInputSchema.parse({ report: 'sales', thresholds: { 'lead band': 'p ≥ 0.90' } }), {
      warehouse,
      objectStore: store,
      exportsBucket: 'xecu-test-exports',
      log: silentLog,
      now,
    });
    // Assess
    expect(ExportResultSchema.parse(result)).toEqual(result);
    expect(result.workbook).toEqual({ bucket: 'xecu-test-exports', key: 'reports/sales/2026-12-06/sales-2026-12-06.xlsx' });
    expect(result.leads).toBe(3);
    expect(result.workbookBytes).toBe((await store.head(result.workbook))?.size);
    expect(result.newLeads).toBe(2);
    expect(result.prospects).toBe(2);
    expect(result.topPriceDrops.map((drop) => drop.dropVnd)).toEqual([60_000_000, 20_000_000]);
    expect(result.charts.map((chart) => chart.ref.key)).toEqual([
      'reports/sales/2026-12-06/charts/median-price-by-age.png',
      'reports/sales/2026-12-06/charts/listings-by-province.png',
      'reports/sales/2026-12-06/charts/days-on-market-by-model.png',
    ]);
    // three leads in pages of two: after '', after the 2nd key, after the 3rd key (empty page ends it)
    const leadPages = warehouse.queries.filter((q) => q.name === 'export/leads_page').map((q) => q.params.after_key);
    expect(leadPages).toEqual(['', '0102|chotot|1002', '0103|chotot|1003']);

    const book = await readBack(store, 'xecu-test-exports', result.workbook.key);
    expect(book.worksheets.map((ws) => ws.name)).toEqual([
      'Leads', 'Review', 'Prospects', 'Market by model', 'Resale by age', 'Price drops', 'Data quality', 'About', 'Charts',
    ]);
    const leads = book.getWorksheet('Leads') as ExcelJS.Worksheet;
    expect(leads.getCell('D1').value).toBe('Customer');
    expect(leads.getCell('D2').value).toBe('Nguyễn Thị Huỳnh Đức');
    expect(leads.getCell('D3').value).toBe(`'=HYPERLINK("http://evil.example","click")`);
    expect(leads.getCell('E2').value).toBe('0903123456');
    expect(leads.getCell('L2').value).toBe(545_000_000);
    expect(leads.getCell('L2').numFmt).toBe('#,##0 "₫"');
    expect(leads.getCell('M2').value).toEqual(new Date('2026-05-02T09:30:00Z'));
    expect(leads.getCell('O2').value).toEqual({ text: 'Vios 2020 số 1', hyperlink: 'https://xe.chotot.com/mua-ban-oto/1001.htm' });
    expect(leads.getCell('O3').value).toEqual({ text: "'@SUM(1+1)", hyperlink: 'https://xe.chotot.com/mua-ban-oto/1002.htm' });
    expect(leads.getCell('O4').value).toBe('javascript:alert(1)');
    expect(leads.views[0]).toMatchObject({ state: 'frozen', ySplit: 1 });
    expect(leads.autoFilter).toBe('A1:AD1');
    const quality = book.getWorksheet('Data quality') as ExcelJS.Worksheet;
    expect(quality.getCell('A2').value).toBe('chotot');
    expect(quality.getCell('A5').value).toBe('Batch');
    expect(quality.getCell('E6').value).toBe(20000);
    const about = book.getWorksheet('About') as ExcelJS.Worksheet;
    expect(about.getColumn(1).values).toContain('Threshold: lead band');
    expect(about.getCell('B2').value).toEqual(now());
    expect((book.getWorksheet('Charts') as ExcelJS.Worksheet).getImages()).toHaveLength(3);
  });

  it('spills a table longer than a sheet onto "<name> (2)" and says so on the About sheet', async () => {
    // Prepare
    const store = new MemoryObjectStore();
    // Act
    const result = await exportWorkbook(ExportInputSchema.parse({ report: 'sales', reportDate: '2026-12-07' }), {
      warehouse: new FixedMartsWarehouse(sampleMarts(), 2),
      objectStore: store,
      exportsBucket: 'xecu-test-exports',
      log: silentLog,
      now,
      maxDataRowsPerSheet: 2,
    });
    // Assess
    expect(result.sheets.filter((sheet) => sheet.table === 'Leads')).toEqual([
      { name: 'Leads', table: 'Leads', dataRows: 2 },
      { name: 'Leads (2)', table: 'Leads', dataRows: 1 },
    ]);
    const book = await readBack(store, 'xecu-test-exports', 'reports/sales/2026-12-07/sales-2026-12-07.xlsx');
    expect((book.getWorksheet('Leads (2)') as ExcelJS.Worksheet).getCell('D2').value).toBe('Nguyễn Thị Huỳnh Đức');
    const about = (book.getWorksheet('About') as ExcelJS.Worksheet).getColumn(2).values.map(String);
    expect(about.some((line) => line.includes('continue on: Leads (2)'))).toBe(true);
  });
});
