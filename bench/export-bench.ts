/**
 * Export benchmark: a 1,000,000-row Leads sheet (the widest table, 30 columns, a hyperlink per row) streamed by the
 * workbook writer into the filesystem object store, as the Export step does into S3. Prints rows, time, rows/s,
 * file size, CPU seconds and peak RSS. Targets (issue 8): ≤ 400 MB peak RSS, ≤ 45 s on this machine.
 *
 *   npm run bench:export                     # 1M rows
 *   npm run bench:export -- --rows 200000    # another size
 */
import { mkdirSync, rmSync, statSync } from 'node:fs';
import path from 'node:path';
import { PassThrough } from 'node:stream';
import { parseArgs } from 'node:util';
import { FilesystemObjectStore } from '../shared/adapters/filesystem/filesystem-object-store';
import { LEADS_SHEET } from '../shared/steps/export/workbook-sheets';
import { writeWorkbook, type Row } from '../shared/steps/export/workbook-writer';

const ROOT = path.resolve(__dirname, '..');
const WORK = path.join(ROOT, '.cache', 'bench', `export-${process.pid}`);

const FAMILY = ['Nguyễn', 'Trần', 'Lê', 'Phạm', 'Huỳnh', 'Hoàng', 'Võ', 'Đặng'];
const GIVEN = ['An', 'Bình', 'Cường', 'Dũng', 'Hạnh', 'Lan', 'Minh', 'Thảo'];
const PROVINCES = ['Hồ Chí Minh', 'Hà Nội', 'Đà Nẵng', 'Cần Thơ', 'Hải Phòng'];
const MODELS = ['Vios', 'Fortuner', 'Innova', 'Camry', 'Corolla Cross'];

/** Lead rows shaped as export/leads_page returns them (pg gives bigints as strings), generated as they are read. */
async function* leadRows(count: number): AsyncGenerator<Row> {
  for (let i = 0; i < count; i += 1) {
    const model = MODELS[i % MODELS.length] as string;
    yield {
      match_probability: 0.9 + (i % 100) / 1000,
      suggested_action: i % 3 === 0 ? 'trade_in_offer' : 'service_reminder',
      action_reason: 'bought 6 years ago, last service 14 months ago',
      full_name: `${FAMILY[i % FAMILY.length]} Văn ${GIVEN[(i >> 3) % GIVEN.length]}`,
      phone: `09${String(10_000_000 + (i % 89_999_999)).padStart(8, '0')}`,
      email: i % 4 === 0 ? null : `khach${i}@example.vn`,
      customer_id: String(100_000 + i),
      bought_make: 'Toyota',
      bought_model: model,
      bought_variant: '1.5G CVT',
      bought_year: 2015 + (i % 10),
      bought_price_vnd: String(500_000_000 + (i % 400) * 1_000_000),
      last_service_at: '2025-10-02 09:30:00',
      service_visits: i % 9,
      title: `Toyota ${model} ${2015 + (i % 10)} chính chủ`,
      url: `https://xe.chotot.com/mua-ban-oto/${120_000_000 + i}.htm`,
      source: 'chotot',
      listing_id: String(120_000_000 + i),
      make: 'Toyota',
      model,
      year: 2015 + (i % 10),
      mileage_km: 10_000 + (i % 150_000),
      province: PROVINCES[i % PROVINCES.length],
      price_vnd: String(400_000_000 + (i % 300) * 1_000_000),
      market_median_price_vnd: '480000000',
      market_listing_count: 40,
      price_vs_market: ((i % 40) - 20) / 100,
      listed_on: '2026-11-20',
      days_listed: i % 60,
      price_drops: i % 3,
      why: 'same phone 0903…444; given name An (rare, +6.1); Vios 2019 vs bought 2019',
    };
  }
}

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { rows: { type: 'string', default: '1000000' } } });
  const rows = Number(values.rows);
  if (!Number.isInteger(rows) || rows <= 0) throw new Error('--rows must be a positive whole number');
  rmSync(WORK, { recursive: true, force: true });
  mkdirSync(WORK, { recursive: true });
  const store = new FilesystemObjectStore(WORK);
  const ref = { bucket: 'xecu-bench-exports', key: 'reports/bench/leads.xlsx' };
  let peakRss = 0;
  const sample = setInterval(() => {
    peakRss = Math.max(peakRss, process.memoryUsage.rss());
  }, 200);
  const started = performance.now();
  const cpuBefore = process.cpuUsage();
  try {
    const body = new PassThrough();
    const upload = store.putStream(ref, body);
    const written = await writeWorkbook(body, [{ kind: 'table', name: 'Leads', columns: LEADS_SHEET.columns, rows: leadRows(rows) }]);
    await upload;
    const seconds = (performance.now() - started) / 1000;
    const cpu = process.cpuUsage(cpuBefore);
    // On a shared machine wall time includes waiting for a core: CPU seconds say what the export itself costs.
    const cpuSeconds = (cpu.user + cpu.system) / 1e6;
    clearInterval(sample);
    const maxRssMb = Math.max(peakRss, process.resourceUsage().maxRSS * 1024) / 1024 / 1024;
    const bytes = statSync(store.pathOf(ref)).size;
    const line = {
      rows,
      sheets: written.map((sheet) => `${sheet.name}: ${sheet.dataRows}`),
      seconds: Number(seconds.toFixed(1)),
      cpuSeconds: Number(cpuSeconds.toFixed(1)),
      rowsPerSecond: Math.round(rows / seconds),
      fileMb: Number((bytes / 1024 / 1024).toFixed(1)),
      peakRssMb: Math.round(maxRssMb),
      targets: { peakRssMb: 400, seconds: 45 },
      met: maxRssMb <= 400 && seconds <= 45,
    };
    process.stdout.write(`${JSON.stringify(line)}\n`);
  } finally {
    clearInterval(sample);
    rmSync(WORK, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`${(error as Error).stack ?? String(error)}\n`);
  process.exit(1);
});
