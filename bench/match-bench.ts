/**
 * Matching benchmark (issue 7): quality against labeled sample data, side by side with Splink, and speed.
 *
 * Quality: `xecu sample-data`'s customers (default 20,000 records) and labeled listings (default 5,000, chotot and
 * xetot, local/sample-data/listing-generator.ts) go through the full offline ingest (clean → stage → COPY + MERGE,
 * its Match state included) into a PostgreSQL server (PGlite when none can start); then a full match with the
 * reviewed default model and one with a model trained on this data (EM). Printed: precision, recall and F1 per source
 * and overall at the `lead` and `review` thresholds, where the errors come from, and Splink (DuckDB, .venv-bench,
 * bench/splink_match.py) on the same core features in the same run: its P/R/F1 at the same probabilities and wall time.
 *
 * Speed: customer vehicles × listings loaded straight into core through the warehouse adapter's COPY path (the
 * clean profile makes every row; no object-store ingest or MERGE, so the load is not what is timed; then VACUUM
 * ANALYZE, as autovacuum would after a load), then a full match and an incremental listings batch (the last
 * --increment listings, their matches removed first) twice: right after the full run, whose million dead work rows
 * are still there, and after VACUUM of the work tables (autovacuum's job within a minute on a server); on a throwaway
 * PostgreSQL server (127.0.0.1) and on in-memory PGlite at smaller sizes; 10× scaling between the server sizes.
 *
 *   npm run bench:match
 *   npm run bench:match -- --speed-sizes 125000x30000,1250000x300000 --pglite-sizes 20000x6000   (records x listings)
 *   npm run bench:match -- --only quality      (or --only speed; --no-splink)
 *   npm run bench:match -- --only quality --save-trained trained.json   (the model EM trained here, as default-model.json's shape)
 * A part that cannot run (no PostgreSQL binaries, no Python venv, a failure) prints why and the others go on.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { gzipSync } from 'node:zlib';
import { MemoryObjectStore } from '../shared/adapters/memory/memory-object-store';
import { PostgresWarehouse } from '../shared/adapters/postgres/postgres-warehouse';
import type { CustomerVehicleRow } from '../shared/contracts/customer-export';
import { silentLog } from '../shared/ports/log';
import type { Warehouse } from '../shared/ports/warehouse';
import { csvLine, parseCsvLine } from '../shared/steps/clean/csv-line';
import type { CsvValue } from '../shared/steps/clean/record-profile';
import { listingProfile } from '../shared/steps/clean/listing-profile';
import { defaultMatchModel, runMatch, type MatchRunResult } from '../shared/steps/match';
import { generateListingSample, type ListingTruth } from '../local/sample-data/listing-generator';
import { writeCustomerSample, writeListingSample } from '../local/sample-data/write-sample-data';
import { openLocalEnvironment } from '../local/runtime/local-environment';
import { ingestObjects, putFiles } from '../local/runtime/run-ingest';
import { startPostgres, type PostgresServer } from '../tests/support/postgres-server';

const { values } = parseArgs({
  options: {
    customers: { type: 'string', default: '20000' },
    listings: { type: 'string', default: '5000' },
    seed: { type: 'string', default: '2026' },
    // <customer export records>x<listings>: a record is ~0.8 vehicle (service rows and duplicates merge), so 1.25M
    // records make ~1M customer vehicles.
    'speed-sizes': { type: 'string', default: '125000x30000,1250000x300000' },
    'pglite-sizes': { type: 'string', default: '20000x6000,100000x30000' },
    increment: { type: 'string', default: '10000' },
    only: { type: 'string' },
    'no-splink': { type: 'boolean', default: false },
    'quality-db': { type: 'string', default: 'server' },
    'save-trained': { type: 'string' },
  },
});

const ROOT = path.join(__dirname, '..');
const seed = Number(values.seed);
const thresholds = defaultMatchModel().thresholds;
const out = (line = ''): void => void process.stdout.write(`${line}\n`);
const seconds = (ms: number): string => `${(ms / 1000).toFixed(1)} s`;
const count = (n: number): string => n.toLocaleString('en-US');

function sizes(text: string): { customers: number; listings: number }[] {
  return text
    .split(',')
    .filter(Boolean)
    .map((size) => {
      const [customers, listings] = size.split('x').map(Number);
      if (!Number.isInteger(customers) || !Number.isInteger(listings)) throw new Error(`size '${size}' is not <customers>x<listings>`);
      return { customers: customers as number, listings: listings as number };
    });
}

// ---------------------------------------------------------------------------------------------------------------
// Quality
// ---------------------------------------------------------------------------------------------------------------

interface Prediction {
  vehicleKey: string;
  probability: number;
}

type Truth = Map<string, ListingTruth>;

interface Scores {
  tp: number;
  fp: number;
  fn: number;
  precision: number;
  recall: number;
  f1: number;
}

function scores(tp: number, fp: number, positives: number): Scores {
  const precision = tp + fp === 0 ? 1 : tp / (tp + fp);
  const recall = positives === 0 ? 1 : tp / positives;
  return { tp, fp, fn: positives - tp, precision, recall, f1: precision + recall === 0 ? 0 : (2 * precision * recall) / (precision + recall) };
}

/**
 * P/R/F1 of the decisions at or above `minProbability`, per source and overall; a listing counts once. Right means the
 * right vehicle, or with `customerOf` the right customer (any of their vehicles: what a sales call needs).
 */
function evaluate(truth: Truth, predictions: Map<string, Prediction>, minProbability: number, customerOf?: Map<string, string>): Record<string, Scores> {
  const result: Record<string, Scores> = {};
  for (const source of ['chotot', 'xetot', 'all']) {
    let tp = 0;
    let fp = 0;
    let positives = 0;
    for (const [key, label] of truth) {
      if (source !== 'all' && label.source !== source) continue;
      if (label.vehicle_key) positives++;
      const predicted = predictions.get(key);
      if (!predicted || predicted.probability < minProbability) continue;
      const right = customerOf ? label.customer_key !== null && customerOf.get(predicted.vehicleKey) === label.customer_key : predicted.vehicleKey === label.vehicle_key;
      if (right) tp++;
      else fp++;
    }
    result[source] = scores(tp, fp, positives);
  }
  return result;
}

/** Where the errors at a threshold come from: false positives by kind of listing, misses by name/phone variant. */
function errorSources(truth: Truth, predictions: Map<string, Prediction>, minProbability: number): { falsePositives: string; misses: string } {
  const fp = new Map<string, number>();
  const fn = new Map<string, number>();
  const bump = (map: Map<string, number>, key: string): void => void map.set(key, (map.get(key) ?? 0) + 1);
  for (const [key, label] of truth) {
    const predicted = predictions.get(key);
    const accepted = predicted && predicted.probability >= minProbability ? predicted : null;
    if (accepted && accepted.vehicleKey !== label.vehicle_key) bump(fp, label.vehicle_key ? `${label.kind}: another vehicle` : label.kind);
    if (label.vehicle_key && accepted?.vehicleKey !== label.vehicle_key) bump(fn, `${label.source} name ${label.name_variant}/phone ${label.phone_variant}`);
  }
  const top = (map: Map<string, number>): string =>
    [...map].sort((a, b) => b[1] - a[1]).slice(0, 8).map(([key, n]) => `${key} ${n}`).join('; ') || 'none';
  return { falsePositives: top(fp), misses: top(fn) };
}

/** Lines printed after the table: the same decisions judged by customer instead of vehicle. */
const customerLevel: string[] = [];
let customerOfVehicle: Map<string, string> | undefined;

function printScores(label: string, truth: Truth, predictions: Map<string, Prediction>, wallMs: number | null): Record<string, Record<string, Scores>> {
  if (customerOfVehicle) {
    const byCustomer = (minProbability: number): string => {
      const s = evaluate(truth, predictions, minProbability, customerOfVehicle).all as Scores;
      return `P ${s.precision.toFixed(3)} R ${s.recall.toFixed(3)} F1 ${s.f1.toFixed(3)}`;
    };
    customerLevel.push(`${label}: lead ${byCustomer(thresholds.lead_min_probability)}; review ${byCustomer(thresholds.review_min_probability)}`);
  }
  const all: Record<string, Record<string, Scores>> = {};
  for (const [band, minProbability] of [['lead', thresholds.lead_min_probability], ['review', thresholds.review_min_probability]] as const) {
    const result = evaluate(truth, predictions, minProbability);
    all[band] = result;
    for (const source of ['chotot', 'xetot', 'all']) {
      const s = result[source] as Scores;
      out(
        `| ${label.padEnd(26)} | ${`${band} (p ≥ ${minProbability})`.padEnd(17)} | ${source.padEnd(6)} | ${s.precision.toFixed(3)} | ${s.recall.toFixed(3)} | ${s.f1.toFixed(3)} | ${String(s.tp).padStart(5)} | ${String(s.fp).padStart(4)} | ${String(s.fn).padStart(5)} | ${wallMs === null ? '' : seconds(wallMs)} |`,
      );
    }
  }
  return all;
}

async function currentMatches(warehouse: Warehouse): Promise<Map<string, Prediction>> {
  const rows = await warehouse.query<{ source: string; listing_id: string; vehicle_key: string; match_probability: number }>(
    'select source, listing_id, vehicle_key, match_probability from marts.listing_matches where valid_to is null',
  );
  return new Map(rows.map((row) => [`${row.source}:${row.listing_id}`, { vehicleKey: row.vehicle_key, probability: Number(row.match_probability) }]));
}

function readTruth(file: string): Truth {
  const [header, ...lines] = readFileSync(file, 'utf8').trimEnd().split('\n');
  const columns = parseCsvLine(header ?? '');
  const truth: Truth = new Map();
  for (const line of lines) {
    const cells = parseCsvLine(line);
    const row = Object.fromEntries(columns.map((column, index) => [column, cells[index] ?? null])) as Record<string, string | null>;
    truth.set(`${row.source}:${row.listing_id}`, { ...(row as unknown as ListingTruth), year_gap: row.year_gap === null ? null : Number(row.year_gap) });
  }
  return truth;
}

async function exportCsv(warehouse: Warehouse, sql: string, file: string): Promise<number> {
  const rows = await warehouse.query(sql);
  const columns = Object.keys(rows[0] ?? {});
  writeFileSync(file, csvLine(columns) + rows.map((row) => csvLine(columns.map((column) => (row[column] ?? null) as CsvValue))).join(''));
  return rows.length;
}

function ensureBenchVenv(): string | null {
  const python = path.join(ROOT, '.venv-bench', 'bin', 'python');
  if (!existsSync(python) || !existsSync(path.join(ROOT, '.venv-bench', '.requirements.sha'))) {
    const setup = spawnSync('bash', [path.join(ROOT, 'scripts', 'setup-bench-python.sh')], { stdio: ['ignore', 'inherit', 'inherit'] });
    if (setup.status !== 0) return null;
  }
  // Re-running the setup is cheap when nothing changed, and installs when requirements-bench.txt did.
  spawnSync('bash', [path.join(ROOT, 'scripts', 'setup-bench-python.sh')], { stdio: ['ignore', 'inherit', 'inherit'] });
  return existsSync(python) ? python : null;
}

async function runSplink(warehouse: Warehouse, work: string, truth: Truth): Promise<void> {
  if (values['no-splink']) {
    out('Splink: skipped (--no-splink).');
    return;
  }
  const python = ensureBenchVenv();
  if (!python) {
    out('Splink: CANNOT RUN — .venv-bench could not be created (bash scripts/setup-bench-python.sh needs PyPI).');
    return;
  }
  const customersCsv = path.join(work, 'splink-customers.csv');
  const listingsCsv = path.join(work, 'splink-listings.csv');
  const bestCsv = path.join(work, 'splink-best.csv');
  // The features clean computed once, as our matcher reads them; dealer listings left out (see splink_match.py).
  await exportCsv(
    warehouse,
    `select vehicle_key as unique_id, 'customers' as source_dataset, phone, phone_alt, name_key, given_name_folded as given_name,
            family_name_folded as family_name, make, model, purchase_year as year, province
     from core.customer_vehicles`,
    customersCsv,
  );
  await exportCsv(
    warehouse,
    `select source || ':' || listing_id as unique_id, 'listings' as source_dataset, seller_phone as phone, cast(null as varchar) as phone_alt,
            seller_name_key as name_key, seller_given_name_folded as given_name, seller_family_name_folded as family_name, make, model, year, province
     from core.listings where seller_type is null or seller_type <> 'dealer'`,
    listingsCsv,
  );
  const started = performance.now();
  const run = spawnSync(python, [path.join(ROOT, 'bench', 'splink_match.py'), '--customers', customersCsv, '--listings', listingsCsv, '--out', bestCsv], {
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
  });
  const wallMs = performance.now() - started;
  if (run.status !== 0) {
    out(`Splink: FAILED (exit ${String(run.status)}): ${(run.stderr || run.stdout).trim().split('\n').slice(-6).join(' | ')}`);
    return;
  }
  const summary = JSON.parse(run.stdout.trim().split('\n').at(-1) ?? '{}') as { splink_version?: string; duckdb_version?: string; scored_pairs?: number; timings?: Record<string, number> };
  const predictions = new Map<string, Prediction>();
  const [, ...lines] = readFileSync(bestCsv, 'utf8').trimEnd().split('\n');
  for (const line of lines) {
    const [listing, vehicleKey, probability] = parseCsvLine(line);
    if (listing && vehicleKey) predictions.set(listing, { vehicleKey, probability: Number(probability) });
  }
  printScores(`Splink ${summary.splink_version ?? ''} (DuckDB ${summary.duckdb_version ?? ''})`, truth, predictions, wallMs);
  const t = summary.timings ?? {};
  out(`\nSplink: ${count(summary.scored_pairs ?? 0)} scored pairs; wall ${seconds(wallMs)} (python start + load ${(t.load_s ?? 0).toFixed(1)} s, training ${(t.train_s ?? 0).toFixed(1)} s, predict ${(t.predict_s ?? 0).toFixed(1)} s)`);
  const errors = errorSources(truth, predictions, thresholds.lead_min_probability);
  out(`Splink lead false positives: ${errors.falsePositives}`);
  out(`Splink review false positives: ${errorSources(truth, predictions, thresholds.review_min_probability).falsePositives}`);
}

async function quality(server: PostgresServer | null): Promise<void> {
  const customers = Number(values.customers);
  const listings = Number(values.listings);
  out(`## Quality: ${count(customers)} customer records, ${count(listings)} labeled listings (seed ${seed})\n`);
  const work = mkdtempSync(path.join(tmpdir(), 'xecu-match-bench-'));
  try {
    const sampleDir = path.join(work, 'sample');
    const customerFile = await writeCustomerSample({ customers, outDir: sampleDir, format: 'json', seed });
    const listingFiles = await writeListingSample({ customers, listings, seed, outDir: sampleDir, scrapedAt: new Date() });
    const truth = readTruth(listingFiles.truthFile);
    let databaseUrl: string | undefined;
    if (server && values['quality-db'] === 'server') {
      databaseUrl = await freshDatabase(server, 'bench_quality');
    }
    const env = await openLocalEnvironment({ home: path.join(work, 'home'), log: silentLog, ...(databaseUrl ? { databaseUrl } : {}) });
    try {
      out(`Warehouse: ${databaseUrl ? 'PostgreSQL server (127.0.0.1)' : 'PGlite (embedded)'}; data through the full offline ingest (clean → stage → COPY + MERGE → Match).`);
      const ingestStarted = performance.now();
      const objects = await putFiles(env, [
        { path: customerFile.file, kind: 'customers' },
        { path: listingFiles.files.chotot, kind: 'listings' },
        { path: listingFiles.files.xetot, kind: 'listings' },
      ]);
      const batches = await ingestObjects(env, objects);
      for (const batch of batches) {
        if (batch.status !== 'loaded') throw new Error(`ingest of ${batch.file} failed: ${batch.error ?? 'unknown'}`);
      }
      const [vehicles] = await env.warehouse.query<{ n: number }>('select count(*) as n from core.customer_vehicles');
      out(
        `Ingest: ${seconds(performance.now() - ingestStarted)}; core: ${count(Number(vehicles?.n ?? 0))} customer vehicles, ${count(truth.size)} listings ` +
          `(${count(listingFiles.matches)} are a customer's vehicle: ${count([...truth.values()].filter((t) => t.vehicle_key && t.source === 'chotot').length)} chotot, ` +
          `${count([...truth.values()].filter((t) => t.vehicle_key && t.source === 'xetot').length)} xetot).\n`,
      );
      const owners = await env.warehouse.query<{ vehicle_key: string; customer_key: string }>('select vehicle_key, customer_key from core.customer_vehicles');
      customerOfVehicle = new Map(owners.map((row) => [row.vehicle_key, row.customer_key]));
      out('| matcher                    | band              | source | precision | recall | F1 | TP | FP | FN | wall |');
      out('|---|---|---|---|---|---|---|---|---|---|');
      const runs: { label: string; train: boolean }[] = [
        { label: 'xecu (default model)', train: false },
        { label: 'xecu (trained by EM here)', train: true },
      ];
      const notes: string[] = [];
      for (const { label, train } of runs) {
        const started = performance.now();
        const result = await runMatch({ warehouse: env.warehouse, mode: 'full', train });
        const wallMs = performance.now() - started;
        const predictions = await currentMatches(env.warehouse);
        printScores(label, truth, predictions, wallMs);
        const saveTrained = values['save-trained'];
        if (result.training && saveTrained) {
          writeFileSync(saveTrained, `${JSON.stringify(result.training.model, null, 2)}\n`);
          notes.push(`${label}: model written to ${saveTrained}`);
        }
        const lead = errorSources(truth, predictions, thresholds.lead_min_probability);
        const review = errorSources(truth, predictions, thresholds.review_min_probability);
        notes.push(
          `${label}: ${count(result.pairs)} pairs (${result.blockingRules.map((rule) => `${rule.blockingRule} ${count(rule.pairs)}${rule.cappedListings ? `, ${rule.cappedListings} capped` : ''}`).join('; ')})`,
          `  lead false positives: ${lead.falsePositives}`,
          `  review false positives: ${review.falsePositives}`,
          `  review misses: ${review.misses}`,
        );
      }
      await runSplink(env.warehouse, work, truth);
      out('\nBy customer (the right customer, any of their vehicles), all sources:');
      for (const line of customerLevel) out(`  ${line}`);
      out('');
      for (const note of notes) out(note);
    } finally {
      await env.close();
    }
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

// ---------------------------------------------------------------------------------------------------------------
// Speed
// ---------------------------------------------------------------------------------------------------------------

const CORE_VEHICLE_COLUMNS = [
  'customer_key', 'customer_id', 'full_name', 'name_folded', 'family_name_folded', 'given_name_folded', 'phone', 'phone_alt', 'email',
  'birth_date', 'birth_year', 'vehicle_key', 'vin', 'make', 'model', 'variant', 'model_raw', 'purchase_date', 'purchase_year', 'price_vnd',
  'province', 'province_old', 'last_service_at', 'service_visits', 'record_hash', 'first_batch_id', 'batch_id', 'middle_name_folded', 'name_key',
] as const;

const CORE_LISTING_COLUMNS = [
  'source', 'listing_id', 'url', 'title', 'make', 'model', 'variant', 'year', 'mileage_km', 'price_vnd', 'price_text', 'negotiable',
  'seller_name', 'seller_phone', 'seller_type', 'province', 'district', 'posted_at', 'first_seen_at', 'last_seen_at', 'record_hash',
  'first_batch_id', 'batch_id', 'seller_name_folded', 'seller_family_name_folded', 'seller_middle_name_folded', 'seller_given_name_folded',
  'seller_name_key',
] as const;

const BASE_BATCH = 'b_bench_base';
const INCREMENT_BATCH = 'b_bench_increment';

/** CSV text gzipped in members of 50,000 lines (a multi-member gzip file reads as one). */
class GzipCsv {
  private lines: string[] = [];
  private readonly parts: Buffer[] = [];
  rows = 0;
  constructor(columns: readonly string[]) {
    this.lines.push(csvLine(columns));
  }
  add(values: readonly CsvValue[]): void {
    this.lines.push(csvLine(values));
    this.rows++;
    if (this.lines.length >= 50_000) this.flush();
  }
  private flush(): void {
    if (this.lines.length === 0) return;
    this.parts.push(gzipSync(this.lines.join(''), { level: 1 }));
    this.lines = [];
  }
  bytes(): Buffer {
    this.flush();
    return Buffer.concat(this.parts);
  }
}

async function copyInto(warehouse: PostgresWarehouse, store: MemoryObjectStore, table: string, columns: readonly string[], csv: GzipCsv, name: string): Promise<void> {
  const file = { bucket: 'bench', key: `processed/${name}.csv.gz` };
  await store.putBytes(file, csv.bytes());
  const manifest = { bucket: 'bench', key: `manifests/${name}.manifest` };
  await store.putBytes(manifest, JSON.stringify({ entries: [{ url: `s3://bench/${file.key}`, mandatory: true }] }));
  const status = await warehouse.submit([{ kind: 'copy', table, columns, manifest }]);
  if (status.state !== 'FINISHED') throw new Error(`COPY into ${table} failed: ${status.error ?? status.state}`);
  await store.delete(file);
}

/** Generates and COPYs one size's rows into core; returns how long generating and loading took. */
async function loadCore(
  warehouse: PostgresWarehouse,
  store: MemoryObjectStore,
  size: { customers: number; listings: number },
  increment: number,
): Promise<{ generateMs: number; copyMs: number; vehicles: number; listings: number }> {
  const started = performance.now();
  const vehicles = new GzipCsv(CORE_VEHICLE_COLUMNS);
  const sample = generateListingSample({
    customers: size.customers,
    listings: size.listings,
    seed,
    scrapedAt: new Date(),
    onCustomerRow: (row: CustomerVehicleRow) => {
      const core: Record<string, CsvValue> = { ...row, first_batch_id: BASE_BATCH, batch_id: BASE_BATCH };
      vehicles.add(CORE_VEHICLE_COLUMNS.map((column) => core[column] ?? null));
    },
  });
  const listings = new GzipCsv(CORE_LISTING_COLUMNS);
  sample.forEach(({ listing }, index) => {
    const batch = index >= sample.length - increment ? INCREMENT_BATCH : BASE_BATCH;
    const result = listingProfile.toRow(listing as unknown as Record<string, unknown>, { batchId: batch, row: index, recordHash: 'bench', now: new Date() });
    if (!result.ok) return;
    const core: Record<string, CsvValue> = { ...result.row, first_seen_at: listing.scraped_at, last_seen_at: listing.scraped_at, first_batch_id: batch };
    listings.add(CORE_LISTING_COLUMNS.map((column) => core[column] ?? null));
  });
  const generateMs = performance.now() - started;
  const copyStarted = performance.now();
  await copyInto(warehouse, store, 'core.customer_vehicles', CORE_VEHICLE_COLUMNS, vehicles, 'vehicles');
  await copyInto(warehouse, store, 'core.listings', CORE_LISTING_COLUMNS, listings, 'listings');
  // A loaded warehouse has been vacuumed (autovacuum runs after a load's inserts): without it every index lookup of
  // the blocking keys also reads the heap to check visibility.
  await warehouse.query('vacuum analyze core.customer_vehicles');
  await warehouse.query('vacuum analyze core.listings');
  return { generateMs, copyMs: performance.now() - copyStarted, vehicles: vehicles.rows, listings: listings.rows };
}

interface SpeedResult {
  engine: string;
  customers: number;
  listings: number;
  vehicles: number;
  fullMs: number;
  full: MatchRunResult;
  /** Right after the full run: its million dead work rows not yet vacuumed. */
  incrementMs: number;
  increment: MatchRunResult;
  /** After VACUUM of the work tables (what autovacuum does within a minute on a server). */
  settledIncrementMs: number;
}

async function speedRun(engine: string, size: { customers: number; listings: number }, databaseUrl?: string): Promise<SpeedResult> {
  const store = new MemoryObjectStore();
  const warehouse = new PostgresWarehouse({ objectStore: store, ...(databaseUrl ? { databaseUrl } : {}) });
  try {
    await warehouse.migrate();
    return await timeMatch(engine, warehouse, store, size);
  } finally {
    await warehouse.close();
  }
}

async function timeMatch(engine: string, warehouse: PostgresWarehouse, store: MemoryObjectStore, size: { customers: number; listings: number }): Promise<SpeedResult> {
  const increment = Math.min(Number(values.increment), Math.floor(size.listings / 3));
  const loaded = await loadCore(warehouse, store, size, increment);
  process.stderr.write(`bench: ${engine} ${count(loaded.vehicles)} vehicles × ${count(loaded.listings)} listings: generated in ${seconds(loaded.generateMs)}, COPY ${seconds(loaded.copyMs)}\n`);
  const started = performance.now();
  const full = await runMatch({ warehouse, mode: 'full' });
  const fullMs = performance.now() - started;
  const matchIncrement = async (): Promise<{ ms: number; run: MatchRunResult }> => {
    // The increment's listings unmatched again, as a newly loaded batch would be.
    await warehouse.query(
      `delete from marts.listing_matches where exists (
         select 1 from core.listings where listings.batch_id = :batch_id and listings.source = listing_matches.source and listings.listing_id = listing_matches.listing_id)`,
      { batch_id: INCREMENT_BATCH },
    );
    const incrementStarted = performance.now();
    const run = await runMatch({ warehouse, mode: 'listings-batch', batchId: INCREMENT_BATCH });
    return { ms: performance.now() - incrementStarted, run };
  };
  const first = await matchIncrement();
  await warehouse.query('vacuum match.run_listings, match.blocks, match.candidates, match.pairs, match.scores, match.decisions');
  const settled = await matchIncrement();
  return {
    engine, customers: size.customers, listings: loaded.listings, vehicles: loaded.vehicles, fullMs, full,
    incrementMs: first.ms, increment: first.run, settledIncrementMs: settled.ms,
  };
}

function printSpeed(result: SpeedResult): void {
  const phases = (run: MatchRunResult): string =>
    Object.entries(run.timings)
      .filter(([, ms]) => ms >= 50)
      .map(([phase, ms]) => `${phase} ${(ms / 1000).toFixed(1)}`)
      .join(', ');
  out(
    `| ${result.engine.padEnd(17)} | ${count(result.vehicles).padStart(9)} × ${count(result.listings).padStart(7)} | ${seconds(result.fullMs).padStart(8)} | ${count(result.full.pairs).padStart(9)} | ${count(result.increment.listingsInScope).padStart(6)} listings: ${seconds(result.incrementMs)}, after vacuum ${seconds(result.settledIncrementMs)} |`,
  );
  out(`    full phases (s): ${phases(result.full)}`);
  out(`    increment phases (s): ${phases(result.increment)}`);
}

async function freshDatabase(server: PostgresServer, name: string): Promise<string> {
  const admin = new PostgresWarehouse({ objectStore: new MemoryObjectStore(), databaseUrl: server.url });
  try {
    await admin.query(`drop database if exists ${name}`);
    await admin.query(`create database ${name}`);
  } finally {
    await admin.close();
  }
  return server.url.replace(/\/postgres$/, `/${name}`);
}

async function speed(server: PostgresServer | null): Promise<void> {
  out(`\n## Speed: full match and a ${count(Number(values.increment))}-listing incremental batch (rows COPYed straight into core)\n`);
  out('| warehouse         | vehicles × listings   | full     | pairs     | incremental batch |');
  out('|---|---|---|---|---|');
  const serverResults: SpeedResult[] = [];
  if (!server) out('| PostgreSQL server | CANNOT RUN: no PostgreSQL server could start here (scripts/ensure-postgres.sh) | | | |');
  for (const size of server ? sizes(values['speed-sizes']) : []) {
    const name = `bench_${size.customers}_${size.listings}`;
    try {
      const url = await freshDatabase(server as PostgresServer, name);
      const result = await speedRun('PostgreSQL server', size, url);
      serverResults.push(result);
      printSpeed(result);
      const admin = new PostgresWarehouse({ objectStore: new MemoryObjectStore(), databaseUrl: (server as PostgresServer).url });
      await admin.query(`drop database if exists ${name}`).finally(() => admin.close());
    } catch (error) {
      out(`| PostgreSQL server | ${count(size.customers)} × ${count(size.listings)}: FAILED — ${(error as Error).message.split('\n')[0]} | | | |`);
    }
  }
  for (const size of sizes(values['pglite-sizes'])) {
    try {
      printSpeed(await speedRun('PGlite (memory)', size));
    } catch (error) {
      out(`| PGlite (memory)   | ${count(size.customers)} × ${count(size.listings)}: FAILED — ${(error as Error).message.split('\n')[0]} | | | |`);
    }
  }
  if (serverResults.length >= 2) {
    const [small, large] = [serverResults[0] as SpeedResult, serverResults[serverResults.length - 1] as SpeedResult];
    const dataRatio = (large.vehicles + large.listings) / (small.vehicles + small.listings);
    out(`\nScaling (server): ${dataRatio.toFixed(1)}× the data took ${(large.fullMs / small.fullMs).toFixed(1)}× the full-match time (${seconds(small.fullMs)} → ${seconds(large.fullMs)}).`);
  }
}

async function main(): Promise<void> {
  out(`# Match bench — ${new Date().toISOString()}, ${process.env.BENCH_NOTE ?? ''}`);
  out(`Thresholds of the default model: lead p ≥ ${thresholds.lead_min_probability}, review p ≥ ${thresholds.review_min_probability}.\n`);
  let server: PostgresServer | null = null;
  try {
    server = await startPostgres();
  } catch (error) {
    out(`PostgreSQL server: CANNOT RUN — ${(error as Error).message.split('\n')[0]}. Quality runs on PGlite; server speed figures are missing.`);
  }
  try {
    if (values.only !== 'speed') {
      try {
        await quality(server);
      } catch (error) {
        out(`Quality: FAILED — ${(error as Error).stack ?? String(error)}`);
      }
    }
    if (values.only !== 'quality') await speed(server);
  } finally {
    await server?.stop();
  }
}

void main().catch((error: unknown) => {
  process.stderr.write(`${(error as Error).stack ?? String(error)}\n`);
  process.exitCode = 1;
});
