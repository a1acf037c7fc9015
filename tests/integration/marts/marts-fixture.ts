import { randomBytes } from 'node:crypto';
import type { Warehouse } from '../../../shared/ports/warehouse';
import { loadSql } from '../../../shared/sql';

/**
 * A small hand-written market: chotot listings scraped through February and March 2026 (chotot's latest scrape is
 * 31 March), one xetot listing last scraped on 5 March, six customer vehicles and some matches. The expected
 * figures in the marts tests are worked out by hand from these rows (see the comments there).
 */

export interface Sighting {
  /** Vietnam local time, e.g. '2026-03-15T18:00'. */
  at: string;
  price: number | null;
}

export interface FixtureListing {
  source: 'chotot' | 'xetot';
  listingId: string;
  make: string;
  model: string;
  year: number;
  province: string;
  sellerType: 'private' | 'dealer';
  mileageKm: number | null;
  postedOn?: string;
  sellerName?: string;
  sellerPhone?: string;
  sightings: Sighting[];
}

const M = 1_000_000;

export const LISTINGS: FixtureListing[] = [
  // L1: posted before our first sighting; scraped twice on 15 March (480 then 470: the day's price is 470).
  {
    source: 'chotot', listingId: '1001', make: 'Toyota', model: 'Vios', year: 2019, province: 'Hồ Chí Minh', sellerType: 'private',
    mileageKm: 60_000, postedOn: '2026-02-25T10:00', sellerName: 'Anh Tuấn',
    sightings: [
      { at: '2026-03-01T10:00', price: 500 * M }, { at: '2026-03-08T10:00', price: 500 * M },
      { at: '2026-03-15T09:00', price: 480 * M }, { at: '2026-03-15T18:00', price: 470 * M },
      { at: '2026-03-22T10:00', price: 470 * M }, { at: '2026-03-29T10:00', price: 470 * M }, { at: '2026-03-31T10:00', price: 470 * M },
    ],
  },
  // L2: last seen 16 March, chotot scraped to 31 March: removed.
  {
    source: 'chotot', listingId: '1002', make: 'Toyota', model: 'Vios', year: 2019, province: 'Hà Nội', sellerType: 'private', mileageKm: 40_000,
    sightings: [{ at: '2026-03-02T10:00', price: 520 * M }, { at: '2026-03-09T10:00', price: 520 * M }, { at: '2026-03-16T10:00', price: 520 * M }],
  },
  // L3: a dealer; a drop then a rise; removed after 19 March.
  {
    source: 'chotot', listingId: '1003', make: 'Toyota', model: 'Vios', year: 2018, province: 'Hồ Chí Minh', sellerType: 'dealer', mileageKm: 70_000,
    sightings: [
      { at: '2026-03-03T10:00', price: 450 * M }, { at: '2026-03-10T10:00', price: 430 * M },
      { at: '2026-03-12T10:00', price: 440 * M }, { at: '2026-03-19T10:00', price: 440 * M },
    ],
  },
  // L4: away from 27 Feb to 20 March (21 days): relisted, and cheaper.
  {
    source: 'chotot', listingId: '1004', make: 'Toyota', model: 'Fortuner', year: 2020, province: 'Hồ Chí Minh', sellerType: 'private', mileageKm: 30_000,
    sightings: [
      { at: '2026-02-20T10:00', price: 900 * M }, { at: '2026-02-27T10:00', price: 900 * M },
      { at: '2026-03-20T10:00', price: 880 * M }, { at: '2026-03-27T10:00', price: 880 * M }, { at: '2026-03-31T10:00', price: 880 * M },
    ],
  },
  // L5: a rise; its match to C5 is history only.
  {
    source: 'chotot', listingId: '1005', make: 'Honda', model: 'City', year: 2021, province: 'Hồ Chí Minh', sellerType: 'private', mileageKm: null,
    sightings: [{ at: '2026-03-25T10:00', price: 550 * M }, { at: '2026-03-31T10:00', price: 560 * M }],
  },
  // L6: xetot, last scraped 5 March: not removed (xetot was not scraped since).
  {
    source: 'xetot', listingId: 'x1', make: 'Toyota', model: 'Vios', year: 2019, province: 'Hà Nội', sellerType: 'private', mileageKm: 50_000,
    sellerPhone: '0987654321',
    sightings: [{ at: '2026-03-01T10:00', price: 490 * M }, { at: '2026-03-05T10:00', price: 490 * M }],
  },
  // L7: a make the company does not sell.
  {
    source: 'chotot', listingId: '1007', make: 'Kia', model: 'Morning', year: 2017, province: 'Hồ Chí Minh', sellerType: 'private', mileageKm: 90_000,
    sightings: [{ at: '2026-03-30T10:00', price: 300 * M }, { at: '2026-03-31T10:00', price: 300 * M }],
  },
  // L8: customer C1 selling, price dropped → trade-in offer.
  {
    source: 'chotot', listingId: '1008', make: 'Toyota', model: 'Vios', year: 2019, province: 'Hồ Chí Minh', sellerType: 'private', mileageKm: 80_000,
    sightings: [{ at: '2026-03-20T10:00', price: 470 * M }, { at: '2026-03-27T10:00', price: 460 * M }, { at: '2026-03-31T10:00', price: 460 * M }],
  },
  // L9: customer C4 selling an 11-year-old Fortuner above the market median → new-model pitch.
  {
    source: 'chotot', listingId: '1009', make: 'Toyota', model: 'Fortuner', year: 2015, province: 'Hồ Chí Minh', sellerType: 'private', mileageKm: 120_000,
    sightings: [{ at: '2026-03-24T10:00', price: 740 * M }, { at: '2026-03-31T10:00', price: 740 * M }],
  },
  {
    source: 'chotot', listingId: '1010', make: 'Toyota', model: 'Fortuner', year: 2015, province: 'Hà Nội', sellerType: 'private', mileageKm: 110_000,
    sightings: [{ at: '2026-03-29T10:00', price: 700 * M }, { at: '2026-03-31T10:00', price: 700 * M }],
  },
  // L12: customer C6 (never serviced with us) selling above the median → service reminder.
  {
    source: 'chotot', listingId: '1012', make: 'Honda', model: 'City', year: 2022, province: 'Hồ Chí Minh', sellerType: 'private', mileageKm: 20_000,
    sightings: [{ at: '2026-03-28T10:00', price: 650 * M }, { at: '2026-03-31T10:00', price: 650 * M }],
  },
  {
    source: 'chotot', listingId: '1013', make: 'Honda', model: 'City', year: 2022, province: 'Hồ Chí Minh', sellerType: 'private', mileageKm: 25_000,
    sightings: [{ at: '2026-03-30T10:00', price: 600 * M }, { at: '2026-03-31T10:00', price: 600 * M }],
  },
];

export interface FixtureVehicle {
  customerKey: string;
  vehicleKey: string;
  fullName: string;
  phone: string;
  make: string;
  model: string;
  purchaseYear: number;
  priceVnd: number;
  lastServiceAt: string | null;
  serviceVisits: number;
}

export const VEHICLES: FixtureVehicle[] = [
  { customerKey: 'C1', vehicleKey: 'v:VIN0000001', fullName: 'Nguyễn Văn An', phone: '0903111111', make: 'Toyota', model: 'Vios', purchaseYear: 2019, priceVnd: 560 * M, lastServiceAt: '2025-12-01 02:00:00', serviceVisits: 4 },
  { customerKey: 'C2', vehicleKey: 'v:VIN0000002', fullName: 'Lê Văn Cường', phone: '0903222222', make: 'Toyota', model: 'Vios', purchaseYear: 2020, priceVnd: 580 * M, lastServiceAt: null, serviceVisits: 0 },
  { customerKey: 'C3', vehicleKey: 'v:VIN0000003', fullName: 'Phạm Thị Dung', phone: '0903333333', make: 'Toyota', model: 'Vios', purchaseYear: 2019, priceVnd: 600 * M, lastServiceAt: null, serviceVisits: 0 },
  { customerKey: 'C4', vehicleKey: 'v:VIN0000004', fullName: 'Hoàng Văn Em', phone: '0903444444', make: 'Toyota', model: 'Fortuner', purchaseYear: 2015, priceVnd: 1_100 * M, lastServiceAt: '2024-06-01 02:00:00', serviceVisits: 9 },
  { customerKey: 'C5', vehicleKey: 'v:VIN0000005', fullName: 'Vũ Thị Giang', phone: '0903555555', make: 'Honda', model: 'City', purchaseYear: 2021, priceVnd: 600 * M, lastServiceAt: null, serviceVisits: 0 },
  { customerKey: 'C6', vehicleKey: 'v:VIN0000006', fullName: 'Trần Thị Bình', phone: '0912345678', make: 'Honda', model: 'City', purchaseYear: 2022, priceVnd: 620 * M, lastServiceAt: null, serviceVisits: 0 },
];

export interface FixtureMatch {
  listingId: string;
  source: string;
  customerKey: string;
  vehicleKey: string;
  band: 'lead' | 'review';
  probability: number;
  weight: number;
  why: string;
  validTo: string | null;
}

export const MATCHES: FixtureMatch[] = [
  { source: 'chotot', listingId: '1008', customerKey: 'C1', vehicleKey: 'v:VIN0000001', band: 'lead', probability: 0.99, weight: 12.5, why: 'given name An (rare, +6.1); Vios 2019 vs bought 2019', validTo: null },
  { source: 'chotot', listingId: '1009', customerKey: 'C4', vehicleKey: 'v:VIN0000004', band: 'lead', probability: 0.97, weight: 10.25, why: 'same phone 0903…444; Fortuner 2015', validTo: null },
  { source: 'chotot', listingId: '1012', customerKey: 'C6', vehicleKey: 'v:VIN0000006', band: 'lead', probability: 0.95, weight: 9.5, why: 'same phone 0912…678; City 2022', validTo: null },
  // A lead on a removed listing: not selling now.
  { source: 'chotot', listingId: '1002', customerKey: 'C3', vehicleKey: 'v:VIN0000003', band: 'lead', probability: 0.96, weight: 9.75, why: 'name and car agree', validTo: null },
  // A review-band match: neither a lead nor a prospect.
  { source: 'chotot', listingId: '1001', customerKey: 'C2', vehicleKey: 'v:VIN0000002', band: 'review', probability: 0.6, weight: 2.5, why: 'common name only', validTo: null },
  // A lead that was later withdrawn (history row): L5 is a prospect again.
  { source: 'chotot', listingId: '1005', customerKey: 'C5', vehicleKey: 'v:VIN0000005', band: 'lead', probability: 0.9, weight: 8.0, why: 'name and car agree', validTo: '2026-03-30 00:00:00' },
];

function newBatchId(): string {
  return `b_${randomBytes(16).toString('hex')}`;
}

/**
 * Loads sightings the way the ingest does: rows into staging, then core's own merges (core/merge_listings,
 * core/merge_listing_prices) in one transaction. Each call is one batch.
 */
export async function loadSightings(warehouse: Warehouse, listings: readonly FixtureListing[]): Promise<void> {
  const batchId = newBatchId();
  let row = 0;
  for (const listing of listings) {
    for (const sighting of listing.sightings) {
      row += 1;
      await warehouse.query(
        `insert into staging.stg_listings (batch_id, source, listing_id, url, title, make, model, variant, year, mileage_km,
           price_vnd, price_text, negotiable, seller_name, seller_phone, seller_type, province, district, posted_at, scraped_at, record_hash)
         values (:batch_id, :source, :listing_id, :url, :title, :make, :model, null, :year, :mileage_km,
           :price_vnd, null, false, :seller_name, :seller_phone, :seller_type, :province, null, cast(:posted_at as timestamptz),
           cast(:scraped_at as timestamptz), :record_hash)`,
        {
          batch_id: batchId,
          source: listing.source,
          listing_id: listing.listingId,
          url: `https://example.test/${listing.source}/${listing.listingId}`,
          title: `${listing.make} ${listing.model} ${listing.year}`,
          make: listing.make,
          model: listing.model,
          year: listing.year,
          mileage_km: listing.mileageKm,
          price_vnd: sighting.price,
          seller_name: listing.sellerName ?? null,
          seller_phone: listing.sellerPhone ?? null,
          seller_type: listing.sellerType,
          province: listing.province,
          posted_at: listing.postedOn ? `${listing.postedOn}:00+07:00` : null,
          scraped_at: `${sighting.at}:00+07:00`,
          record_hash: String(row).padStart(40, '0'),
        },
      );
    }
  }
  const params = { batch_id: batchId };
  const status = await warehouse.submit([
    { kind: 'sql', sql: loadSql('core/merge_listings'), params },
    { kind: 'sql', sql: loadSql('core/merge_listing_prices'), params },
    { kind: 'sql', sql: loadSql('staging/delete_stg_listings_batch'), params },
  ]);
  if (status.state !== 'FINISHED') throw new Error(`fixture load failed: ${status.error ?? status.state}`);
}

export async function insertVehicles(warehouse: Warehouse, vehicles: readonly FixtureVehicle[]): Promise<void> {
  for (const vehicle of vehicles) {
    await warehouse.query(
      `insert into core.customer_vehicles (customer_key, customer_id, full_name, phone, email, vehicle_key, make, model,
         purchase_year, price_vnd, last_service_at, service_visits, record_hash, first_batch_id, batch_id)
       values (:customer_key, :customer_key, :full_name, :phone, null, :vehicle_key, :make, :model,
         :purchase_year, :price_vnd, cast(:last_service_at as timestamp), :service_visits, :record_hash, :batch_id, :batch_id)`,
      {
        customer_key: vehicle.customerKey,
        full_name: vehicle.fullName,
        phone: vehicle.phone,
        vehicle_key: vehicle.vehicleKey,
        make: vehicle.make,
        model: vehicle.model,
        purchase_year: vehicle.purchaseYear,
        price_vnd: vehicle.priceVnd,
        last_service_at: vehicle.lastServiceAt,
        service_visits: vehicle.serviceVisits,
        record_hash: 'c'.repeat(40),
        batch_id: newBatchId(),
      },
    );
  }
}

export async function insertMatches(warehouse: Warehouse, matches: readonly FixtureMatch[]): Promise<void> {
  for (const match of matches) {
    await warehouse.query(
      `insert into marts.listing_matches (source, listing_id, customer_key, customer_id, vehicle_key, phone, match_weight,
         match_probability, band, blocking_rule, model_version, matched_at, why, valid_from, valid_to)
       values (:source, :listing_id, :customer_key, :customer_key, :vehicle_key, null, :weight, :probability, :band,
         'phone', 'test-1', cast('2026-03-31 12:00:00' as timestamp), :why, cast('2026-03-01 00:00:00' as timestamp),
         cast(:valid_to as timestamp))`,
      {
        source: match.source,
        listing_id: match.listingId,
        customer_key: match.customerKey,
        vehicle_key: match.vehicleKey,
        weight: match.weight,
        probability: match.probability,
        band: match.band,
        why: match.why,
        valid_to: match.validTo,
      },
    );
  }
}
