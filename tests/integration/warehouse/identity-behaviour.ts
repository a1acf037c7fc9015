import fc from 'fast-check';
import type { MemoryObjectStore } from '../../../shared/adapters/memory/memory-object-store';
import type { PostgresWarehouse } from '../../../shared/adapters/postgres/postgres-warehouse';
import { CUSTOMER_VEHICLE_COLUMNS, type CustomerVehicleRow } from '../../../shared/contracts/customer-export';
import { loadSql } from '../../../shared/sql';
import { clean } from '../../../shared/steps/clean';
import { customerLoad, customerRow, newBatchId, putFilesAndManifest } from './warehouse-behaviour';

/** Three people of the hostile corpus: each one's name, phone and email written together. */
const AN = { full_name: 'Nguyễn Văn An', name_folded: 'nguyen van an', name_key: 'an nguyen van', phone: '0903123456', email: 'an@example.com', birth_year: 1985 };
const BINH = { full_name: 'Trần Thị Bình', name_folded: 'tran thi binh', name_key: 'binh thi tran', phone: '0912000222', email: 'binh@example.com', birth_year: 1990 };
const LUA = { full_name: 'Phạm Thị Lụa', name_folded: 'pham thi lua', name_key: 'lua pham thi', phone: '0977000333', email: 'lua@example.com', birth_year: 1979 };
const PEOPLE = [AN, BINH, LUA];

type Person = typeof AN;

function as(person: Person): Partial<CustomerVehicleRow> {
  return {
    full_name: person.full_name,
    name_folded: person.name_folded,
    name_key: person.name_key,
    given_name_folded: person.name_folded.split(' ').at(-1) ?? '',
    family_name_folded: person.name_folded.split(' ')[0] ?? '',
    phone: person.phone,
    phone_alt: null,
    email: person.email,
    birth_date: `${person.birth_year}-01-01`,
    birth_year: person.birth_year,
  };
}

/** A phone no other test uses: vehicles are matched by phone and name across the shared warehouse. */
function uniquePhone(batchId: string): string {
  return `090${String(parseInt(batchId.slice(2, 10), 16) % 10_000_000).padStart(7, '0')}`;
}

/** A service visit row as clean writes it for a record without asset number: an `h:` key, no VIN, no sale. */
function serviceWithoutVin(batchId: string, overrides: Partial<CustomerVehicleRow>): CustomerVehicleRow {
  return customerRow(batchId, {
    vehicle_key: `h:${batchId.slice(2, 22)}`,
    vin: null,
    purchase_date: null,
    purchase_year: null,
    price_vnd: null,
    model_raw: 'Vios',
    variant: null,
    service_visits: 1,
    ...overrides,
  });
}

/**
 * Identity across batches (core/merge_customer_vehicles.sql): one row one person, one vehicle one row, facts not
 * erased, older exports do not overwrite newer facts, conflicts flagged, history kept. Runs inside
 * describeWarehouseBehaviour, so on PGlite and on a PostgreSQL server.
 */
export function describeIdentityMerges(warehouse: () => PostgresWarehouse, store: () => MemoryObjectStore): void {
  async function loadBatch(batchId: string, rows: readonly CustomerVehicleRow[]): Promise<void> {
    const manifest = await putFilesAndManifest(store(), batchId, CUSTOMER_VEHICLE_COLUMNS, [rows]);
    const status = await warehouse().submit(customerLoad(batchId, manifest));
    expect(status.error ?? status.state).toBe('FINISHED');
  }

  const vehicle = async (vehicleKey: string) =>
    warehouse().query('select * from core.customer_vehicles where vehicle_key = :vehicle_key', { vehicle_key: vehicleKey });
  const history = async (vehicleKey: string) =>
    warehouse().query(
      `select role, customer_key, full_name, phone, email, valid_from, valid_to, batch_id, closed_by_batch_id
       from core.customer_vehicle_history where vehicle_key = :vehicle_key order by valid_from, recorded_at, role`,
      { vehicle_key: vehicleKey },
    );
  const conflicts = async (batchId: string) =>
    warehouse().query('select * from ops.identity_conflicts where batch_id = :batch_id order by vehicle_key, kind', { batch_id: batchId });
  const customerRows = async (customerKey: string) =>
    warehouse().query('select * from core.customer_vehicles where customer_key = :customer_key order by vehicle_key', { customer_key: customerKey });

  /** Raw export records through clean into core, as the ingest runs them: the hostile corpus end to end. */
  async function ingestExport(records: readonly Record<string, unknown>[]): Promise<string> {
    const batchId = newBatchId();
    const source = { bucket: 'xecu-raw', key: `customers/${batchId}.ndjson` };
    await store().putBytes(source, records.map((record) => JSON.stringify(record)).join('\n'));
    const cleaned = await clean({ batchId, kind: 'customers', source }, { objectStore: store(), processedBucket: 'xecu-processed', now: () => new Date('2026-11-24T00:00:00Z') });
    expect(cleaned.counts.rejected).toBe(0);
    const manifest = { bucket: 'xecu-processed', key: `manifests/batch=${batchId}.manifest` };
    await store().putBytes(manifest, JSON.stringify({ entries: [{ url: `s3://${cleaned.processed.bucket}/${cleaned.processed.key}`, mandatory: true }] }));
    const status = await warehouse().submit(customerLoad(batchId, manifest));
    expect(status.error ?? status.state).toBe('FINISHED');
    return batchId;
  }

  describe('identity merges', () => {
    it('keeps people apart through clean and load when an older export with mixed people arrives after a newer one', async () => {
      // Prepare: hostile corpus. VIN X was An's (2019) and was resold to Bình (2024); VIN Y is An's, who changed phone.
      const suffix = newBatchId().slice(2, 12).toUpperCase();
      const [vinX, vinY] = [`RLX${suffix}`, `RLY${suffix}`];
      const [an, binh] = [`KHA${suffix}`, `KHB${suffix}`];
      const anPhoneOld = uniquePhone(newBatchId());
      const anPhoneNew = uniquePhone(newBatchId());
      const newer = [
        { CustomerId: binh, NameCustomer: 'Trần Thị Bình', Phone: BINH.phone, asset_num: vinX, modelType: 'Vios 1.5G CVT', Warranty_start_dt: '2024-09-01' },
        // Whoever brought X in for service: no CustomerId, another name and phone.
        { NameCustomer: 'Lê Văn Tài', Phone: '0987000111', asset_num: vinX, modelType: 'Vios', ServiceDate: '2025-02-02' },
        { CustomerId: an, NameCustomer: 'Nguyễn Văn An', Phone: anPhoneNew, asset_num: vinY, modelType: 'Fortuner 2.4 4x2 AT', ServiceDate: '2025-05-05' },
      ];
      const older = [
        { CustomerId: an, NameCustomer: 'Nguyễn Văn An', Phone: anPhoneOld, Email: AN.email, asset_num: vinX, modelType: 'Vios 1.5G CVT', Warranty_start_dt: '2019-03-20', price: '545.000.000' },
        { CustomerId: an, NameCustomer: 'Nguyễn Văn An', Phone: anPhoneOld, Email: AN.email, asset_num: vinY, modelType: 'Fortuner 2.4 4x2 AT', Warranty_start_dt: '2021-01-15' },
      ];
      // Act: the newer export first, the older one after it, then the older one again as another upload.
      await ingestExport(newer);
      const olderBatch = await ingestExport(older);
      const once = await warehouse().query('select * from core.customer_vehicle_history where vehicle_key in (:x, :y)', { x: `v:${vinX}`, y: `v:${vinY}` });
      await ingestExport(older);
      // Assess: X is Bình's whole (not An's email, not Tài's phone); An is X's previous owner in history.
      expect(await vehicle(`v:${vinX}`)).toEqual([
        expect.objectContaining({ customer_id: binh, full_name: 'Trần Thị Bình', phone: BINH.phone, email: null, purchase_date: '2024-09-01', price_vnd: 545_000_000 }),
      ]);
      expect(await history(`v:${vinX}`)).toEqual(
        expect.arrayContaining([
          expect.objectContaining({ role: 'owner', customer_key: `c:${an}`, phone: anPhoneOld, valid_to: '2025-02-02', batch_id: olderBatch }),
          expect.objectContaining({ role: 'owner', customer_key: `c:${binh}`, valid_to: null, closed_by_batch_id: null }),
        ]),
      );
      // Y keeps An's newer phone and gains the email the older export knew.
      expect(await vehicle(`v:${vinY}`)).toEqual([expect.objectContaining({ customer_id: an, phone: anPhoneNew, email: AN.email, purchase_date: '2021-01-15' })]);
      const twice = await warehouse().query('select * from core.customer_vehicle_history where vehicle_key in (:x, :y)', { x: `v:${vinX}`, y: `v:${vinY}` });
      expect(twice).toHaveLength(once.length);
    });

    it('gives a resold vehicle to the newer owner whole and keeps the previous owner, until the resale, in history', async () => {
      // Prepare
      const [first, second] = [newBatchId(), newBatchId()];
      const vehicleKey = `v:${first}-resale`;
      const ownerA = customerRow(first, { ...as(AN), customer_key: `c:A-${first}`, customer_id: `A-${first}`, vehicle_key: vehicleKey });
      const ownerB = customerRow(second, {
        ...as(BINH), customer_key: `c:B-${first}`, customer_id: `B-${first}`, vehicle_key: vehicleKey, email: null,
        purchase_date: '2024-09-01', purchase_year: 2024, last_service_at: null, service_visits: 0,
      });
      // Act
      await loadBatch(first, [ownerA]);
      await loadBatch(second, [ownerB]);
      await loadBatch(second, [ownerB]);
      // Assess: B whole (no email: A's is not inherited); A's phone belonged to A until B's purchase.
      expect(await vehicle(vehicleKey)).toEqual([expect.objectContaining({ customer_id: `B-${first}`, full_name: BINH.full_name, phone: BINH.phone, email: null })]);
      expect(await history(vehicleKey)).toEqual([
        expect.objectContaining({ role: 'owner', customer_key: `c:A-${first}`, phone: AN.phone, valid_from: '2024-02-01', valid_to: '2024-09-01', batch_id: first, closed_by_batch_id: second }),
        expect.objectContaining({ role: 'owner', customer_key: `c:B-${first}`, phone: BINH.phone, valid_from: '2024-09-01', valid_to: null, batch_id: second, closed_by_batch_id: null }),
      ]);
    });

    it('records the previous owner of a vehicle loaded before history was kept, once, when it is resold', async () => {
      // Prepare: a vehicle in core with no history (an earlier run), then a resale loaded twice.
      const [earlier, resale] = [newBatchId(), newBatchId()];
      const vehicleKey = `v:${earlier}-legacy`;
      await loadBatch(earlier, [customerRow(earlier, { ...as(AN), customer_key: `c:A-${earlier}`, customer_id: `A-${earlier}`, vehicle_key: vehicleKey })]);
      await warehouse().query('delete from core.customer_vehicle_history where vehicle_key = :vehicle_key', { vehicle_key: vehicleKey });
      const ownerB = customerRow(resale, { ...as(BINH), customer_key: `c:B-${earlier}`, customer_id: `B-${earlier}`, vehicle_key: vehicleKey, purchase_date: '2024-09-01', last_service_at: null });
      // Act
      await loadBatch(resale, [ownerB]);
      await loadBatch(resale, [ownerB]);
      // Assess
      expect(await history(vehicleKey)).toEqual([
        expect.objectContaining({ role: 'owner', customer_key: `c:B-${earlier}`, valid_from: '2024-09-01', valid_to: null, closed_by_batch_id: null }),
        expect.objectContaining({ role: 'owner', customer_key: `c:A-${earlier}`, phone: AN.phone, valid_from: null, valid_to: '2024-09-01', batch_id: earlier, closed_by_batch_id: resale }),
      ]);
    });

    it('does not let an older export loaded after a newer one overwrite newer facts, but lets it fill gaps', async () => {
      // Prepare: the newer export (a 2025 visit, a new phone, Đà Nẵng, no email) arrives first, the older one next.
      const [newer, older] = [newBatchId(), newBatchId()];
      const vehicleKey = `v:${newer}-order`;
      const person = { customer_key: `c:${newer}`, customer_id: newer, vehicle_key: vehicleKey };
      const newerRow = customerRow(newer, { ...as(AN), ...person, phone: '0903999888', email: null, province: 'Đà Nẵng', last_service_at: '2025-06-01 10:00:00', service_visits: 5 });
      const olderRow = customerRow(older, { ...as(AN), ...person, province: 'Hồ Chí Minh', last_service_at: '2023-03-01 10:00:00', service_visits: 2 });
      // Act
      await loadBatch(newer, [newerRow]);
      await loadBatch(older, [olderRow]);
      // Assess
      expect(await vehicle(vehicleKey)).toEqual([
        expect.objectContaining({
          phone: '0903999888', email: AN.email, province: 'Đà Nẵng', last_service_at: '2025-06-01 10:00:00', service_visits: 5, batch_id: older,
        }),
      ]);
    });

    it('keeps the current owner when an older export names the vehicle’s previous owner, and records that owner in history', async () => {
      // Prepare: B's newer sale is loaded first; the older export still has A.
      const [newer, older] = [newBatchId(), newBatchId()];
      const vehicleKey = `v:${newer}-older-owner`;
      const ownerB = customerRow(newer, { ...as(BINH), customer_key: `c:B-${newer}`, customer_id: `B-${newer}`, vehicle_key: vehicleKey, purchase_date: '2024-09-01', last_service_at: null });
      const ownerA = customerRow(older, { ...as(AN), customer_key: `c:A-${newer}`, customer_id: `A-${newer}`, vehicle_key: vehicleKey, purchase_date: '2019-06-15', last_service_at: '2023-01-10 08:00:00' });
      // Act
      await loadBatch(newer, [ownerB]);
      await loadBatch(older, [ownerA]);
      await loadBatch(older, [ownerA]);
      // Assess
      expect(await vehicle(vehicleKey)).toEqual([expect.objectContaining({ customer_id: `B-${newer}`, full_name: BINH.full_name, phone: BINH.phone, email: BINH.email })]);
      expect(await history(vehicleKey)).toEqual([
        expect.objectContaining({ role: 'owner', customer_key: `c:A-${newer}`, phone: AN.phone, valid_from: '2023-01-10', valid_to: '2024-09-01', batch_id: older }),
        expect.objectContaining({ role: 'owner', customer_key: `c:B-${newer}`, valid_to: null, closed_by_batch_id: null }),
      ]);
    });

    it('flags one CustomerId arriving with another name and phone, keeps core’s person and holds the other apart', async () => {
      // Prepare: a re-numbered export gives An's customer id to Lụa.
      const [first, renumbered] = [newBatchId(), newBatchId()];
      const vehicleKey = `v:${first}-conflict`;
      const person = { customer_key: `c:${first}`, customer_id: first, vehicle_key: vehicleKey };
      const before = await warehouse().query<{ open_identity_conflicts: number }>(loadSql('ops/identity_conflicts_open'));
      // Act
      await loadBatch(first, [customerRow(first, { ...as(AN), ...person })]);
      await loadBatch(renumbered, [customerRow(renumbered, { ...as(LUA), ...person, source_row: 7, last_service_at: '2025-02-02 09:00:00', province: 'Huế' })]);
      await loadBatch(renumbered, [customerRow(renumbered, { ...as(LUA), ...person, source_row: 7, last_service_at: '2025-02-02 09:00:00', province: 'Huế' })]);
      // Assess
      expect(await vehicle(vehicleKey)).toEqual([expect.objectContaining({ full_name: AN.full_name, phone: AN.phone, email: AN.email, province: 'Hồ Chí Minh', batch_id: first })]);
      const flagged = await conflicts(renumbered);
      expect(flagged).toEqual([
        expect.objectContaining({
          vehicle_key: vehicleKey, kind: 'customer_id_reused', customer_id: first, source_row: 7, differs: 'name,phone',
          known_phone_masked: '0903***456', incoming_phone_masked: '0977***333', resolved_at: null,
        }),
      ]);
      expect(JSON.stringify(flagged)).not.toMatch(/Lụa|0977000333|lua@/);
      expect(await history(vehicleKey)).toEqual(
        expect.arrayContaining([expect.objectContaining({ role: 'held', full_name: LUA.full_name, phone: LUA.phone, batch_id: renumbered })]),
      );
      expect((await history(vehicleKey)).filter((row) => row.role === 'held')).toHaveLength(1);
      const [after] = await warehouse().query<{ open_identity_conflicts: number }>(loadSql('ops/identity_conflicts_open'));
      expect(Number(after?.open_identity_conflicts) - Number(before[0]?.open_identity_conflicts)).toBe(1);
    });

    it('treats a name key that became a phone key and then a customer id as one person, erasing no fact', async () => {
      // Prepare: n: (no phone, no id), then p: (a service row with the phone), then c: (the DB's id, no email).
      const [byName, byPhone, byId] = [newBatchId(), newBatchId(), newBatchId()];
      const vehicleKey = `v:${byName}-keys`;
      const rows = [
        customerRow(byName, { ...as(AN), customer_key: `n:nguyen van an:1985`, customer_id: null, phone: null, vehicle_key: vehicleKey, last_service_at: null, service_visits: 0 }),
        customerRow(byPhone, { ...as(AN), customer_key: `p:${AN.phone}`, customer_id: null, email: null, vehicle_key: vehicleKey, price_vnd: null, last_service_at: '2024-05-02 08:00:00', service_visits: 1 }),
        customerRow(byId, { ...as(AN), customer_key: `c:${byId}`, customer_id: byId, email: null, birth_date: null, vehicle_key: vehicleKey, province: null, last_service_at: '2025-01-10 08:00:00', service_visits: 2 }),
      ];
      // Act
      for (const row of rows) await loadBatch(row.batch_id, [row]);
      // Assess
      expect(await vehicle(vehicleKey)).toEqual([
        expect.objectContaining({
          customer_key: `c:${byId}`, customer_id: byId, full_name: AN.full_name, phone: AN.phone, email: AN.email, birth_date: '1985-01-01',
          price_vnd: 545_000_000, province: 'Hồ Chí Minh', service_visits: 2,
        }),
      ]);
      // Versions of one person, not owners replaced by resale: no row is 'contact' or 'held'.
      expect((await history(vehicleKey)).map((row) => row.role)).toEqual(expect.arrayContaining(['owner']));
      expect((await history(vehicleKey)).every((row) => row.full_name === AN.full_name)).toBe(true);
    });

    it('joins a service row without VIN to its customer’s one vehicle of that model, in core and within the batch', async () => {
      // Prepare: a sale with VIN in core; later a batch with a VIN-less visit. Another customer's batch holds sale and visit together.
      const [sale, visit, together] = [newBatchId(), newBatchId(), newBatchId()];
      const customerKey = `c:${sale}`;
      const phone = uniquePhone(sale);
      await loadBatch(sale, [customerRow(sale, { ...as(AN), phone, customer_key: customerKey, customer_id: sale, vehicle_key: `v:${sale}-VIN`, last_service_at: null, service_visits: 0 })]);
      const otherKey = `c:${together}`;
      // Act: the visit knows the phone, not the customer id; a second visit knows only the phone (no name).
      await loadBatch(visit, [serviceWithoutVin(visit, { ...as(AN), phone, customer_key: `p:${phone}`, customer_id: null, last_service_at: '2025-03-03 09:00:00' })]);
      const phoneOnly = newBatchId();
      await loadBatch(phoneOnly, [
        serviceWithoutVin(phoneOnly, {
          phone, customer_key: `p:${phone}`, customer_id: null, full_name: null, name_folded: null, family_name_folded: null, given_name_folded: null,
          middle_name_folded: null, name_key: null, email: null, birth_date: null, birth_year: null, last_service_at: '2025-01-01 09:00:00',
        }),
      ]);
      await loadBatch(together, [
        customerRow(together, { ...as(BINH), phone: uniquePhone(together), customer_key: otherKey, customer_id: together, vehicle_key: `v:${together}-VIN`, last_service_at: null, service_visits: 0 }),
        serviceWithoutVin(together, { ...as(BINH), phone: uniquePhone(together), source_row: 2, customer_key: otherKey, customer_id: together, last_service_at: '2025-04-04 09:00:00' }),
      ]);
      // Assess
      expect(await customerRows(customerKey)).toEqual([
        expect.objectContaining({ vehicle_key: `v:${sale}-VIN`, model_raw: 'Vios 1.5G CVT', purchase_date: '2019-06-15', last_service_at: '2025-03-03 09:00:00', service_visits: 1 }),
      ]);
      expect(await vehicle(`h:${visit.slice(2, 22)}`)).toEqual([]);
      expect(await vehicle(`h:${phoneOnly.slice(2, 22)}`)).toEqual([]);
      expect(await customerRows(otherKey)).toEqual([
        expect.objectContaining({ vehicle_key: `v:${together}-VIN`, last_service_at: '2025-04-04 09:00:00', service_visits: 1 }),
      ]);
    });

    it('keeps a service row without VIN apart and flags it when several of its customer’s vehicles fit', async () => {
      // Prepare: one customer, two Vios with VINs.
      const [sales, visit] = [newBatchId(), newBatchId()];
      const customerKey = `c:${sales}`;
      const car = (n: number) => customerRow(sales, { ...as(AN), phone: uniquePhone(sales), source_row: n, customer_key: customerKey, customer_id: sales, vehicle_key: `v:${sales}-${n}`, vin: `${sales.slice(2, 12)}${n}` });
      await loadBatch(sales, [car(1), car(2)]);
      const service = serviceWithoutVin(visit, { ...as(AN), phone: uniquePhone(sales), customer_key: customerKey, customer_id: sales, last_service_at: '2025-03-03 09:00:00' });
      // Act
      await loadBatch(visit, [service]);
      await loadBatch(visit, [service]);
      // Assess
      expect(await customerRows(customerKey)).toHaveLength(3);
      expect(await conflicts(visit)).toEqual([expect.objectContaining({ vehicle_key: service.vehicle_key, kind: 'vehicle_ambiguous', candidates: 2 })]);
    });

    it('takes a phone-only row as its phone’s person: the owner’s visit when it shares the phone, a contact otherwise', async () => {
      // Prepare: rows without a name (clean keeps them: a phone identifies someone).
      const [sale, ownVisit, otherVisit] = [newBatchId(), newBatchId(), newBatchId()];
      const vehicleKey = `v:${sale}-phone-only`;
      const phone = uniquePhone(sale);
      await loadBatch(sale, [customerRow(sale, { ...as(AN), phone, customer_key: `c:${sale}`, customer_id: sale, vehicle_key: vehicleKey, last_service_at: null, service_visits: 0 })]);
      const nameless = { full_name: null, name_folded: null, family_name_folded: null, given_name_folded: null, middle_name_folded: null, name_key: null, customer_id: null, email: null, birth_date: null, birth_year: null, purchase_date: null };
      // Act
      await loadBatch(ownVisit, [customerRow(ownVisit, { ...nameless, phone, customer_key: `p:${phone}`, vehicle_key: vehicleKey, last_service_at: '2025-01-01 08:00:00', service_visits: 1 })]);
      await loadBatch(otherVisit, [customerRow(otherVisit, { ...nameless, phone: LUA.phone, customer_key: `p:${LUA.phone}`, vehicle_key: vehicleKey, last_service_at: '2025-02-01 08:00:00', service_visits: 2 })]);
      // Assess
      expect(await vehicle(vehicleKey)).toEqual([
        expect.objectContaining({ customer_id: sale, full_name: AN.full_name, phone, phone_alt: null, email: AN.email, last_service_at: '2025-02-01 08:00:00', service_visits: 2 }),
      ]);
      expect(await history(vehicleKey)).toEqual(expect.arrayContaining([expect.objectContaining({ role: 'contact', full_name: null, phone: LUA.phone, batch_id: otherVisit })]));
      expect((await history(vehicleKey)).filter((version) => version.role === 'owner')).toHaveLength(1);
    });

    it('keeps a contact who brought the car in apart from the owner, in history', async () => {
      // Prepare
      const [sale, visit] = [newBatchId(), newBatchId()];
      const vehicleKey = `v:${sale}-contact`;
      await loadBatch(sale, [customerRow(sale, { ...as(AN), customer_key: `c:${sale}`, customer_id: sale, vehicle_key: vehicleKey })]);
      const contact = customerRow(visit, { ...as(LUA), customer_key: `p:${LUA.phone}`, customer_id: null, vehicle_key: vehicleKey, purchase_date: null, last_service_at: '2025-07-07 07:00:00' });
      // Act
      await loadBatch(visit, [contact]);
      // Assess
      expect(await vehicle(vehicleKey)).toEqual([expect.objectContaining({ full_name: AN.full_name, phone: AN.phone, last_service_at: '2025-07-07 07:00:00' })]);
      expect(await history(vehicleKey)).toEqual(
        expect.arrayContaining([expect.objectContaining({ role: 'contact', full_name: LUA.full_name, phone: LUA.phone, valid_from: '2025-07-07', batch_id: visit })]),
      );
    });

    it('keeps apart two phone-only rows of one vehicle in two batches: the later whole, the other number not its phone_alt', async () => {
      // Prepare: rows without a name or CustomerId (clean keeps them for their phone), one vehicle, two numbers.
      const [first, second] = [newBatchId(), newBatchId()];
      const vehicleKey = `v:${first}-two-phones`;
      const [phoneA, phoneB] = [uniquePhone(first), uniquePhone(second)];
      const nameless = { full_name: null, name_folded: null, family_name_folded: null, given_name_folded: null, middle_name_folded: null, name_key: null, customer_id: null, email: null, birth_date: null, birth_year: null, purchase_date: null };
      // Act
      await loadBatch(first, [customerRow(first, { ...nameless, phone: phoneA, customer_key: `p:${phoneA}`, vehicle_key: vehicleKey, last_service_at: '2024-01-01 08:00:00', service_visits: 1 })]);
      await loadBatch(second, [customerRow(second, { ...nameless, phone: phoneB, customer_key: `p:${phoneB}`, vehicle_key: vehicleKey, last_service_at: '2024-06-01 08:00:00', service_visits: 1 })]);
      // Assess
      expect(await vehicle(vehicleKey)).toEqual([expect.objectContaining({ customer_key: `p:${phoneB}`, full_name: null, phone: phoneB, phone_alt: null, email: null })]);
      expect(await history(vehicleKey)).toEqual([
        expect.objectContaining({ customer_key: `p:${phoneA}`, phone: phoneA, closed_by_batch_id: second }),
        expect.objectContaining({ customer_key: `p:${phoneB}`, phone: phoneB, closed_by_batch_id: null }),
      ]);
    });

    it('keeps apart two phone-only rows of one vehicle in one export, through clean and load', async () => {
      // Prepare: the reported case: two phone-only rows of one VIN in one export.
      const vin = `RLP${newBatchId().slice(2, 16).toUpperCase()}`;
      const [phoneA, phoneB] = [uniquePhone(newBatchId()), uniquePhone(newBatchId())];
      // Act
      const batchId = await ingestExport([
        { Phone: phoneA, asset_num: vin, modelType: 'Vios', ServiceDate: '2024-01-01' },
        { Phone: phoneB, asset_num: vin, modelType: 'Vios', ServiceDate: '2024-06-01' },
      ]);
      // Assess: one vehicle, the later number whole; the other kept apart in history, not as phone_alt.
      expect(await vehicle(`v:${vin}`)).toEqual([expect.objectContaining({ customer_key: `p:${phoneB}`, phone: phoneB, phone_alt: null, service_visits: 2 })]);
      expect(await history(`v:${vin}`)).toEqual([
        expect.objectContaining({ role: 'contact', customer_key: `p:${phoneA}`, phone: phoneA, valid_from: '2024-01-01', valid_to: '2024-01-01', batch_id: batchId }),
        expect.objectContaining({ role: 'owner', customer_key: `p:${phoneB}`, phone: phoneB, valid_from: '2024-06-01', valid_to: null }),
      ]);
    });

    it('gives a vehicle resold inside one export to the later owner whole and keeps each earlier owner in history, once', async () => {
      // Prepare: one export, three sales of one VIN (A 2019, B 2021, C 2023, C's row first in the file), and A's visit.
      const suffix = newBatchId().slice(2, 14).toUpperCase();
      const vin = `RLR${suffix}`;
      const [a, b, c] = [`KHA${suffix}`, `KHB${suffix}`, `KHC${suffix}`];
      const [phoneA, phoneB, phoneC] = [uniquePhone(newBatchId()), uniquePhone(newBatchId()), uniquePhone(newBatchId())];
      const records = [
        { CustomerId: c, NameCustomer: 'Phạm Thị Lụa', Phone: phoneC, asset_num: vin, modelType: 'Vios 1.5G CVT', Warranty_start_dt: '2023-07-01' },
        { CustomerId: a, NameCustomer: 'Nguyễn Văn An', Phone: phoneA, Email: AN.email, asset_num: vin, modelType: 'Vios 1.5G CVT', Warranty_start_dt: '2019-03-20', price: '545.000.000' },
        { CustomerId: b, NameCustomer: 'Trần Thị Bình', Phone: phoneB, Email: BINH.email, asset_num: vin, modelType: 'Vios', Warranty_start_dt: '2021-05-10' },
      ];
      // Act: the export, the same batch loaded again, the same export uploaded again as another object.
      const batchId = await ingestExport(records);
      const once = await history(`v:${vin}`);
      const manifest = { bucket: 'xecu-processed', key: `manifests/batch=${batchId}.manifest` };
      const reload = await warehouse().submit(customerLoad(batchId, manifest));
      expect(reload.error ?? reload.state).toBe('FINISHED');
      await ingestExport(records);
      // Assess: C whole (no email of A or B), the facts of every row; A then B then C, each until the next one's sale.
      expect(await vehicle(`v:${vin}`)).toEqual([
        expect.objectContaining({ customer_id: c, full_name: 'Phạm Thị Lụa', phone: phoneC, phone_alt: null, email: null, purchase_date: '2023-07-01', price_vnd: 545_000_000 }),
      ]);
      expect(once).toEqual([
        expect.objectContaining({ role: 'owner', customer_key: `c:${a}`, full_name: 'Nguyễn Văn An', phone: phoneA, email: AN.email, valid_from: '2019-03-20', valid_to: '2021-05-10', batch_id: batchId, closed_by_batch_id: batchId }),
        expect.objectContaining({ role: 'owner', customer_key: `c:${b}`, full_name: 'Trần Thị Bình', phone: phoneB, email: BINH.email, valid_from: '2021-05-10', valid_to: '2023-07-01', batch_id: batchId, closed_by_batch_id: batchId }),
        expect.objectContaining({ role: 'owner', customer_key: `c:${c}`, phone: phoneC, valid_from: '2023-07-01', valid_to: null, batch_id: batchId, closed_by_batch_id: null }),
      ]);
      expect(await history(`v:${vin}`)).toEqual(once);
    });

    it('closes core’s owner at the first owner an export with a resale inside it names, not at the export’s current owner', async () => {
      // Prepare: X bought the vehicle in 2017 (an earlier export); the next export has A (2019) then B (2023).
      const suffix = newBatchId().slice(2, 14).toUpperCase();
      const vin = `RLH${suffix}`;
      const sale = (id: string, name: string, date: string) => ({ CustomerId: `${id}${suffix}`, NameCustomer: name, Phone: uniquePhone(newBatchId()), asset_num: vin, modelType: 'Vios', Warranty_start_dt: date });
      const earlier = await ingestExport([sale('KHX', 'Lê Văn Tài', '2017-02-01')]);
      // Act
      const resales = await ingestExport([sale('KHA', 'Nguyễn Văn An', '2019-03-20'), sale('KHB', 'Trần Thị Bình', '2023-07-01')]);
      // Assess: X until A, A until B, B now.
      expect((await history(`v:${vin}`)).map((version) => [version.customer_key, version.valid_from, version.valid_to, version.batch_id, version.closed_by_batch_id])).toEqual([
        [`c:KHX${suffix}`, '2017-02-01', '2019-03-20', earlier, resales],
        [`c:KHA${suffix}`, '2019-03-20', '2023-07-01', resales, resales],
        [`c:KHB${suffix}`, '2023-07-01', null, resales, null],
      ]);
    });

    it('flags a CustomerId reused for another person inside one export and keeps that person apart, once', async () => {
      // Prepare: one export gives the same CustomerId to An (2019 sale) and to Lụa, with another phone (2024 sale).
      const suffix = newBatchId().slice(2, 14).toUpperCase();
      const vin = `RLC${suffix}`;
      const id = `KHX${suffix}`;
      const [phoneAn, phoneLua] = [uniquePhone(newBatchId()), uniquePhone(newBatchId())];
      const records = [
        { CustomerId: id, NameCustomer: 'Nguyễn Văn An', Phone: phoneAn, Email: AN.email, asset_num: vin, modelType: 'Vios', Warranty_start_dt: '2019-03-20' },
        { CustomerId: id, NameCustomer: 'Phạm Thị Lụa', Phone: phoneLua, asset_num: vin, modelType: 'Vios', Warranty_start_dt: '2024-01-01' },
      ];
      // Act
      const batchId = await ingestExport(records);
      const manifest = { bucket: 'xecu-processed', key: `manifests/batch=${batchId}.manifest` };
      const reload = await warehouse().submit(customerLoad(batchId, manifest));
      expect(reload.error ?? reload.state).toBe('FINISHED');
      // Assess: core keeps the person known first whole; the other is held in history and flagged, phones masked.
      expect(await vehicle(`v:${vin}`)).toEqual([expect.objectContaining({ customer_id: id, full_name: 'Nguyễn Văn An', phone: phoneAn, email: AN.email })]);
      expect(await conflicts(batchId)).toEqual([
        expect.objectContaining({
          vehicle_key: `v:${vin}`, kind: 'customer_id_reused', customer_id: id, source_row: 2, differs: 'name,phone',
          known_phone_masked: `${phoneAn.slice(0, 4)}***${phoneAn.slice(-3)}`, incoming_phone_masked: `${phoneLua.slice(0, 4)}***${phoneLua.slice(-3)}`,
        }),
      ]);
      const held = (await history(`v:${vin}`)).filter((version) => version.role === 'held');
      expect(held).toEqual([expect.objectContaining({ customer_key: `c:${id}`, full_name: 'Phạm Thị Lụa', phone: phoneLua, valid_from: '2024-01-01', batch_id: batchId })]);
    });

    it('never leaves in core a phone or email that no loaded row wrote beside the same name (property)', async () => {
      const spec = fc.record({
        person: fc.integer({ min: 0, max: 2 }),
        phoneOf: fc.option(fc.integer({ min: 0, max: 2 }), { nil: null }),
        emailOf: fc.option(fc.integer({ min: 0, max: 2 }), { nil: null }),
        id: fc.option(fc.integer({ min: 0, max: 2 }), { nil: null }),
        year: fc.integer({ min: 2018, max: 2025 }),
        sale: fc.boolean(),
      });
      await fc.assert(
        fc.asyncProperty(fc.array(spec, { minLength: 1, maxLength: 4 }), async (specs) => {
          const vehicleKey = `v:${newBatchId()}`;
          const written = new Set<string>();
          for (const item of specs) {
            const batchId = newBatchId();
            const person = PEOPLE[item.person] ?? AN;
            const phone = item.phoneOf === null ? null : (PEOPLE[item.phoneOf]?.phone ?? null);
            const email = item.emailOf === null ? null : (PEOPLE[item.emailOf]?.email ?? null);
            const customerId = item.id === null ? null : `K${item.id}-${vehicleKey}`;
            const row = customerRow(batchId, {
              ...as(person), phone, email, vehicle_key: vehicleKey, customer_id: customerId,
              customer_key: customerId ? `c:${customerId}` : phone ? `p:${phone}` : `n:${person.name_folded}:${person.birth_year}`,
              purchase_date: item.sale ? `${item.year}-03-01` : null, last_service_at: item.sale ? null : `${item.year}-05-01 08:00:00`,
            });
            for (const contact of [phone, email]) written.add(`${person.name_folded}|${contact}`);
            await loadBatch(batchId, [row]);
          }
          const [core] = await vehicle(vehicleKey);
          for (const contact of [core?.phone, core?.phone_alt, core?.email]) {
            if (contact !== null && contact !== undefined) expect(written).toContain(`${String(core?.name_folded)}|${String(contact)}`);
          }
          // History: one open owner version, and it is core's person.
          const open = (await history(vehicleKey)).filter((version) => version.role === 'owner' && version.closed_by_batch_id === null);
          expect(open).toEqual([expect.objectContaining({ customer_key: core?.customer_key, phone: core?.phone, email: core?.email })]);
        }),
        { numRuns: 30 },
      );
    });
  });
}
