/**
 * Customer merge benchmark: time of each statement of core/merge_customer_vehicles.sql on PGlite (or a PostgreSQL
 * server with --database-url), for a first batch of N new vehicles and then a second batch of the same vehicles
 * (every row matched: the path of a daily re-export; 10% resold, 5% VIN-less service rows; --all-change gives
 * every vehicle a new email, so every one writes history). Prints one line per statement and the totals.
 *
 *   node bin/run-ts.mjs bench/merge-bench.ts                  # 30,000 vehicles on PGlite in memory
 *   node bin/run-ts.mjs bench/merge-bench.ts --rows 100000 --database-url postgres://…
 */
import { randomBytes } from 'node:crypto';
import { gzipSync } from 'node:zlib';
import { parseArgs } from 'node:util';
import { MemoryObjectStore } from '../shared/adapters/memory/memory-object-store';
import { PostgresWarehouse } from '../shared/adapters/postgres/postgres-warehouse';
import { CUSTOMER_VEHICLE_COLUMNS, type CustomerVehicleRow } from '../shared/contracts/customer-export';
import { loadSql, scanSql } from '../shared/sql';
import { csvLine } from '../shared/steps/clean/csv-line';

const { values } = parseArgs({
  options: { rows: { type: 'string', default: '30000' }, 'database-url': { type: 'string' }, 'all-change': { type: 'boolean', default: false } },
});
const ROWS = Number(values.rows);

function row(batchId: string, n: number, later: boolean): CustomerVehicleRow {
  // Every 10th vehicle changes owner in the second batch; every 20th is a VIN-less service row of its owner.
  const resold = later && n % 10 === 0;
  const id = resold ? `KHR${n}` : `KH${n}`;
  const vinless = later && n % 20 === 5;
  return {
    batch_id: batchId,
    source_row: n + 1,
    customer_key: `c:${id}`,
    customer_id: id,
    full_name: resold ? 'Trần Thị Bình' : 'Nguyễn Văn An',
    name_folded: resold ? 'tran thi binh' : 'nguyen van an',
    family_name_folded: resold ? 'tran' : 'nguyen',
    given_name_folded: resold ? 'binh' : 'an',
    middle_name_folded: resold ? 'thi' : 'van',
    name_key: resold ? 'binh thi tran' : 'an nguyen van',
    phone: `09${String(n % 100_000_000).padStart(8, '0')}`,
    phone_alt: null,
    // --all-change: every vehicle's contact changes in the second batch (each one closes and opens a history version).
    email: later ? (values['all-change'] ? `new${n}@example.com` : null) : `c${n}@example.com`,
    birth_date: null,
    birth_year: 1980 + (n % 30),
    vehicle_key: vinless ? `h:${batchId}-${n}` : `v:VIN${n}`,
    vin: vinless ? null : `VIN${n}`,
    make: 'Toyota',
    model: 'Vios',
    variant: 'G',
    model_raw: 'Vios 1.5G CVT',
    purchase_date: vinless ? null : resold ? '2024-09-01' : '2019-06-15',
    purchase_year: vinless ? null : resold ? 2024 : 2019,
    price_vnd: 545_000_000,
    province: 'Hồ Chí Minh',
    province_old: 'TP HCM',
    last_service_at: later ? '2025-01-02 08:00:00' : null,
    service_visits: later ? 1 : 0,
    record_hash: 'a'.repeat(40),
  };
}

async function stage(warehouse: PostgresWarehouse, store: MemoryObjectStore, batchId: string, later: boolean): Promise<void> {
  const rows = Array.from({ length: ROWS }, (_, n) => row(batchId, n, later));
  const body = `${CUSTOMER_VEHICLE_COLUMNS.join(',')}\n${rows.map((r) => csvLine(CUSTOMER_VEHICLE_COLUMNS.map((c) => r[c]))).join('')}`;
  const file = { bucket: 'bench', key: `processed/${batchId}.csv.gz` };
  await store.putBytes(file, gzipSync(body));
  const manifest = { bucket: 'bench', key: `manifests/${batchId}.manifest` };
  await store.putBytes(manifest, JSON.stringify({ entries: [{ url: `s3://bench/${file.key}`, mandatory: true }] }));
  const status = await warehouse.submit([
    { kind: 'sql', sql: loadSql('staging/delete_stg_customer_vehicles_batch'), params: { batch_id: batchId } },
    { kind: 'copy', table: 'staging.stg_customer_vehicles', columns: CUSTOMER_VEHICLE_COLUMNS, manifest },
  ]);
  if (status.state !== 'FINISHED') throw new Error(status.error);
}

async function merge(warehouse: PostgresWarehouse, batchId: string, label: string): Promise<void> {
  let total = 0;
  for (const statement of scanSql(loadSql('core/merge_customer_vehicles')).statements) {
    // LOCK needs a transaction block; one session alone has nothing to wait for.
    if (/^\s*lock /m.test(statement.text.replace(/--[^\n]*/g, ''))) continue;
    if (process.env.EXPLAIN && label.startsWith('all') && /customer_vehicle_history/.test(statement.text.split('\n').find((line) => !line.startsWith('--')) ?? '')) {
      const plan = await warehouse.query<{ 'QUERY PLAN': string }>(`explain ${statement.text.replace(/--[^\n]*\n/g, '')}`);
      process.stdout.write(`${plan.map((line) => line['QUERY PLAN']).join('\n')}\n`);
    }
    const started = performance.now();
    await warehouse.query(statement.text, statement.text.replace(/--[^\n]*/g, '').includes(':batch_id') ? { batch_id: batchId } : {});
    const ms = performance.now() - started;
    total += ms;
    const head = statement.text.replace(/--[^\n]*\n/g, '').trim().split('\n')[0]?.slice(0, 70);
    process.stdout.write(`${label}  ${ms.toFixed(0).padStart(7)} ms  ${head}\n`);
  }
  process.stdout.write(`${label}  ${total.toFixed(0).padStart(7)} ms  total for ${ROWS.toLocaleString('en')} rows\n\n`);
}

async function main(): Promise<void> {
  const store = new MemoryObjectStore();
  const warehouse = new PostgresWarehouse({ objectStore: store, ...(values['database-url'] ? { databaseUrl: values['database-url'] } : {}) });
  await warehouse.migrate();
  const [first, second] = [`b_${randomBytes(16).toString('hex')}`, `b_${randomBytes(16).toString('hex')}`];
  await stage(warehouse, store, first, false);
  await merge(warehouse, first, 'new vehicles   ');
  await stage(warehouse, store, second, true);
  await merge(warehouse, second, 'all matched    ');
  await warehouse.close();
}

void main();
