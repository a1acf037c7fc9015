import { Transform } from 'node:stream';
import type { Log } from '../../ports/log';
import type { ObjectStore } from '../../ports/object-store';
import type { Warehouse } from '../../ports/warehouse';
import { loadSql } from '../../sql';
import { daysOnMarketSpec, listingsByProvinceSpec, medianPriceByAgeSpec } from './chart-specs';
import type { ChartRef, ExportInput, ExportResult, PriceDropSummary } from './contracts';
import { renderChart, type RenderedChart } from './render-chart';
import { toNumber } from './sheet-columns';
import { DATA_QUALITY_SHEET, LEADS_SHEET, PRICE_DROPS_SHEET, PROSPECTS_SHEET, TABLE_SHEETS } from './workbook-sheets';
import { keysetPages } from './warehouse-pages';
import { lazySheet, writeWorkbook, type ChartImage, type Row, type NotesSheet, type TableSheet, type WriteWorkbookOptions } from './workbook-writer';

export const XLSX_CONTENT_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/** The warehouse as the export sees it: it only reads. */
export type WarehouseReader = Pick<Warehouse, 'query'>;

export interface ExportDependencies {
  warehouse: WarehouseReader;
  objectStore: ObjectStore;
  exportsBucket: string;
  log: Log;
  /** The clock (tests pass a fixed one). */
  now?: () => Date;
  /** Rows per sheet before spilling (Excel's maximum unless a test needs less). */
  maxDataRowsPerSheet?: number;
}

const NEW_LEAD_DAYS = 7;
const TOP_DROPS = 5;

/** Where a report's files go: `reports/<report>/<date>/<name>`. */
export function reportKey(report: string, reportDate: string, name: string): string {
  return `reports/${report}/${reportDate}/${name}`;
}

/** Counts and keeps the few facts the email needs while the rows stream past (no second query). */
async function* tap(rows: AsyncIterable<Row>, seen: (row: Row) => void): AsyncGenerator<Row> {
  for await (const row of rows) {
    seen(row);
    yield row;
  }
}

function insertTopDrop(top: PriceDropSummary[], row: Row): void {
  const dropVnd = toNumber(row.drop_vnd);
  if (dropVnd === null) return;
  const worst = top[top.length - 1];
  if (top.length >= TOP_DROPS && worst && worst.dropVnd >= dropVnd) return;
  top.push({
    title: String(row.title ?? [row.make, row.model, row.year].filter((part) => part !== null && part !== undefined).join(' ')),
    url: typeof row.url === 'string' && /^https?:\/\//i.test(row.url) ? row.url : null,
    firstPriceVnd: toNumber(row.first_price_vnd),
    priceVnd: toNumber(row.price_vnd),
    dropVnd,
    daysToFirstDrop: toNumber(row.days_to_first_drop),
  });
  top.sort((a, b) => b.dropVnd - a.dropVnd);
  if (top.length > TOP_DROPS) top.pop();
}

/** The three charts, from small aggregate queries; a chart with no data is left out (and the About sheet says so). */
async function renderCharts(warehouse: WarehouseReader, log: Log): Promise<{ name: string; title: string; chart: RenderedChart }[]> {
  const out: { name: string; title: string; chart: RenderedChart }[] = [];
  const priceByAge = await warehouse.query<{ model_name: string; age_years: unknown; median_price_vnd: unknown }>(
    loadSql('export/chart_median_price_by_age'),
    { top_models: 6 },
  );
  const points = priceByAge
    .map((p) => ({ model_name: p.model_name, age_years: toNumber(p.age_years), median_price_vnd: toNumber(p.median_price_vnd) }))
    .filter((p): p is { model_name: string; age_years: number; median_price_vnd: number } => p.age_years !== null && p.median_price_vnd !== null);
  if (points.length > 0) {
    out.push({ name: 'median-price-by-age', title: 'Median asking price by age, top models', chart: await renderChart(medianPriceByAgeSpec(points)) });
  }
  const provinces = (await warehouse.query<{ province: string; listings: unknown }>(loadSql('export/chart_listings_by_province'), { top_provinces: 20 }))
    .map((r) => ({ province: r.province, listings: toNumber(r.listings) ?? 0 }));
  if (provinces.length > 0) {
    out.push({ name: 'listings-by-province', title: 'Listings by province', chart: await renderChart(listingsByProvinceSpec(provinces)) });
  }
  const days = (await warehouse.query<{ model_name: string; median_days_on_market: unknown }>(loadSql('export/chart_days_on_market'), { top_models: 15 }))
    .map((r) => ({ model_name: r.model_name, median_days_on_market: toNumber(r.median_days_on_market) }))
    .filter((r): r is { model_name: string; median_days_on_market: number } => r.median_days_on_market !== null);
  if (days.length > 0) {
    out.push({ name: 'days-on-market-by-model', title: 'Median days on market by model', chart: await renderChart(daysOnMarketSpec(days)) });
  }
  log.info('export: charts rendered', { charts: out.map((c) => c.name) });
  return out;
}

function aboutLines(input: ExportInput, takenAt: Date, charts: readonly string[], spilled: readonly string[]): [string, string | number | Date | null][] {
  return [
    ['xecu sales workbook', `report "${input.report}"`],
    ['Data taken at', takenAt],
    ['Sources', 'Company customer exports (sales and service records) and used-car listings scraped from chotot.com and xetot.com.'],
    ['', null],
    ...TABLE_SHEETS.map((sheet): [string, string] => [sheet.name, sheet.meaning]),
    ['Charts', charts.length > 0 ? `Pictures: ${charts.join('; ')}.` : 'No chart: the marts had no data for them yet.'],
    ['', null],
    ['Money', 'Vietnamese đồng (₫), as numbers: sum and filter them like any number.'],
    ['Dates', 'Real dates (UTC). Phones and ids are text, so their leading 0 stays.'],
    ['Text from the web', 'Text starting with = + - @ is shown with a leading apostrophe so no spreadsheet runs it as a formula.'],
    [
      'Long sheets',
      spilled.length > 0
        ? `More rows than one Excel sheet holds (1,048,575) continue on: ${spilled.join(', ')}.`
        : 'Every table fits on one sheet; a longer one would continue on "<name> (2)" — nothing is cut off.',
    ],
    ['New leads', `Leads whose listing appeared in the last ${NEW_LEAD_DAYS} days.`],
    ...Object.entries(input.thresholds ?? {}).map(([name, value]): [string, string | number] => [`Threshold: ${name}`, value]),
  ];
}

/**
 * The Export step. Stages: render the charts (small aggregate queries) and store them beside the workbook for
 * the email; stream every table sheet page by page from the marts into exceljs's streaming writer, whose bytes go
 * straight into the exports bucket (`reports/<report>/<date>/<report>-<date>.xlsx`, multipart on S3); count leads
 * and keep the top price drops on the way; add the About and Charts sheets. Memory: one page of rows and the
 * upload's parts, whatever the number of rows.
 */
export async function exportWorkbook(input: ExportInput, deps: ExportDependencies): Promise<ExportResult> {
  const takenAt = (deps.now ?? (() => new Date()))();
  const reportDate = input.reportDate ?? takenAt.toISOString().slice(0, 10);
  const name = `${input.report}-${reportDate}`;
  const workbookRef = { bucket: deps.exportsBucket, key: reportKey(input.report, reportDate, `${name}.xlsx`) };

  const rendered = await renderCharts(deps.warehouse, deps.log);
  const charts: ChartRef[] = [];
  for (const { name: chartName, title, chart } of rendered) {
    const ref = { bucket: deps.exportsBucket, key: reportKey(input.report, reportDate, `charts/${chartName}.png`) };
    await deps.objectStore.putBytes(ref, chart.png, { contentType: 'image/png' });
    charts.push({ title, ref, widthPx: chart.widthPx, heightPx: chart.heightPx });
  }

  const lastScrapes = await deps.warehouse.query<{ source: string; last_scraped_at: unknown; listings: unknown }>(loadSql('export/last_scrape_per_site'));
  let leads = 0;
  let newLeads = 0;
  let prospects = 0;
  const topPriceDrops: PriceDropSummary[] = [];

  const tables: TableSheet[] = TABLE_SHEETS.map((spec) => {
    let rows: AsyncIterable<Row> = keysetPages(deps.warehouse, spec.sql);
    if (spec === LEADS_SHEET) {
      rows = tap(rows, (row) => {
        leads += 1;
        const days = toNumber(row.days_listed);
        if (days !== null && days <= NEW_LEAD_DAYS) newLeads += 1;
      });
    } else if (spec === PROSPECTS_SHEET) {
      rows = tap(rows, () => {
        prospects += 1;
      });
    } else if (spec === PRICE_DROPS_SHEET) {
      rows = tap(rows, (row) => insertTopDrop(topPriceDrops, row));
    }
    const sheet: TableSheet = { kind: 'table', name: spec.name, columns: spec.columns, rows };
    if (spec === DATA_QUALITY_SHEET) {
      sheet.preamble = [
        ['Last scrape per site', 'UTC; listings = listings ever seen on that site'],
        ...lastScrapes.map((site): [string, string] => {
          const at = site.last_scraped_at instanceof Date ? site.last_scraped_at.toISOString() : String(site.last_scraped_at ?? '–');
          return [String(site.source), `${at.replace('T', ' ').slice(0, 16)} · ${toNumber(site.listings) ?? 0} listings`];
        }),
      ];
    }
    return sheet;
  });

  // About is built after the tables (it names spilled sheets), so it is written last, followed by Charts.
  const writeOptions: WriteWorkbookOptions = {
    created: takenAt,
    onProgress: (table, rows) => deps.log.info('export: rows written', { table, rows }),
    ...(deps.maxDataRowsPerSheet === undefined ? {} : { maxDataRowsPerSheet: deps.maxDataRowsPerSheet }),
  };
  const chartImages: ChartImage[] = rendered.map(({ title, chart }) => ({ title, png: chart.png, widthPx: chart.widthPx, heightPx: chart.heightPx }));
  const aboutSheet = (spilled: readonly string[]): NotesSheet => ({
    kind: 'notes',
    name: 'About',
    lines: aboutLines(input, takenAt, rendered.map((r) => r.title), spilled),
  });

  let workbookBytes = 0;
  // Counts the bytes on their way to the store (a 'data' listener would start the flow before the upload reads).
  const body = new Transform({
    transform(chunk: Buffer, _encoding, done) {
      workbookBytes += chunk.length;
      done(null, chunk);
    },
  });
  const upload = deps.objectStore.putStream(workbookRef, body, { contentType: XLSX_CONTENT_TYPE });
  // If the upload fails first the writer would wait on backpressure forever: end the body with the error.
  upload.catch((error: unknown) => body.destroy(error instanceof Error ? error : new Error(String(error))));
  const spilled: string[] = [];
  let written;
  try {
    written = await writeWorkbook(body, [...tables, lazySheet(() => aboutSheet(spilled)), { kind: 'charts', name: 'Charts', charts: chartImages }], {
      ...writeOptions,
      onSheet: (sheet) => {
        if (sheet.name !== sheet.table) spilled.push(sheet.name);
      },
    });
  } catch (error) {
    body.destroy(error instanceof Error ? error : new Error(String(error)));
    await upload.catch(() => undefined);
    throw error;
  }
  const { etag } = await upload;
  deps.log.info('export: workbook written', { key: workbookRef.key, sheets: written.length, leads, prospects });
  return {
    report: input.report,
    reportDate,
    takenAt: takenAt.toISOString(),
    workbook: workbookRef,
    ...(etag === undefined ? {} : { workbookEtag: etag }),
    workbookBytes,
    sheets: written,
    leads,
    newLeads,
    prospects,
    topPriceDrops,
    charts,
  };
}
