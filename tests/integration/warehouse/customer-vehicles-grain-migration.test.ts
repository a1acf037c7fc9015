import { MemoryObjectStore } from '../../../shared/adapters/memory/memory-object-store';
import { PostgresWarehouse } from '../../../shared/adapters/postgres/postgres-warehouse';
import { ddlFiles, scanSql } from '../../../shared/sql';

const OLD_KEY = 'primary key (customer_key, vehicle_key)';

/** The DDL an earlier run left behind: core.customer_vehicles keyed by (customer_key, vehicle_key). */
async function createEarlierSchema(warehouse: PostgresWarehouse): Promise<void> {
  const files = ddlFiles('postgres').filter((file) => /^00[1-4]_/.test(file.name));
  const core = files.find((file) => file.name === '004_core_tables.sql');
  expect(core?.sql).toContain('primary key (vehicle_key)');
  for (const file of files) {
    const sql = file.name === core?.name ? file.sql.replace('primary key (vehicle_key)', OLD_KEY) : file.sql;
    for (const statement of scanSql(sql).statements) await warehouse.query(statement.text);
  }
}

async function insertOld(warehouse: PostgresWarehouse, row: Record<string, string | number | null>): Promise<void> {
  const columns = Object.keys(row);
  await warehouse.query(
    `insert into core.customer_vehicles (${columns.join(', ')}) values (${columns.map((c) => `:${c}`).join(', ')})`,
    row,
  );
}

async function primaryKey(warehouse: PostgresWarehouse): Promise<string[]> {
  const rows = await warehouse.query<{ column_name: string }>(
    `select kcu.column_name
     from information_schema.table_constraints as tc
     join information_schema.key_column_usage as kcu
       on kcu.constraint_schema = tc.constraint_schema and kcu.constraint_name = tc.constraint_name
     where tc.table_schema = 'core' and tc.table_name = 'customer_vehicles' and tc.constraint_type = 'PRIMARY KEY'
     order by kcu.ordinal_position`,
  );
  return rows.map((row) => row.column_name);
}

describe('migrating core.customer_vehicles from an earlier run to one row per vehicle', () => {
  let warehouse: PostgresWarehouse;

  beforeAll(() => {
    warehouse = new PostgresWarehouse({ objectStore: new MemoryObjectStore() });
  });

  afterAll(async () => {
    await warehouse.close();
  });

  it('merges a vehicle’s rows into one, keeps the sale’s customer and facts without another person’s details, and re-keys the table', async () => {
    // Prepare: the same car under the DB's customer id (sale) and under a phone key (service), and one plain car.
    await createEarlierSchema(warehouse);
    const base = { record_hash: 'a'.repeat(40), service_visits: 0 };
    await insertOld(warehouse, {
      ...base,
      customer_key: 'c:C1',
      customer_id: 'C1',
      full_name: 'Nguyễn Văn An',
      vehicle_key: 'v:VIN1',
      model: 'Vios',
      purchase_date: '2019-06-15',
      price_vnd: 545_000_000,
      first_batch_id: `b_${'1'.repeat(32)}`,
      batch_id: `b_${'1'.repeat(32)}`,
    });
    await insertOld(warehouse, {
      ...base,
      customer_key: 'p:0903123456',
      customer_id: null,
      full_name: 'Nguyễn Văn An',
      phone: '0903123456',
      vehicle_key: 'v:VIN1',
      last_service_at: '2024-02-01 09:30:00',
      service_visits: 2,
      first_batch_id: `b_${'2'.repeat(32)}`,
      batch_id: `b_${'2'.repeat(32)}`,
    });
    // Another person under the same VIN (a later owner typed under a phone key): their phone is not An's.
    await insertOld(warehouse, {
      ...base,
      customer_key: 'p:0912000222',
      customer_id: null,
      full_name: 'Lê Thị Cúc',
      phone: '0912000222',
      email: 'cuc@example.com',
      vehicle_key: 'v:VIN1',
      first_batch_id: `b_${'4'.repeat(32)}`,
      batch_id: `b_${'4'.repeat(32)}`,
    });
    await insertOld(warehouse, {
      ...base,
      customer_key: 'c:C2',
      customer_id: 'C2',
      full_name: 'Trần Thị Bình',
      vehicle_key: 'v:VIN2',
      first_batch_id: `b_${'3'.repeat(32)}`,
      batch_id: `b_${'3'.repeat(32)}`,
    });
    expect(await primaryKey(warehouse)).toEqual(['customer_key', 'vehicle_key']);
    // Act
    await warehouse.migrate();
    await warehouse.migrate();
    // Assess
    expect(await primaryKey(warehouse)).toEqual(['vehicle_key']);
    const rows = await warehouse.query(
      `select customer_key, customer_id, vehicle_key, phone, email, model, purchase_date, price_vnd, last_service_at, service_visits
       from core.customer_vehicles order by vehicle_key`,
    );
    expect(rows).toEqual([
      {
        customer_key: 'c:C1',
        customer_id: 'C1',
        vehicle_key: 'v:VIN1',
        phone: '0903123456',
        email: null,
        model: 'Vios',
        purchase_date: '2019-06-15',
        price_vnd: 545_000_000,
        last_service_at: '2024-02-01 09:30:00',
        service_visits: 2,
      },
      {
        customer_key: 'c:C2',
        customer_id: 'C2',
        vehicle_key: 'v:VIN2',
        phone: null,
        email: null,
        model: null,
        purchase_date: null,
        price_vnd: null,
        last_service_at: null,
        service_visits: 0,
      },
    ]);
  });
});
