import { randomBytes } from 'node:crypto';
import { gzipSync } from 'node:zlib';
import { MemoryObjectStore } from '../../../shared/adapters/memory/memory-object-store';
import type { PostgresWarehouse } from '../../../shared/adapters/postgres/postgres-warehouse';
import { CUSTOMER_VEHICLE_COLUMNS, type CustomerVehicleRow } from '../../../shared/contracts/customer-export';
import { LISTING_ROW_COLUMNS, type ListingRow } from '../../../shared/contracts/listing';
import type { BatchKind, IngestState } from '../../../shared/contracts/batch';
import type { ObjectRef } from '../../../shared/contracts/object-ref';
import { WarehouseError, type WarehouseStatement } from '../../../shared/ports/warehouse';
import { loadSql } from '../../../shared/sql';
import { csvLine } from '../../../shared/steps/clean/csv-line';
import { loadStatements } from '../../../shared/steps/load';
import { describeIdentityMerges } from './identity-behaviour';

export interface WarehouseUnderTest {
  warehouse: PostgresWarehouse;
  objectStore: MemoryObjectStore;
}

export interface WarehouseBehaviourOptions {
  /** The backend runs transactions side by side (a server), so concurrent loads can actually collide. */
  concurrentTransactions?: boolean;
}

const BUCKET = 'xecu-processed';

export function newBatchId(): string {
  return `b_${randomBytes(16).toString('hex')}`;
}

export function customerRow(batchId: string, overrides: Partial<CustomerVehicleRow> = {}): CustomerVehicleRow {
  return {
    batch_id: batchId,
    source_row: 1,
    customer_key: 'C001',
    customer_id: 'C001',
    full_name: 'Nguyễn Văn An',
    name_folded: 'nguyen van an',
    family_name_folded: 'nguyen',
    given_name_folded: 'an',
    phone: '0903123456',
    phone_alt: null,
    email: 'an@example.com',
    birth_date: '1985-04-30',
    birth_year: 1985,
    // One vehicle per batch unless a test says otherwise: vehicle_key is core's key.
    vehicle_key: `v:${batchId}`,
    vin: batchId.slice(2, 19).toUpperCase(),
    make: 'Toyota',
    model: 'Vios',
    variant: '1.5G CVT',
    model_raw: 'Vios 1.5G CVT',
    purchase_date: '2019-06-15',
    purchase_year: 2019,
    price_vnd: 545_000_000,
    province: 'Hồ Chí Minh',
    province_old: 'TP HCM',
    last_service_at: '2024-02-01 09:30:00',
    service_visits: 3,
    record_hash: 'a'.repeat(40),
    middle_name_folded: 'van',
    name_key: 'an nguyen van',
    ...overrides,
  };
}

export function listingRow(batchId: string, overrides: Partial<ListingRow> = {}): ListingRow {
  return {
    batch_id: batchId,
    source: 'chotot',
    listing_id: '100001',
    url: 'https://xe.chotot.com/100001.htm',
    title: 'Toyota Vios 2019 số tự động',
    make: 'Toyota',
    model: 'Vios',
    variant: 'G',
    year: 2019,
    mileage_km: 50_000,
    price_vnd: 450_000_000,
    price_text: '450 triệu',
    negotiable: false,
    seller_name: 'Anh Tuấn',
    seller_phone: null,
    seller_type: 'private',
    province: 'Hồ Chí Minh',
    district: 'Quận 7',
    posted_at: '2025-03-01T08:00:00+07:00',
    scraped_at: '2025-03-01T09:00:00+07:00',
    record_hash: 'b'.repeat(40),
    seller_name_folded: 'tuan',
    seller_family_name_folded: null,
    seller_middle_name_folded: null,
    seller_given_name_folded: 'tuan',
    seller_name_key: 'tuan',
    ...overrides,
  };
}

/** A gzip CSV the way clean writes it: header row, then one csvLine per row in the table's column order. */
function gzipCsv<Row>(columns: readonly string[], rows: readonly Row[]): Buffer {
  const header = `${columns.join(',')}\n`;
  const body = rows.map((row) => csvLine(columns.map((column) => (row as Record<string, string | number | boolean | null>)[column] ?? null))).join('');
  return gzipSync(Buffer.from(header + body, 'utf8'));
}

/** Writes each group of rows as one gzip CSV object and a manifest listing them all (mandatory). */
export async function putFilesAndManifest<Row>(
  store: MemoryObjectStore,
  batchId: string,
  columns: readonly string[],
  files: readonly (readonly Row[])[],
): Promise<ObjectRef> {
  const entries = [];
  for (const [index, rows] of files.entries()) {
    const ref = { bucket: BUCKET, key: `processed/${batchId}/part-${index}.csv.gz` };
    await store.putBytes(ref, gzipCsv(columns, rows));
    entries.push({ url: `s3://${ref.bucket}/${ref.key}`, mandatory: true });
  }
  const manifest = { bucket: BUCKET, key: `manifests/batch=${batchId}.manifest` };
  await store.putBytes(manifest, JSON.stringify({ entries }));
  return manifest;
}

/** The load transaction the copy step submits (its own loadStatements), for a batch staged at `manifest`. */
function load(kind: BatchKind, batchId: string, manifest: ObjectRef): WarehouseStatement[] {
  const state: IngestState = {
    batchId,
    kind,
    source: { bucket: 'xecu-raw', key: `${kind}/export-${batchId}.json` },
    manifest: { ref: manifest, table: kind === 'customers' ? 'staging.stg_customer_vehicles' : 'staging.stg_listings', files: 1 },
  };
  return loadStatements(state);
}

export function customerLoad(batchId: string, manifest: ObjectRef): WarehouseStatement[] {
  return load('customers', batchId, manifest);
}

export function listingLoad(batchId: string, manifest: ObjectRef): WarehouseStatement[] {
  return load('listings', batchId, manifest);
}

export async function stageBatch(warehouse: PostgresWarehouse, batchId: string, kind: 'customers' | 'listings', rows: number): Promise<void> {
  await warehouse.query(loadSql('ops/upsert_batch_staged'), {
    batch_id: batchId,
    kind,
    source_bucket: 'xecu-raw',
    source_key: `${kind}/export-${batchId}.json`,
    source_etag: '"0123456789abcdef"',
    rows_in: rows,
    valid_rows: rows,
    rejected_rows: 0,
    duplicate_rows: 0,
    processed_key: `processed/${batchId}/part-0.csv.gz`,
    rejects_key: `rejects/${batchId}.ndjson.gz`,
  });
}

interface Totals {
  customer_vehicles: number;
  customers: number;
  listings: number;
  batches_loaded: number;
  batches_failed: number;
}

async function totals(warehouse: PostgresWarehouse): Promise<Totals> {
  const rows = await warehouse.query<Totals & Record<string, unknown>>(loadSql('ops/warehouse_totals'));
  expect(rows).toHaveLength(1);
  return rows[0] as Totals;
}

async function customerCoreRows(warehouse: PostgresWarehouse, customerKeys: readonly string[]) {
  const rows = await warehouse.query(
    `select * from core.customer_vehicles where customer_key in (${customerKeys.map((_, i) => `:k${i}`).join(', ')}) order by customer_key, vehicle_key`,
    Object.fromEntries(customerKeys.map((key, i) => [`k${i}`, key])),
  );
  return rows;
}

async function vehicleCoreRows(warehouse: PostgresWarehouse, vehicleKey: string) {
  return warehouse.query('select * from core.customer_vehicles where vehicle_key = :vehicle_key', { vehicle_key: vehicleKey });
}

async function stagedRows(warehouse: PostgresWarehouse, table: 'stg_customer_vehicles' | 'stg_listings', batchId: string): Promise<number> {
  const [row] = await warehouse.query<{ n: number }>(`select count(*) as n from staging.${table} where batch_id = :batch_id`, { batch_id: batchId });
  return Number(row?.n);
}

function withoutLoadedAt(rows: Record<string, unknown>[]): Record<string, unknown>[] {
  return rows.map(({ loaded_at: _loadedAt, ...rest }) => rest);
}

/**
 * The Warehouse behaviour every PostgreSQL backend must show (PGlite in memory and on disk, a real server).
 * `open` is called once per file; tests isolate themselves with fresh batch ids and keys, and compare counts
 * before and after rather than absolute totals.
 */
export function describeWarehouseBehaviour(
  label: string,
  open: () => Promise<WarehouseUnderTest>,
  close: () => Promise<void>,
  options: WarehouseBehaviourOptions = {},
): void {
  describe(`PostgresWarehouse on ${label}`, () => {
    let warehouse: PostgresWarehouse;
    let store: MemoryObjectStore;

    beforeAll(async () => {
      ({ warehouse, objectStore: store } = await open());
      await warehouse.migrate();
    });

    afterAll(async () => {
      await close();
    });

    it('migrates again without error and has every schema and table', async () => {
      // Act
      await warehouse.migrate();
      // Assess
      const tables = await warehouse.query<{ name: string }>(
        `select table_schema || '.' || table_name as name from information_schema.tables
         where table_schema in ('ops', 'staging', 'core') order by 1`,
      );
      // Contained, not equal: other models (marts, market history) add their own tables.
      expect(tables.map((t) => t.name)).toEqual(
        expect.arrayContaining([
          'core.customer_vehicle_history',
          'core.customer_vehicles',
          'core.listing_prices',
          'core.listings',
          'ops.batches',
          'ops.identity_conflicts',
          'staging.stg_customer_vehicles',
          'staging.stg_listings',
        ]),
      );
      const schemas = await warehouse.query(`select schema_name from information_schema.schemata where schema_name = 'marts'`);
      expect(schemas).toHaveLength(1);
    });

    it('binds named parameters and leaves casts, quoted colons and comments alone', async () => {
      // Prepare
      const tricky = `it's a :colon::cast 'quoted' \\ "Đà Nẵng" -- not a comment`;
      // Act
      const rows = await warehouse.query(
        `select :text as text_value,
                cast(:n as integer) + 1 as next_value,
                ':not_a_param' as literal,
                '1'::int as cast_value, -- :also_not_a_param
                :text = :text as same_param_twice /* :nor_this */`,
        { text: tricky, n: 41 },
      );
      // Assess
      expect(rows).toEqual([{ text_value: tricky, next_value: 42, literal: ':not_a_param', cast_value: 1, same_param_twice: true }]);
    });

    it('binds null and returns bigint as a number and dates as text', async () => {
      // Act
      const rows = await warehouse.query(
        `select cast(:missing as integer) as missing, cast(:big as bigint) * 2 as doubled, cast(:day as date) as day`,
        { missing: null, big: 3_000_000_000, day: '2025-07-01' },
      );
      // Assess
      expect(rows).toEqual([{ missing: null, doubled: 6_000_000_000, day: '2025-07-01' }]);
    });

    it('refuses a missing or an unknown parameter with a message naming it', async () => {
      // Act + Assess
      await expect(warehouse.query('select :a as a, :b as b', { a: 1 })).rejects.toThrow(/missing SQL parameter\(s\): :b/);
      await expect(warehouse.query('select :a as a', { a: 1, typo: 2 })).rejects.toThrow(/unknown SQL parameter\(s\).*:typo/);
      await expect(warehouse.query('select :a as a', { a: 1, typo: 2 })).rejects.toBeInstanceOf(WarehouseError);
    });

    it('throws WarehouseError with PostgreSQL’s text when a query fails', async () => {
      // Act
      const failure = warehouse.query('select * from core.no_such_table');
      // Assess
      await expect(failure).rejects.toBeInstanceOf(WarehouseError);
      await expect(failure).rejects.toThrow(/relation "core.no_such_table" does not exist/);
    });

    it('loads customers from a manifest of several gzip CSV files and merges them into core', async () => {
      // Prepare
      const batchId = newBatchId();
      const key = (n: number) => `${batchId}-C${n}`;
      const vehicle = (letter: string) => `v:${batchId}-${letter}`;
      const before = await totals(warehouse);
      const tricky = customerRow(batchId, {
        source_row: 2,
        customer_key: key(1),
        vehicle_key: vehicle('A'),
        full_name: 'Trần "Tí" Hoàng, Jr.\nDòng hai',
        email: '',
        phone: null,
        variant: null,
        birth_date: null,
        price_vnd: null,
        model_raw: ' Fortuner 2.4 4x2 AT ',
      });
      const sameCustomerSecondCar = customerRow(batchId, { source_row: 3, customer_key: key(1), vehicle_key: vehicle('B'), vin: 'VIN-B' });
      const otherCustomer = customerRow(batchId, { source_row: 4, customer_key: key(2), vehicle_key: vehicle('C'), province: 'Đắk Lắk' });
      // The same vehicle twice in one batch: the later source row wins.
      const olderDuplicate = customerRow(batchId, { source_row: 1, customer_key: key(2), vehicle_key: vehicle('C'), province: 'Huế' });
      const manifest = await putFilesAndManifest(store, batchId, CUSTOMER_VEHICLE_COLUMNS, [
        [tricky, sameCustomerSecondCar],
        [otherCustomer, olderDuplicate],
      ]);
      await stageBatch(warehouse, batchId, 'customers', 4);
      // Act
      const status = await warehouse.submit(customerLoad(batchId, manifest));
      // Assess
      expect(status).toEqual({ id: expect.any(String), state: 'FINISHED' });
      expect(await warehouse.describe(status.id)).toEqual(status);
      const after = await totals(warehouse);
      expect(after.customer_vehicles - before.customer_vehicles).toBe(3);
      expect(after.customers - before.customers).toBe(2);
      expect(after.batches_loaded - before.batches_loaded).toBe(1);
      const [summary] = await warehouse.query(loadSql('ops/batch_summary'), { batch_id: batchId });
      expect(summary).toMatchObject({ batch_id: batchId, kind: 'customers', status: 'loaded', loaded_rows: 4, rows_in: 4, error_name: null });
      const core = await customerCoreRows(warehouse, [key(1), key(2)]);
      expect(core).toHaveLength(3);
      expect(core[0]).toMatchObject({
        customer_key: key(1),
        vehicle_key: vehicle('A'),
        full_name: 'Trần "Tí" Hoàng, Jr.\nDòng hai',
        email: '',
        phone: null,
        variant: null,
        birth_date: null,
        price_vnd: null,
        model_raw: ' Fortuner 2.4 4x2 AT ',
        last_service_at: '2024-02-01 09:30:00',
        first_batch_id: batchId,
        batch_id: batchId,
      });
      expect(core[1]).toMatchObject({ vehicle_key: vehicle('B'), price_vnd: 545_000_000, purchase_date: '2019-06-15' });
      expect(core[2]).toMatchObject({ customer_key: key(2), vehicle_key: vehicle('C'), province: 'Đắk Lắk' });
    });

    it('empties the batch’s staging rows once they are merged and still counts them as loaded', async () => {
      // Prepare
      const batchId = newBatchId();
      const rows = [1, 2, 3].map((n) => customerRow(batchId, { source_row: n, customer_key: `${batchId}-C${n}`, vehicle_key: `v:${batchId}-${n}` }));
      const manifest = await putFilesAndManifest(store, batchId, CUSTOMER_VEHICLE_COLUMNS, [rows]);
      await stageBatch(warehouse, batchId, 'customers', 3);
      // Act
      const status = await warehouse.submit(customerLoad(batchId, manifest));
      // Assess
      expect(status.state).toBe('FINISHED');
      expect(await stagedRows(warehouse, 'stg_customer_vehicles', batchId)).toBe(0);
      const [summary] = await warehouse.query(loadSql('ops/batch_summary'), { batch_id: batchId });
      expect(summary).toMatchObject({ status: 'loaded', loaded_rows: 3 });
      expect(await customerCoreRows(warehouse, rows.map((row) => row.customer_key))).toHaveLength(3);
    });

    it('changes nothing when the same batch is loaded again', async () => {
      // Prepare
      const batchId = newBatchId();
      const key = `${batchId}-C1`;
      const manifest = await putFilesAndManifest(store, batchId, CUSTOMER_VEHICLE_COLUMNS, [
        [
          customerRow(batchId, { customer_key: key, vehicle_key: `v:${batchId}-1`, service_visits: 2 }),
          customerRow(batchId, { source_row: 2, customer_key: key, vehicle_key: `v:${batchId}-2` }),
        ],
      ]);
      await stageBatch(warehouse, batchId, 'customers', 2);
      expect((await warehouse.submit(customerLoad(batchId, manifest))).state).toBe('FINISHED');
      const totalsOnce = await totals(warehouse);
      const rowsOnce = await customerCoreRows(warehouse, [key]);
      const identityRows = async () =>
        warehouse.query(
          `select (select count(*) from core.customer_vehicle_history where vehicle_key like :prefix) as versions,
                  (select count(*) from ops.identity_conflicts where batch_id = :batch_id) as conflicts`,
          { prefix: `v:${batchId}-%`, batch_id: batchId },
        );
      const identityOnce = await identityRows();
      // Act
      const again = await warehouse.submit(customerLoad(batchId, manifest));
      // Assess
      expect(again.state).toBe('FINISHED');
      expect(await totals(warehouse)).toEqual(totalsOnce);
      expect(identityOnce).toEqual([{ versions: 2, conflicts: 0 }]);
      expect(await identityRows()).toEqual(identityOnce);
      expect(withoutLoadedAt(await customerCoreRows(warehouse, [key]))).toEqual(withoutLoadedAt(rowsOnce));
      expect(rowsOnce[0]).toMatchObject({ service_visits: 2 });
      expect(await stagedRows(warehouse, 'stg_customer_vehicles', batchId)).toBe(0);
      const [summary] = await warehouse.query(loadSql('ops/batch_summary'), { batch_id: batchId });
      expect(summary).toMatchObject({ status: 'loaded', loaded_rows: 2 });
    });

    it('keeps first_batch_id and takes the newer batch’s values when a vehicle comes again', async () => {
      // Prepare
      const first = newBatchId();
      const second = newBatchId();
      const key = `${first}-C1`;
      const vehicleKey = `v:${first}`;
      const firstManifest = await putFilesAndManifest(store, first, CUSTOMER_VEHICLE_COLUMNS, [
        [customerRow(first, { customer_key: key, vehicle_key: vehicleKey, service_visits: 1 })],
      ]);
      const secondManifest = await putFilesAndManifest(store, second, CUSTOMER_VEHICLE_COLUMNS, [
        [customerRow(second, { customer_key: key, vehicle_key: vehicleKey, service_visits: 5, province: 'Đà Nẵng' })],
      ]);
      expect((await warehouse.submit(customerLoad(first, firstManifest))).state).toBe('FINISHED');
      // Act
      const status = await warehouse.submit(customerLoad(second, secondManifest));
      // Assess
      expect(status.state).toBe('FINISHED');
      const core = await customerCoreRows(warehouse, [key]);
      expect(core).toEqual([expect.objectContaining({ service_visits: 5, province: 'Đà Nẵng', first_batch_id: first, batch_id: second })]);
    });

    it('keeps the sale’s facts when a later service-only batch brings the same vehicle', async () => {
      // Prepare: a sale, then a service visit of the same car that knows only the customer and the date.
      const [sale, service, olderService] = [newBatchId(), newBatchId(), newBatchId()];
      const vehicleKey = `v:${sale}`;
      const customer = { customer_key: `c:${sale}`, customer_id: sale, vehicle_key: vehicleKey };
      const saleRow = customerRow(sale, { ...customer, last_service_at: null, service_visits: 0 });
      const serviceOnly = (batchId: string, at: string) =>
        customerRow(batchId, {
          ...customer,
          email: null,
          birth_date: null,
          birth_year: null,
          make: null,
          model: null,
          variant: null,
          model_raw: null,
          purchase_date: null,
          purchase_year: null,
          price_vnd: null,
          province: null,
          province_old: null,
          last_service_at: at,
          service_visits: 1,
        });
      for (const [batchId, row] of [
        [sale, saleRow],
        [service, serviceOnly(service, '2025-05-02 08:00:00')],
        [olderService, serviceOnly(olderService, '2024-01-15 10:00:00')],
      ] as const) {
        const manifest = await putFilesAndManifest(store, batchId, CUSTOMER_VEHICLE_COLUMNS, [[row]]);
        // Act
        expect((await warehouse.submit(customerLoad(batchId, manifest))).state).toBe('FINISHED');
      }
      // Assess
      expect(await vehicleCoreRows(warehouse, vehicleKey)).toEqual([
        expect.objectContaining({
          customer_key: `c:${sale}`,
          model: 'Vios',
          variant: '1.5G CVT',
          make: 'Toyota',
          model_raw: 'Vios 1.5G CVT',
          purchase_date: '2019-06-15',
          purchase_year: 2019,
          price_vnd: 545_000_000,
          province: 'Hồ Chí Minh',
          province_old: 'TP HCM',
          email: 'an@example.com',
          birth_date: '1985-04-30',
          // The newest visit stays even though an older visit's batch arrived last.
          last_service_at: '2025-05-02 08:00:00',
          service_visits: 1,
          first_batch_id: sale,
          batch_id: olderService,
        }),
      ]);
    });

    it('keeps one row per vehicle and the sale’s customer when a service row knows only a phone', async () => {
      // Prepare: the same VIN under the DB's customer id and, from service records, under a phone key.
      const [saleFirst, serviceFirst] = [newBatchId(), newBatchId()];
      const cases = [saleFirst, serviceFirst].map((id) => {
        const vehicleKey = `v:${id}`;
        const sale = newBatchId();
        const service = newBatchId();
        const saleRow = customerRow(sale, { customer_key: `c:${id}`, customer_id: id, vehicle_key: vehicleKey, last_service_at: null, service_visits: 0 });
        // Whoever brought the car in: another name and phone, which must not replace the owner's.
        const serviceRow = customerRow(service, {
          customer_key: 'p:0912000111', customer_id: null, vehicle_key: vehicleKey, purchase_date: null, price_vnd: null,
          full_name: 'Trần Văn Tài', phone: '0912000111', email: null,
        });
        const loads: [string, CustomerVehicleRow][] = [
          [sale, saleRow],
          [service, serviceRow],
        ];
        return { id, vehicleKey, batches: id === saleFirst ? loads : loads.reverse() };
      });
      const before = await totals(warehouse);
      // Act
      for (const { batches } of cases) {
        for (const [batchId, row] of batches) {
          const manifest = await putFilesAndManifest(store, batchId, CUSTOMER_VEHICLE_COLUMNS, [[row]]);
          expect((await warehouse.submit(customerLoad(batchId, manifest))).state).toBe('FINISHED');
        }
      }
      // Assess
      for (const { id, vehicleKey } of cases) {
        expect(await vehicleCoreRows(warehouse, vehicleKey)).toEqual([
          expect.objectContaining({
            customer_key: `c:${id}`,
            customer_id: id,
            full_name: customerRow(id).full_name,
            phone: customerRow(id).phone,
            purchase_date: '2019-06-15',
            price_vnd: 545_000_000,
            last_service_at: '2024-02-01 09:30:00',
          }),
        ]);
      }
      expect((await totals(warehouse)).customer_vehicles - before.customer_vehicles).toBe(2);
    });

    it('gives a resold vehicle to its new owner without the previous owner’s phone, email or birth', async () => {
      // Prepare: customer A bought the car; customer B's sale row for the same VIN knows fewer details.
      const [first, second] = [newBatchId(), newBatchId()];
      const vehicleKey = `v:${first}-resold`;
      const rowA = customerRow(first, {
        customer_key: `c:A-${first}`, customer_id: `A-${first}`, vehicle_key: vehicleKey, phone: '0903000111', phone_alt: '0912000222',
        email: 'a@example.com', service_visits: 2, last_service_at: '2024-02-01 09:30:00',
      });
      // B bought it after A's last service: the row's own dates say B is the newer owner.
      const rowB = customerRow(second, {
        customer_key: `c:B-${first}`, customer_id: `B-${first}`, vehicle_key: vehicleKey, full_name: 'Trần Thị Bình', name_folded: 'tran thi binh',
        name_key: 'binh thi tran', phone: '0912000222', phone_alt: null, email: null, birth_date: null, birth_year: null, service_visits: 0,
        last_service_at: null, purchase_date: '2024-09-01', purchase_year: 2024,
      });
      // Act
      for (const [batchId, row] of [[first, rowA], [second, rowB]] as const) {
        const manifest = await putFilesAndManifest(store, batchId, CUSTOMER_VEHICLE_COLUMNS, [[row]]);
        expect((await warehouse.submit(customerLoad(batchId, manifest))).state).toBe('FINISHED');
      }
      // Assess: B's details whole (NULLs too); the vehicle's own facts stay.
      expect(await vehicleCoreRows(warehouse, vehicleKey)).toEqual([
        expect.objectContaining({
          customer_key: `c:B-${first}`, customer_id: `B-${first}`, full_name: 'Trần Thị Bình', phone: '0912000222', phone_alt: null,
          email: null, birth_date: null, birth_year: null, service_visits: 2, last_service_at: '2024-02-01 09:30:00',
          purchase_date: '2024-09-01', model: 'Vios',
        }),
      ]);
    });

    it('keeps phone_alt apart from phone, and visits with the last service date, across batches of one customer', async () => {
      // Prepare: a service batch (phone X, alternative Y, 3 visits), then a sale-only batch with phone Y and 0 visits.
      const [service, sale] = [newBatchId(), newBatchId()];
      const vehicleKey = `v:${service}-phones`;
      const key = `c:${service}`;
      const serviceRow = customerRow(service, { customer_key: key, customer_id: service, vehicle_key: vehicleKey, phone: '0903000111', phone_alt: '0912000222', service_visits: 3 });
      // The sale row is the newer one by its own date (a later export), so its phone leads.
      const saleRow = customerRow(sale, {
        customer_key: key, customer_id: service, vehicle_key: vehicleKey, phone: '0912000222', phone_alt: null, service_visits: 0, last_service_at: null,
        purchase_date: '2025-01-01',
      });
      // Act
      for (const [batchId, row] of [[service, serviceRow], [sale, saleRow]] as const) {
        const manifest = await putFilesAndManifest(store, batchId, CUSTOMER_VEHICLE_COLUMNS, [[row]]);
        expect((await warehouse.submit(customerLoad(batchId, manifest))).state).toBe('FINISHED');
      }
      // Assess
      expect(await vehicleCoreRows(warehouse, vehicleKey)).toEqual([
        expect.objectContaining({ phone: '0912000222', phone_alt: null, service_visits: 3, last_service_at: '2024-02-01 09:30:00' }),
      ]);
    });

    it('rolls everything back and reports PostgreSQL’s error when a statement fails', async () => {
      // Prepare
      const batchId = newBatchId();
      const key = `${batchId}-C1`;
      const manifest = await putFilesAndManifest(store, batchId, CUSTOMER_VEHICLE_COLUMNS, [[customerRow(batchId, { customer_key: key })]]);
      await stageBatch(warehouse, batchId, 'customers', 1);
      const before = await totals(warehouse);
      const statements: WarehouseStatement[] = [
        ...customerLoad(batchId, manifest),
        { kind: 'sql', sql: 'insert into ops.batches (batch_id, kind, status) values (:batch_id, :kind, :status)', params: { batch_id: batchId, kind: 'customers', status: 'staged' } },
      ];
      // Act
      const status = await warehouse.submit(statements);
      // Assess
      expect(status.state).toBe('FAILED');
      expect(status.error).toMatch(/statement 7 of 7 \(sql\): ERROR: duplicate key value violates unique constraint/);
      // The key's column is named, its value (in other tables a phone or a name) is not.
      expect(status.error).toMatch(/DETAIL: Key \(batch_id\)=\(…\) already exists/);
      expect(status.error).not.toContain(batchId);
      expect(await warehouse.describe(status.id)).toEqual(status);
      expect(await totals(warehouse)).toEqual(before);
      expect(await customerCoreRows(warehouse, [key])).toEqual([]);
      expect(await warehouse.query('select count(*) as n from staging.stg_customer_vehicles where batch_id = :b', { b: batchId })).toEqual([{ n: 0 }]);
      const [summary] = await warehouse.query(loadSql('ops/batch_summary'), { batch_id: batchId });
      expect(summary).toMatchObject({ status: 'staged', loaded_rows: null });
    });

    it('reports a bad CSV value with the file, line and column PostgreSQL names, but not the value', async () => {
      // Prepare: a name shifted into an integer column, as a misaligned export would do.
      const batchId = newBatchId();
      const manifest = { bucket: BUCKET, key: `manifests/batch=${batchId}.manifest` };
      const header = `${CUSTOMER_VEHICLE_COLUMNS.join(',')}\n`;
      const good = csvLine(CUSTOMER_VEHICLE_COLUMNS.map((c) => customerRow(batchId, { full_name: 'An' })[c]));
      const bad = csvLine(CUSTOMER_VEHICLE_COLUMNS.map((c) => (c === 'service_visits' ? 'Phạm Thị Lụa' : customerRow(batchId, { full_name: 'An' })[c])));
      await store.putBytes({ bucket: BUCKET, key: `bad/${batchId}.csv.gz` }, gzipSync(header + good + bad));
      await store.putBytes(manifest, JSON.stringify({ entries: [{ url: `s3://${BUCKET}/bad/${batchId}.csv.gz`, mandatory: true }] }));
      // Act
      const status = await warehouse.submit(customerLoad(batchId, manifest));
      // Assess
      expect(status.state).toBe('FAILED');
      expect(status.error).toContain(`statement 3 of 6 (copy), file s3://${BUCKET}/bad/${batchId}.csv.gz`);
      expect(status.error).toMatch(/invalid input syntax for type integer/);
      expect(status.error).toMatch(/CONTEXT: COPY stg_customer_vehicles, line \d+, column service_visits(\n|$)/);
      expect(status.error).not.toMatch(/Phạm|Lụa/);
    });

    it('reports a CSV line with too many fields without quoting the line', async () => {
      // Prepare
      const batchId = newBatchId();
      const manifest = { bucket: BUCKET, key: `manifests/batch=${batchId}.manifest` };
      const header = `${CUSTOMER_VEHICLE_COLUMNS.join(',')}\n`;
      const row = customerRow(batchId, { full_name: 'Phạm Thị Lụa', phone: '0987654321' });
      const tooLong = csvLine([...CUSTOMER_VEHICLE_COLUMNS.map((c) => row[c]), 'extra']);
      await store.putBytes({ bucket: BUCKET, key: `long/${batchId}.csv.gz` }, gzipSync(header + tooLong));
      await store.putBytes(manifest, JSON.stringify({ entries: [{ url: `s3://${BUCKET}/long/${batchId}.csv.gz`, mandatory: true }] }));
      // Act
      const status = await warehouse.submit(customerLoad(batchId, manifest));
      // Assess
      expect(status.state).toBe('FAILED');
      expect(status.error).toMatch(/extra data after last expected column/);
      expect(status.error).toMatch(/CONTEXT: COPY stg_customer_vehicles, line \d+(\n|$)/);
      expect(status.error).not.toMatch(/Phạm|0987654321/);
    });

    it('leaves planner statistics for the staging table it loaded, as Redshift’s COPY does', async () => {
      // Prepare
      const batchId = newBatchId();
      const rows = Array.from({ length: 40 }, (_, i) => customerRow(batchId, { source_row: i + 1, customer_key: `${batchId}-C${i}`, vehicle_key: `v:${batchId}-${i}` }));
      const manifest = await putFilesAndManifest(store, batchId, CUSTOMER_VEHICLE_COLUMNS, [rows]);
      // Act
      const status = await warehouse.submit(customerLoad(batchId, manifest));
      // Assess: without fresh statistics the merge plans nested loops that are quadratic in the batch size.
      expect(status.state).toBe('FINISHED');
      const [stats] = await warehouse.query<{ reltuples: number }>(
        `select reltuples from pg_class where oid = cast('staging.stg_customer_vehicles' as regclass)`,
      );
      expect(stats?.reltuples).toBeGreaterThanOrEqual(40);
    });

    it('fails the load when a mandatory manifest entry is missing', async () => {
      // Prepare
      const batchId = newBatchId();
      const manifest = await putFilesAndManifest(store, batchId, CUSTOMER_VEHICLE_COLUMNS, [[customerRow(batchId)]]);
      await store.putBytes(manifest, JSON.stringify({ entries: [{ url: `s3://${BUCKET}/processed/${batchId}/gone.csv.gz`, mandatory: true }] }));
      // Act
      const status = await warehouse.submit(customerLoad(batchId, manifest));
      // Assess
      expect(status.state).toBe('FAILED');
      expect(status.error).toContain(`mandatory entry s3://${BUCKET}/processed/${batchId}/gone.csv.gz does not exist`);
    });

    it('skips a missing optional manifest entry, as Redshift does', async () => {
      // Prepare
      const batchId = newBatchId();
      const key = `${batchId}-C1`;
      const present = await putFilesAndManifest(store, batchId, CUSTOMER_VEHICLE_COLUMNS, [[customerRow(batchId, { customer_key: key })]]);
      const entries = [
        { url: `s3://${BUCKET}/processed/${batchId}/part-0.csv.gz`, mandatory: true },
        { url: `s3://${BUCKET}/processed/${batchId}/never-written.csv.gz`, mandatory: false },
      ];
      await store.putBytes(present, JSON.stringify({ entries }));
      // Act
      const status = await warehouse.submit(customerLoad(batchId, present));
      // Assess
      expect(status.state).toBe('FINISHED');
      expect(await customerCoreRows(warehouse, [key])).toHaveLength(1);
    });

    it('fails the load when the manifest itself is missing', async () => {
      // Act
      const status = await warehouse.submit(customerLoad(newBatchId(), { bucket: BUCKET, key: 'manifests/none.manifest' }));
      // Assess
      expect(status).toMatchObject({ state: 'FAILED', error: expect.stringContaining(`COPY manifest s3://${BUCKET}/manifests/none.manifest does not exist`) });
    });

    it('keeps first and last seen times and the latest price across listing batches, with daily prices', async () => {
      // Prepare: three batches of one listing; the third arrives last but was scraped first.
      const listingId = randomBytes(6).toString('hex');
      const [monday, wednesday, late] = [newBatchId(), newBatchId(), newBatchId()];
      const scrape = (batchId: string, scrapedAt: string, price: number, extra: Partial<ListingRow> = {}) =>
        listingRow(batchId, { listing_id: listingId, scraped_at: scrapedAt, price_vnd: price, price_text: `${price / 1e6} triệu`, ...extra });
      const loads = [
        // 2025-03-03 09:00 in Vietnam (02:00 UTC); the same ad seen twice that morning: the later one wins.
        [monday, [scrape(monday, '2025-03-03T08:00:00+07:00', 460_000_000), scrape(monday, '2025-03-03T09:00:00+07:00', 455_000_000)]],
        // 2025-03-05 01:00 in Vietnam is still 2025-03-04 in UTC: the price belongs to Vietnam's 5 March.
        [wednesday, [scrape(wednesday, '2025-03-05T01:00:00+07:00', 440_000_000, { title: 'Vios 2019 giảm giá', mileage_km: 51_000 })]],
        [late, [scrape(late, '2025-03-01T10:00:00+07:00', 480_000_000, { title: 'old title' })]],
      ] as const;
      const before = await totals(warehouse);
      // Act
      for (const [batchId, rows] of loads) {
        const manifest = await putFilesAndManifest(store, batchId, LISTING_ROW_COLUMNS, [rows]);
        await stageBatch(warehouse, batchId, 'listings', rows.length);
        const status = await warehouse.submit(listingLoad(batchId, manifest));
        expect(status).toMatchObject({ state: 'FINISHED' });
      }
      // Assess
      const listings = await warehouse.query('select * from core.listings where listing_id = :id', { id: listingId });
      expect(listings).toEqual([
        expect.objectContaining({
          source: 'chotot',
          first_seen_at: '2025-03-01 03:00:00',
          last_seen_at: '2025-03-04 18:00:00',
          price_vnd: 440_000_000,
          title: 'Vios 2019 giảm giá',
          mileage_km: 51_000,
          posted_at: '2025-03-01 01:00:00',
          negotiable: false,
          first_batch_id: monday,
          batch_id: wednesday,
        }),
      ]);
      const prices = await warehouse.query(
        'select observed_on, price_vnd, observed_at, batch_id from core.listing_prices where listing_id = :id order by observed_on',
        { id: listingId },
      );
      expect(prices).toEqual([
        { observed_on: '2025-03-01', price_vnd: 480_000_000, observed_at: '2025-03-01 03:00:00', batch_id: late },
        { observed_on: '2025-03-03', price_vnd: 455_000_000, observed_at: '2025-03-03 02:00:00', batch_id: monday },
        { observed_on: '2025-03-05', price_vnd: 440_000_000, observed_at: '2025-03-04 18:00:00', batch_id: wednesday },
      ]);
      expect((await totals(warehouse)).listings - before.listings).toBe(1);
      const [summary] = await warehouse.query(loadSql('ops/batch_summary'), { batch_id: monday });
      expect(summary).toMatchObject({ kind: 'listings', status: 'loaded', loaded_rows: 2 });
      expect(await stagedRows(warehouse, 'stg_listings', monday)).toBe(0);
    });

    it('skips a scrape without a price in the price history but keeps the listing', async () => {
      // Prepare
      const batchId = newBatchId();
      const listingId = randomBytes(6).toString('hex');
      const rows = [listingRow(batchId, { listing_id: listingId, price_vnd: null, price_text: 'Giá thỏa thuận', negotiable: true })];
      const manifest = await putFilesAndManifest(store, batchId, LISTING_ROW_COLUMNS, [rows]);
      // Act
      const status = await warehouse.submit(listingLoad(batchId, manifest));
      // Assess
      expect(status.state).toBe('FINISHED');
      expect(await warehouse.query('select price_vnd, negotiable, price_text from core.listings where listing_id = :id', { id: listingId })).toEqual([
        { price_vnd: null, negotiable: true, price_text: 'Giá thỏa thuận' },
      ]);
      expect(await warehouse.query('select * from core.listing_prices where listing_id = :id', { id: listingId })).toEqual([]);
    });

    it('records a failed batch even before it was staged, and clears the error when it is staged again', async () => {
      // Prepare
      const batchId = newBatchId();
      const failure = {
        batch_id: batchId,
        kind: 'listings',
        source_bucket: 'xecu-landing',
        source_key: 'listings/2025/03/05/chotot.ndjson.gz',
        error_name: 'CleanInputError',
        error_cause: `CleanInputError: line 3: unexpected token ':' in "price": ::x`,
      };
      // Act
      await warehouse.query(loadSql('ops/mark_batch_failed'), failure);
      const [failed] = await warehouse.query(loadSql('ops/batch_summary'), { batch_id: batchId });
      await stageBatch(warehouse, batchId, 'listings', 7);
      await stageBatch(warehouse, batchId, 'listings', 7);
      const [restaged] = await warehouse.query(loadSql('ops/batch_summary'), { batch_id: batchId });
      // Assess
      expect(failed).toMatchObject({ status: 'failed', error_name: 'CleanInputError', error_cause: failure.error_cause, rows_in: null });
      expect(restaged).toMatchObject({ status: 'staged', error_name: null, error_cause: null, rows_in: 7, source_etag: '"0123456789abcdef"' });
      expect(restaged?.created_at).toBe(failed?.created_at);
      expect(await warehouse.query('select count(*) as n from ops.batches where batch_id = :b', { b: batchId })).toEqual([{ n: 1 }]);
    });

    if (options.concurrentTransactions) {
      it('merges two loads that bring the same new vehicle at the same time', async () => {
        // Prepare: each transaction takes the load lock (ops/lock_load, a load's first statement), stages its row and
        // merges; the first holds its transaction open a little longer, so without the load lock the second would
        // insert the same vehicle before the first commits.
        const [slow, fast] = [newBatchId(), newBatchId()];
        const vehicleKey = `v:${slow}`;
        const stageAndMerge = (batchId: string): WarehouseStatement[] => [
          { kind: 'sql', sql: loadSql('ops/lock_load') },
          {
            kind: 'sql',
            sql: `insert into staging.stg_customer_vehicles (batch_id, source_row, customer_key, vehicle_key, service_visits, record_hash)
                  values (:batch_id, 1, :customer_key, :vehicle_key, 1, :record_hash)`,
            params: { batch_id: batchId, customer_key: `c:${slow}`, vehicle_key: vehicleKey, record_hash: 'c'.repeat(40) },
          },
          { kind: 'sql', sql: loadSql('core/merge_customer_vehicles'), params: { batch_id: batchId } },
        ];
        // Act
        const first = warehouse.submit([...stageAndMerge(slow), { kind: 'sql', sql: 'select pg_sleep(0.6)' }]);
        await new Promise((resolve) => setTimeout(resolve, 150));
        const second = warehouse.submit(stageAndMerge(fast));
        const statuses = await Promise.all([first, second]);
        // Assess
        expect(statuses.map((status) => status.error ?? status.state)).toEqual(['FINISHED', 'FINISHED']);
        const rows = await vehicleCoreRows(warehouse, vehicleKey);
        expect(rows).toHaveLength(1);
        expect(new Set([rows[0]?.first_batch_id, rows[0]?.batch_id])).toEqual(new Set([slow, fast]));
      });
    }

    describeIdentityMerges(
      () => warehouse,
      () => store,
    );

    it('answers FAILED for a statement id it does not know', async () => {
      // Act
      const status = await warehouse.describe('pg-00000000-0000-0000-0000-000000000000');
      // Assess
      expect(status).toEqual({ id: 'pg-00000000-0000-0000-0000-000000000000', state: 'FAILED', error: expect.stringMatching(/unknown statement/) });
    });

    it('runs a multi-statement query in one transaction and returns the last statement’s rows', async () => {
      // Prepare
      const batchId = newBatchId();
      // Act
      const rows = await warehouse.query(
        `insert into ops.batches (batch_id, kind, status) values (:batch_id, 'customers', 'staged');
         select batch_id, status from ops.batches where batch_id = :batch_id`,
        { batch_id: batchId },
      );
      const failing = warehouse.query(
        `delete from ops.batches where batch_id = :batch_id; select 1/0 as boom`,
        { batch_id: batchId },
      );
      // Assess
      expect(rows).toEqual([{ batch_id: batchId, status: 'staged' }]);
      await expect(failing).rejects.toThrow(/statement 2 of 2: ERROR: division by zero/);
      expect(await warehouse.query('select count(*) as n from ops.batches where batch_id = :b', { b: batchId })).toEqual([{ n: 1 }]);
    });
  });
}
