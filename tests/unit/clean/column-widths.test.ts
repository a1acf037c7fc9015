import { readFileSync } from 'node:fs';
import path from 'node:path';
import { CUSTOMER_VEHICLE_MAX_BYTES } from '../../../shared/contracts/customer-export';
import { LISTING_ROW_MAX_BYTES } from '../../../shared/contracts/listing';

/** `column varchar(n)` widths of one `create table … (…)` in a DDL file. */
function varcharWidths(dialect: 'postgres' | 'redshift', table: string): Record<string, number> {
  const ddl = readFileSync(path.resolve(__dirname, `../../../shared/sql/ddl/${dialect}/003_staging_tables.sql`), 'utf8');
  const start = ddl.indexOf(`create table if not exists ${table} (`);
  expect(start).toBeGreaterThanOrEqual(0);
  const body = ddl.slice(start, ddl.indexOf('\n)', start));
  return Object.fromEntries([...body.matchAll(/^\s+(\w+)\s+varchar\((\d+)\)/gm)].map((match) => [match[1] as string, Number(match[2])]));
}

describe('the widths clean checks are the warehouse columns', () => {
  it.each(['postgres', 'redshift'] as const)('matches the %s staging DDL for customer vehicles and listings', (dialect) => {
    const { batch_id: _customerBatch, ...customerWidths } = varcharWidths(dialect, 'staging.stg_customer_vehicles');
    const { batch_id: _listingBatch, ...listingWidths } = varcharWidths(dialect, 'staging.stg_listings');
    expect(CUSTOMER_VEHICLE_MAX_BYTES).toEqual(customerWidths);
    expect(LISTING_ROW_MAX_BYTES).toEqual(listingWidths);
  });
});
