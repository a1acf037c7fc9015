import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FilesystemObjectStore } from '../../../shared/adapters/filesystem/filesystem-object-store';
import { MemoryObjectStore } from '../../../shared/adapters/memory/memory-object-store';
import { PostgresWarehouse } from '../../../shared/adapters/postgres/postgres-warehouse';
import { silentLog } from '../../../shared/ports/log';
import { ExportInputSchema, type ExportResult } from '../../../shared/steps/export/contracts';
import { exportWorkbook } from '../../../shared/steps/export/export-workbook';
import { refreshMarts } from '../../../shared/steps/marts/refresh-marts';
import { insertMatches, insertVehicles, LISTINGS, loadSightings, MATCHES, VEHICLES, type FixtureListing } from '../marts/marts-fixture';
import { convertWithLibreOffice, ensureReaders, parseCsv, readWithOpenpyxl, type LibreOfficeResult, type OpenpyxlBook } from './real-readers';

const HOSTILE_NAME = '=HYPERLINK("http://evil.example","Nhấn vào đây")';
// A private Toyota seller matched to no one: a prospect, whose seller name tries a formula.
const HOSTILE: FixtureListing = {
  source: 'chotot', listingId: '6666', make: 'Toyota', model: 'Vios', year: 2019, province: 'Hồ Chí Minh', sellerType: 'private',
  mileageKm: 55_000, sellerName: HOSTILE_NAME, sellerPhone: '0987000111',
  sightings: [{ at: '2026-03-28T10:00', price: 455_000_000 }, { at: '2026-03-31T10:00', price: 455_000_000 }],
};

const SHEETS = ['Leads', 'Review', 'Prospects', 'Market by model', 'Resale by age', 'Price drops', 'Data quality', 'About', 'Charts'];

/** Column index (0-based) of a header in the first row of a table. */
const col = (header: string[], name: string): number => {
  const index = header.indexOf(name);
  if (index < 0) throw new Error(`no column ${name} in ${header.join(', ')}`);
  return index;
};

describe('the workbook from the marts on PGlite, opened by LibreOffice and openpyxl', () => {
  let root: string;
  let warehouse: PostgresWarehouse;
  let result: ExportResult;
  let file: string;
  let office: LibreOfficeResult;
  let openpyxl: OpenpyxlBook;
  let leadsInMart: number;

  beforeAll(async () => {
    ensureReaders();
    root = mkdtempSync(join(tmpdir(), 'xecu-export-readers-'));
    warehouse = new PostgresWarehouse({ objectStore: new MemoryObjectStore() });
    await warehouse.migrate();
    await loadSightings(warehouse, [...LISTINGS, HOSTILE]);
    await insertVehicles(warehouse, VEHICLES);
    await insertMatches(warehouse, MATCHES);
    const refresh = await refreshMarts({ removedAfterDays: 7 }, { warehouse });
    if (refresh.state !== 'FINISHED') throw new Error(`refresh failed: ${refresh.error ?? refresh.state}`);
    leadsInMart = Number((await warehouse.query<{ n: unknown }>('select count(*) as n from marts.leads'))[0]?.n);

    const store = new FilesystemObjectStore(join(root, 's3'));
    result = await exportWorkbook(ExportInputSchema.parse({ report: 'sales', thresholds: { 'lead band': 'p ≥ 0.90' } }), {
      warehouse,
      objectStore: store,
      exportsBucket: 'xecu-local-exports',
      log: silentLog,
      now: () => new Date('2026-04-01T01:00:00Z'),
    });
    file = store.pathOf(result.workbook);
    office = convertWithLibreOffice(file, join(root, 'office'));
    openpyxl = readWithOpenpyxl(file);
  }, 240_000);

  afterAll(async () => {
    await warehouse?.close();
    if (root) rmSync(root, { recursive: true, force: true });
  });

  it('writes every sheet, with the rows the marts hold', () => {
    // Assess
    expect(result.workbook.key).toBe('reports/sales/2026-04-01/sales-2026-04-01.xlsx');
    expect(leadsInMart).toBeGreaterThan(0);
    expect(result.leads).toBe(leadsInMart);
    expect(result.sheets.find((sheet) => sheet.name === 'Leads')?.dataRows).toBe(leadsInMart);
    expect(result.charts.length).toBe(3);
  });

  it('is opened and converted by LibreOffice, sheet names and cells intact', () => {
    // Assess: one CSV per sheet, Charts has no cells to speak of but is a sheet too
    expect(Object.keys(office.csv).sort()).toEqual([...SHEETS].sort());
    const leads = parseCsv(office.csv.Leads as string);
    const header = leads[0] as string[];
    expect(header.slice(0, 4)).toEqual(['Match probability', 'Suggested action', 'Why this action', 'Customer']);
    expect(leads).toHaveLength(leadsInMart + 1);
    // phones keep their leading 0; Vietnamese survives the round trip
    const phones = leads.slice(1).map((row) => row[col(header, 'Phone')]);
    expect(phones.every((phone) => /^0\d{9}$/.test(phone ?? ''))).toBe(true);
    expect(leads.slice(1).map((row) => row[col(header, 'Province')])).toContain('Hồ Chí Minh');

    const prospects = parseCsv(office.csv.Prospects as string);
    const prospectHeader = prospects[0] as string[];
    const hostile = prospects.find((row) => row[col(prospectHeader, 'Listing id')] === '6666') as string[];
    // the formula stayed text: LibreOffice shows it with the neutralizing apostrophe and did not evaluate it
    expect(hostile[col(prospectHeader, 'Seller')]).toBe(`'${HOSTILE_NAME}`);
    expect(hostile[col(prospectHeader, 'Seller phone')]).toBe('0987000111');
  });

  it('re-saves as .xlsx in LibreOffice, which openpyxl reads back with the same sheets', () => {
    // Act
    const resaved = readWithOpenpyxl(office.resaved);
    // Assess
    expect(resaved.sheets).toEqual(SHEETS);
    // LibreOffice understood the Charts sheet's pictures: it wrote them out again in its own drawing
    expect(resaved.media).toBe(3);
    expect(resaved.drawings).toBe(1);
    expect(office.stderr).not.toMatch(/error/i);
  });

  it('reads in openpyxl with frozen headers, filters, text phones, numeric VND, real dates and links', () => {
    // Assess
    expect(openpyxl.sheets).toEqual(SHEETS);
    const leads = openpyxl.sheet.Leads as NonNullable<OpenpyxlBook['sheet'][string]>;
    expect(leads.freeze).toBe('A2');
    expect(leads.filter).toBe('A1:AD1');
    const header = (leads.rows[0] ?? []).map((cell) => String(cell.v));
    const first = leads.rows[1] ?? [];
    const phone = first[col(header, 'Phone')];
    expect(phone?.t).toBe('s');
    expect(phone?.v).toMatch(/^0\d{9}$/);
    const price = first[col(header, 'Asking price')];
    expect(typeof price?.v).toBe('number');
    expect(price?.fmt).toBe('#,##0 "₫"');
    expect(first[col(header, 'Listed on')]?.t).toBe('d');
    expect(first[col(header, 'Listing')]?.link).toMatch(/^https:\/\/example\.test\/chotot\//);
    expect(openpyxl.media).toBe(3);
    expect(openpyxl.drawings).toBe(1);
    const quality = openpyxl.sheet['Data quality'] as NonNullable<OpenpyxlBook['sheet'][string]>;
    expect(quality.rows.map((row) => row[0]?.v)).toEqual(expect.arrayContaining(['chotot', 'xetot', 'Batch']));
  });
});
