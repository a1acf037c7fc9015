import { MemoryObjectStore } from '../../../shared/adapters/memory/memory-object-store';
import { PostgresWarehouse } from '../../../shared/adapters/postgres/postgres-warehouse';
import { forgetPerson, personRowCounts } from '../../../local/cli/forget-person-command';

/**
 * shared/sql/ops/forget_person.sql on PGlite: one person (AN) is gone from every table that held them; another (BINH),
 * who bought AN's old car, keeps everything — their current vehicles, their version of the shared car's history,
 * their leads and matches. Vehicle V3 went from AN to BINH.
 */
const AN = 'KH-AN';
const BINH = 'KH-BINH';
const BATCH = `b_${'0'.repeat(31)}1`;
const LATER = `b_${'0'.repeat(31)}2`;
const UNRELATED = `b_${'0'.repeat(31)}3`;

let warehouse: PostgresWarehouse;

async function vehicle(customerKey: string, vehicleKey: string, fullName: string, phone: string): Promise<void> {
  await warehouse.query(
    `insert into core.customer_vehicles (customer_key, customer_id, full_name, phone, email, birth_date, vehicle_key, vin, make, model,
       record_hash, first_batch_id, batch_id)
     values (:customer_key, :customer_key, :full_name, :phone, :email, cast('1985-08-15' as date), :vehicle_key, :vin, 'Toyota', 'Vios',
       :record_hash, :batch_id, :batch_id)`,
    { customer_key: customerKey, full_name: fullName, phone, email: `${customerKey.toLowerCase()}@example.com`, vehicle_key: vehicleKey, vin: `VIN${vehicleKey}`, record_hash: 'c'.repeat(40), batch_id: BATCH },
  );
}

async function history(vehicleKey: string, customerKey: string, role: string, validTo: string | null, closedBy: string | null): Promise<void> {
  await warehouse.query(
    `insert into core.customer_vehicle_history (vehicle_key, role, customer_key, customer_id, full_name, phone, valid_from, valid_to, batch_id, closed_by_batch_id)
     values (:vehicle_key, :role, :customer_key, :customer_key, 'someone', '0903000000', cast('2020-01-01' as date), cast(:valid_to as date), :batch_id, :closed_by)`,
    { vehicle_key: vehicleKey, role, customer_key: customerKey, valid_to: validTo, batch_id: BATCH, closed_by: closedBy },
  );
}

async function conflict(vehicleKey: string): Promise<void> {
  await warehouse.query(
    `insert into ops.identity_conflicts (batch_id, vehicle_key, kind, customer_id, known_phone_masked, incoming_phone_masked)
     values (:batch_id, :vehicle_key, 'name_differs', 'X', '0903***456', '0912***678')`,
    { batch_id: BATCH, vehicle_key: vehicleKey },
  );
}

async function matchAndLead(customerKey: string, listingId: string, vehicleKey: string): Promise<void> {
  await warehouse.query(
    `insert into marts.listing_matches (source, listing_id, customer_key, customer_id, vehicle_key, phone, match_weight,
       match_probability, band, blocking_rule, model_version, matched_at, why, valid_from, valid_to)
     values ('chotot', :listing_id, :customer_key, :customer_key, :vehicle_key, '0903123456', 12.5, 0.99, 'lead', 'phone', 'test-1',
       cast('2026-03-31 12:00:00' as timestamp), 'phone agrees', cast('2026-03-01 00:00:00' as timestamp), null)`,
    { listing_id: listingId, customer_key: customerKey, vehicle_key: vehicleKey },
  );
  await warehouse.query(
    `insert into marts.leads (source, listing_id, customer_key, customer_id, full_name, phone, email, vehicle_key, listed_on, days_listed,
       price_drops, suggested_action, action_reason)
     values ('chotot', :listing_id, :customer_key, :customer_key, 'someone', '0903123456', null, :vehicle_key, cast('2026-03-01' as date), 30,
       0, 'call', 'listed a month')`,
    { listing_id: listingId, customer_key: customerKey, vehicle_key: vehicleKey },
  );
}

beforeAll(async () => {
  warehouse = new PostgresWarehouse({ objectStore: new MemoryObjectStore() });
  await warehouse.migrate();
  await vehicle(AN, 'V1', 'Nguyễn Văn An', '0903123456');
  await vehicle(AN, 'V2', 'Nguyễn Văn An', '0903123456');
  await vehicle(BINH, 'V3', 'Trần Thị Bình', '0912345678');
  await vehicle(BINH, 'V4', 'Trần Thị Bình', '0912345678');
  await history('V1', AN, 'owner', null, null);
  await history('V3', AN, 'owner', '2025-06-01', LATER);
  await history('V3', BINH, 'owner', null, null);
  await history('V4', BINH, 'owner', null, null);
  await conflict('V1');
  await conflict('V4');
  await matchAndLead(AN, 'L-AN', 'V1');
  await matchAndLead(BINH, 'L-BINH', 'V4');
  for (const [batchId, key] of [[BATCH, 'customers/export-2026-01.json'], [LATER, 'customers/export-2026-06.json'], [UNRELATED, 'customers/other.json']] as const) {
    await warehouse.query(
      `insert into ops.batches (batch_id, kind, source_bucket, source_key, status, processed_key, rejects_key)
       values (:batch_id, 'customers', 'raw', :key, 'loaded', :processed, :rejects)`,
      { batch_id: batchId, key, processed: `customers/batch=${batchId}/part-0.csv.gz`, rejects: `rejects/customers/batch=${batchId}/rejects.ndjson.gz` },
    );
  }
}, 120_000);

afterAll(async () => warehouse?.close());

describe('forget_person on PGlite', () => {
  it('a dry run counts the person\'s rows and removes nothing', async () => {
    const result = await forgetPerson(warehouse, AN, { dryRun: true });
    expect(result.before).toEqual({
      customer_vehicles: 2,
      customer_vehicle_history: 2,
      // V1 (theirs) only: V4 is BINH's alone. (V3, which AN once owned, has none here.)
      identity_conflicts: 1,
      staged_customer_vehicles: 0,
      leads: 1,
      listing_matches: 1,
      match_work_rows: 0,
    });
    expect(result.after).toEqual(result.before);
    // The batches named on AN's rows (loaded in, and the one that closed AN's ownership of V3), not the unrelated one.
    expect(result.batches.map((batch) => batch.batchId)).toEqual([BATCH, LATER]);
    expect(result.batches[0]).toMatchObject({ source: 's3://raw/customers/export-2026-01.json', rejectsKey: `rejects/customers/batch=${BATCH}/rejects.ndjson.gz` });
  });

  it('erases the person everywhere and leaves the other person whole', async () => {
    const binhBefore = await personRowCounts(warehouse, BINH);
    const result = await forgetPerson(warehouse, AN);
    expect(Object.values(result.after).every((rows) => rows === 0)).toBe(true);

    // Nothing of AN under any column that names them.
    const leftovers = await warehouse.query<{ n: number }>(
      `select (select count(*) from core.customer_vehicles where customer_key = :k or full_name = 'Nguyễn Văn An' or phone = '0903123456')
            + (select count(*) from core.customer_vehicle_history where customer_key = :k)
            + (select count(*) from marts.leads where customer_key = :k)
            + (select count(*) from marts.listing_matches where customer_key = :k)
            + (select count(*) from ops.identity_conflicts where vehicle_key in ('V1', 'V2')) as n`,
      { k: AN },
    );
    expect(Number(leftovers[0]?.n)).toBe(0);

    // BINH keeps every row, including their own version of V3's history (AN's earlier version of it is gone).
    expect(await personRowCounts(warehouse, BINH)).toEqual(binhBefore);
    expect(binhBefore).toMatchObject({ customer_vehicles: 2, customer_vehicle_history: 2, identity_conflicts: 1, leads: 1, listing_matches: 1 });
    const v3 = await warehouse.query<{ customer_key: string }>(`select customer_key from core.customer_vehicle_history where vehicle_key = 'V3'`);
    expect(v3.map((row) => row.customer_key)).toEqual([BINH]);
  });

  it('erasing a key that holds nothing changes nothing', async () => {
    const result = await forgetPerson(warehouse, 'KH-NOBODY');
    expect(Object.values(result.before).every((rows) => rows === 0)).toBe(true);
    expect(await personRowCounts(warehouse, BINH)).toMatchObject({ customer_vehicles: 2, leads: 1 });
  });
});
