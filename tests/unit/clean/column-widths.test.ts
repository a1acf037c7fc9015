import { readFileSync } from 'node:fs';
import path from 'node:path';
import { CUSTOMER_VEHICLE_MAX_BYTES, CUSTOMER_VEHICLE_REQUIRED, CUSTOMER_VEHICLE_TYPES } from '../../../shared/contracts/customer-export';
import { LISTING_ROW_MAX_BYTES, LISTING_ROW_REQUIRED, LISTING_ROW_TYPES } from '../../../shared/contracts/listing';

/** `column varchar(n)` widths of one `create table … (…)` in a DDL file. */
function tableBody(dialect: 'postgres' | 'redshift', table: string): string {
  const ddl = readFileSync(path.resolve(__dirname, `../../../shared/sql/ddl/${dialect}/003_staging_tables.sql`), 'utf8');
  const start = ddl.indexOf(`create table if not exists ${table} (`);
  expect(start).toBeGreaterThanOrEqual(0);
  return ddl.slice(start, ddl.indexOf('\n)', start));
}

function varcharWidths(dialect: 'postgres' | 'redshift', table: string): Record<string, number> {
  return Object.fromEntries([...tableBody(dialect, table).matchAll(/^\s+(\w+)\s+varchar\((\d+)\)/gm)].map((match) => [match[1] as string, Number(match[2])]));
}

const TYPE_NAMES: Record<string, string> = { integer: 'int4', bigint: 'int8', date: 'date', timestamp: 'timestamp', timestamptz: 'timestamptz', boolean: 'boolean' };

/** Non-text columns by the type clean guards them as (int4, int8, date, …), and the NOT NULL columns. */
function typesAndRequired(dialect: 'postgres' | 'redshift', table: string): { types: Record<string, string>; required: string[] } {
  const columns = [...tableBody(dialect, table).matchAll(/^\s+(\w+)\s+(\w+)(\(\d+\))?( not null)?,?$/gm)];
  return {
    types: Object.fromEntries(columns.filter((match) => match[2] !== 'varchar').map((match) => [match[1] as string, TYPE_NAMES[match[2] as string] ?? `unknown ${match[2]}`])),
    required: columns.filter((match) => match[4] !== undefined).map((match) => match[1] as string),
  };
}

describe('the widths clean checks are the warehouse columns', () => {
  it.each(['postgres', 'redshift'] as const)('matches the %s staging DDL for customer vehicles and listings', (dialect) => {
    const { batch_id: _customerBatch, ...customerWidths } = varcharWidths(dialect, 'staging.stg_customer_vehicles');
    const { batch_id: _listingBatch, ...listingWidths } = varcharWidths(dialect, 'staging.stg_listings');
    expect(CUSTOMER_VEHICLE_MAX_BYTES).toEqual(customerWidths);
    expect(LISTING_ROW_MAX_BYTES).toEqual(listingWidths);
  });

  it.each(['postgres', 'redshift'] as const)('guards every non-text and NOT NULL column of the %s staging DDL', (dialect) => {
    const customers = typesAndRequired(dialect, 'staging.stg_customer_vehicles');
    const listings = typesAndRequired(dialect, 'staging.stg_listings');
    expect(CUSTOMER_VEHICLE_TYPES).toEqual(customers.types);
    expect([...CUSTOMER_VEHICLE_REQUIRED].sort()).toEqual(customers.required.sort());
    expect(LISTING_ROW_TYPES).toEqual(listings.types);
    expect([...LISTING_ROW_REQUIRED].sort()).toEqual(listings.required.sort());
  });
});
