import fc from 'fast-check';
import type { CustomerVehicleRow } from '../../../shared/contracts/customer-export';
import type { ListingRow } from '../../../shared/contracts/listing';
import { csvLine } from '../../../shared/steps/clean/csv-line';
import { customerProfile } from '../../../shared/steps/clean/customer-profile';
import { listingProfile } from '../../../shared/steps/clean/listing-profile';

// Strings that stress CSV: quotes, commas, line breaks, edge spaces, Vietnamese, emoji, empty.
const hostileText = fc.oneof(
  fc.string(),
  fc.constantFrom('', ' ', '"', '""', ',', '\n', '\r\n', ' lead', 'trail ', 'Nguyễn Văn "Tí", Q.1\nHCM', '🚗 xe đẹp', 'NULL', '\\N'),
);
const maybe = <T>(arbitrary: fc.Arbitrary<T>) => fc.option(arbitrary, { nil: null });

const customerRow: fc.Arbitrary<CustomerVehicleRow> = fc.record({
  batch_id: fc.constant(`b_${'0'.repeat(32)}`),
  source_row: fc.nat(),
  customer_key: hostileText,
  customer_id: maybe(hostileText),
  full_name: hostileText,
  name_folded: hostileText,
  family_name_folded: hostileText,
  given_name_folded: hostileText,
  phone: maybe(hostileText),
  phone_alt: maybe(hostileText),
  email: maybe(hostileText),
  birth_date: maybe(fc.constant('1985-08-15')),
  birth_year: maybe(fc.integer({ min: 1900, max: 2020 })),
  vehicle_key: hostileText,
  vin: maybe(hostileText),
  make: maybe(hostileText),
  model: maybe(hostileText),
  variant: maybe(hostileText),
  model_raw: maybe(hostileText),
  purchase_date: maybe(fc.constant('2019-03-20')),
  purchase_year: maybe(fc.integer({ min: 1990, max: 2030 })),
  price_vnd: maybe(fc.integer({ min: 0, max: 100_000_000_000 })),
  province: maybe(hostileText),
  province_old: maybe(hostileText),
  last_service_at: maybe(fc.constant('2025-11-02')),
  service_visits: fc.nat({ max: 50 }),
  record_hash: fc.stringMatching(/^[0-9a-f]{40}$/),
  middle_name_folded: hostileText,
  name_key: hostileText,
  row_role: fc.constantFrom(null, 'previous_owner' as const, 'contact' as const, 'conflict' as const),
});

describe('processed CSV lines read back into rows', () => {
  it('gives back every customer row exactly, whatever its text', () => {
    fc.assert(
      fc.property(customerRow, (row) => {
        expect(customerProfile.fromCsvLine(csvLine(customerProfile.csvValues(row)))).toEqual(row);
      }),
      { numRuns: 500 },
    );
  });

  it('gives back listing rows with their booleans and numbers', () => {
    fc.assert(
      fc.property(hostileText, maybe(fc.integer({ min: 0, max: 5_000_000 })), fc.boolean(), (title, mileage, negotiable) => {
        const row: ListingRow = {
          batch_id: `b_${'1'.repeat(32)}`, source: 'xetot', listing_id: 'x1', url: 'https://xetot.com/a', title, make: null, model: null,
          variant: null, year: 2020, mileage_km: mileage, price_vnd: null, price_text: 'Giá thỏa thuận', negotiable, seller_name: title,
          seller_phone: null, seller_type: 'private', province: 'Hà Nội', district: null, posted_at: null,
          scraped_at: '2026-11-20T01:00:00.000Z', record_hash: 'a'.repeat(40),
          seller_name_folded: title, seller_family_name_folded: null, seller_middle_name_folded: title, seller_given_name_folded: null,
          seller_name_key: title,
        };
        expect(listingProfile.fromCsvLine(csvLine(listingProfile.csvValues(row)))).toEqual(row);
      }),
      { numRuns: 300 },
    );
  });
});
