import type { PostgresWarehouse } from '../../../shared/adapters/postgres/postgres-warehouse';
import { refreshMarts } from '../../../shared/steps/marts/refresh-marts';
import { insertMatches, insertVehicles, LISTINGS, loadSightings, MATCHES, VEHICLES } from './marts-fixture';

type Row = Record<string, unknown>;

/** Every row of a table as JSON (dates as 'YYYY-MM-DD', numbers as numbers), the same on PGlite and pg. */
async function rowsOf(warehouse: PostgresWarehouse, table: string, orderBy: string, columns: readonly string[]): Promise<Row[]> {
  const rows = await warehouse.query<{ row: Row }>(`select row_to_json(t) as row from ${table} as t order by ${orderBy}`);
  return rows.map(({ row }) => Object.fromEntries(columns.map((column) => [column, row[column]])));
}

const M = 1_000_000;

/**
 * The marts on the hand-written market of marts-fixture.ts, with every expected figure worked out by hand.
 * chotot's latest scrape is 2026-03-31; removed after 7 days unseen.
 */
export function describeMartsBehaviour(label: string, open: () => Promise<PostgresWarehouse>, close: () => Promise<void>): void {
  describe(`marts on ${label}`, () => {
    let warehouse: PostgresWarehouse;

    beforeAll(async () => {
      warehouse = await open();
      await warehouse.migrate();
      await loadSightings(warehouse, LISTINGS);
      await insertVehicles(warehouse, VEHICLES);
      await insertMatches(warehouse, MATCHES);
      const result = await refreshMarts({ removedAfterDays: 7 }, { warehouse });
      if (result.state !== 'FINISHED') throw new Error(`refresh failed: ${result.error ?? result.state}`);
    });

    afterAll(async () => close());

    it('derives each listing’s status, listed day and days on market from its sightings', async () => {
      // Act
      const rows = await rowsOf(warehouse, 'marts.listing_status', 'source, listing_id', [
        'listing_id', 'status', 'listed_on', 'last_seen_on', 'site_last_scraped_on', 'removed_on', 'relist_count', 'days_on_market', 'first_price_vnd', 'price_vnd', 'price_drops', 'price_rises',
      ]);
      // Assess: L1 listed on its posted day (25 Feb, before our first sighting): 4 + 30 = 34 days to 31 March.
      // L2 unseen 15 days, L3 12 days: removed; L4 away 21 days (> 7) and back: relisted; x1's site was last
      // scraped the day it was last seen: active.
      expect(rows).toEqual([
        { listing_id: '1001', status: 'active', listed_on: '2026-02-25', last_seen_on: '2026-03-31', site_last_scraped_on: '2026-03-31', removed_on: null, relist_count: 0, days_on_market: 34, first_price_vnd: 500 * M, price_vnd: 470 * M, price_drops: 1, price_rises: 0 },
        { listing_id: '1002', status: 'removed', listed_on: '2026-03-02', last_seen_on: '2026-03-16', site_last_scraped_on: '2026-03-31', removed_on: '2026-03-16', relist_count: 0, days_on_market: 14, first_price_vnd: 520 * M, price_vnd: 520 * M, price_drops: 0, price_rises: 0 },
        { listing_id: '1003', status: 'removed', listed_on: '2026-03-03', last_seen_on: '2026-03-19', site_last_scraped_on: '2026-03-31', removed_on: '2026-03-19', relist_count: 0, days_on_market: 16, first_price_vnd: 450 * M, price_vnd: 440 * M, price_drops: 1, price_rises: 1 },
        { listing_id: '1004', status: 'relisted', listed_on: '2026-02-20', last_seen_on: '2026-03-31', site_last_scraped_on: '2026-03-31', removed_on: null, relist_count: 1, days_on_market: 39, first_price_vnd: 900 * M, price_vnd: 880 * M, price_drops: 1, price_rises: 0 },
        { listing_id: '1005', status: 'active', listed_on: '2026-03-25', last_seen_on: '2026-03-31', site_last_scraped_on: '2026-03-31', removed_on: null, relist_count: 0, days_on_market: 6, first_price_vnd: 550 * M, price_vnd: 560 * M, price_drops: 0, price_rises: 1 },
        { listing_id: '1007', status: 'active', listed_on: '2026-03-30', last_seen_on: '2026-03-31', site_last_scraped_on: '2026-03-31', removed_on: null, relist_count: 0, days_on_market: 1, first_price_vnd: 300 * M, price_vnd: 300 * M, price_drops: 0, price_rises: 0 },
        { listing_id: '1008', status: 'active', listed_on: '2026-03-20', last_seen_on: '2026-03-31', site_last_scraped_on: '2026-03-31', removed_on: null, relist_count: 0, days_on_market: 11, first_price_vnd: 470 * M, price_vnd: 460 * M, price_drops: 1, price_rises: 0 },
        { listing_id: '1009', status: 'active', listed_on: '2026-03-24', last_seen_on: '2026-03-31', site_last_scraped_on: '2026-03-31', removed_on: null, relist_count: 0, days_on_market: 7, first_price_vnd: 740 * M, price_vnd: 740 * M, price_drops: 0, price_rises: 0 },
        { listing_id: '1010', status: 'active', listed_on: '2026-03-29', last_seen_on: '2026-03-31', site_last_scraped_on: '2026-03-31', removed_on: null, relist_count: 0, days_on_market: 2, first_price_vnd: 700 * M, price_vnd: 700 * M, price_drops: 0, price_rises: 0 },
        { listing_id: '1012', status: 'active', listed_on: '2026-03-28', last_seen_on: '2026-03-31', site_last_scraped_on: '2026-03-31', removed_on: null, relist_count: 0, days_on_market: 3, first_price_vnd: 650 * M, price_vnd: 650 * M, price_drops: 0, price_rises: 0 },
        { listing_id: '1013', status: 'active', listed_on: '2026-03-30', last_seen_on: '2026-03-31', site_last_scraped_on: '2026-03-31', removed_on: null, relist_count: 0, days_on_market: 1, first_price_vnd: 600 * M, price_vnd: 600 * M, price_drops: 0, price_rises: 0 },
        { listing_id: 'x1', status: 'active', listed_on: '2026-03-01', last_seen_on: '2026-03-05', site_last_scraped_on: '2026-03-05', removed_on: null, relist_count: 0, days_on_market: 4, first_price_vnd: 490 * M, price_vnd: 490 * M, price_drops: 0, price_rises: 0 },
      ]);
    });

    it('records every price change, drops and rises, once per day', async () => {
      // Act
      const rows = await rowsOf(warehouse, 'marts.listing_price_history', 'source, listing_id, changed_on', [
        'listing_id', 'changed_on', 'previous_observed_on', 'previous_price_vnd', 'price_vnd', 'change_vnd', 'change_pct', 'direction', 'days_since_listed',
      ]);
      // Assess: L1's two scrapes of 15 March are one change (500 → the day's latest 470), not two.
      expect(rows).toEqual([
        { listing_id: '1001', changed_on: '2026-03-15', previous_observed_on: '2026-03-08', previous_price_vnd: 500 * M, price_vnd: 470 * M, change_vnd: -30 * M, change_pct: -6, direction: 'drop', days_since_listed: 18 },
        { listing_id: '1003', changed_on: '2026-03-10', previous_observed_on: '2026-03-03', previous_price_vnd: 450 * M, price_vnd: 430 * M, change_vnd: -20 * M, change_pct: -4.44, direction: 'drop', days_since_listed: 7 },
        { listing_id: '1003', changed_on: '2026-03-12', previous_observed_on: '2026-03-10', previous_price_vnd: 430 * M, price_vnd: 440 * M, change_vnd: 10 * M, change_pct: 2.33, direction: 'rise', days_since_listed: 9 },
        { listing_id: '1004', changed_on: '2026-03-20', previous_observed_on: '2026-02-27', previous_price_vnd: 900 * M, price_vnd: 880 * M, change_vnd: -20 * M, change_pct: -2.22, direction: 'drop', days_since_listed: 28 },
        { listing_id: '1005', changed_on: '2026-03-31', previous_observed_on: '2026-03-25', previous_price_vnd: 550 * M, price_vnd: 560 * M, change_vnd: 10 * M, change_pct: 1.82, direction: 'rise', days_since_listed: 6 },
        { listing_id: '1008', changed_on: '2026-03-27', previous_observed_on: '2026-03-20', previous_price_vnd: 470 * M, price_vnd: 460 * M, change_vnd: -10 * M, change_pct: -2.13, direction: 'drop', days_since_listed: 7 },
      ]);
    });

    it('builds resale_value: price quartiles, median mileage and retention against the company’s own sales', async () => {
      // Act
      const rows = await rowsOf(warehouse, 'marts.resale_value', 'make, model, age_years', [
        'make', 'model', 'age_years', 'listing_count', 'median_price_vnd', 'p25_price_vnd', 'p75_price_vnd', 'median_mileage_km', 'new_price_vnd', 'new_price_source', 'new_price_sales', 'retention', 'is_small_group',
      ]);
      // Assess: Vios 2019 (age 7): 460 470 490 520 → median 480, P25 460 + 0.75 × 10 = 467.5, P75 490 + 0.25 × 30 =
      // 497.5; mileage 40k 50k 60k 80k → 55k; new = median of sales 560 580 600 = 580 → 480 / 580 = 0.8276.
      // City: sales 600 and 620 → 610. Kia: never sold → no new price, no retention; still listed.
      expect(rows).toEqual([
        { make: 'Honda', model: 'City', age_years: 4, listing_count: 2, median_price_vnd: 625 * M, p25_price_vnd: 612.5 * M, p75_price_vnd: 637.5 * M, median_mileage_km: 22_500, new_price_vnd: 610 * M, new_price_source: 'company_sales_median', new_price_sales: 2, retention: 1.0246, is_small_group: true },
        { make: 'Honda', model: 'City', age_years: 5, listing_count: 1, median_price_vnd: 560 * M, p25_price_vnd: 560 * M, p75_price_vnd: 560 * M, median_mileage_km: null, new_price_vnd: 610 * M, new_price_source: 'company_sales_median', new_price_sales: 2, retention: 0.918, is_small_group: true },
        { make: 'Kia', model: 'Morning', age_years: 9, listing_count: 1, median_price_vnd: 300 * M, p25_price_vnd: 300 * M, p75_price_vnd: 300 * M, median_mileage_km: 90_000, new_price_vnd: null, new_price_source: null, new_price_sales: 0, retention: null, is_small_group: true },
        { make: 'Toyota', model: 'Fortuner', age_years: 6, listing_count: 1, median_price_vnd: 880 * M, p25_price_vnd: 880 * M, p75_price_vnd: 880 * M, median_mileage_km: 30_000, new_price_vnd: 1_100 * M, new_price_source: 'company_sales_median', new_price_sales: 1, retention: 0.8, is_small_group: true },
        { make: 'Toyota', model: 'Fortuner', age_years: 11, listing_count: 2, median_price_vnd: 720 * M, p25_price_vnd: 710 * M, p75_price_vnd: 730 * M, median_mileage_km: 115_000, new_price_vnd: 1_100 * M, new_price_source: 'company_sales_median', new_price_sales: 1, retention: 0.6545, is_small_group: true },
        { make: 'Toyota', model: 'Vios', age_years: 7, listing_count: 4, median_price_vnd: 480 * M, p25_price_vnd: 467.5 * M, p75_price_vnd: 497.5 * M, median_mileage_km: 55_000, new_price_vnd: 580 * M, new_price_source: 'company_sales_median', new_price_sales: 3, retention: 0.8276, is_small_group: true },
        { make: 'Toyota', model: 'Vios', age_years: 8, listing_count: 1, median_price_vnd: 440 * M, p25_price_vnd: 440 * M, p75_price_vnd: 440 * M, median_mileage_km: 70_000, new_price_vnd: 580 * M, new_price_source: 'company_sales_median', new_price_sales: 3, retention: 0.7586, is_small_group: true },
      ]);
    });

    it('builds market_preference by month, make / model and province, and for the whole country', async () => {
      // Act
      const rows = await rowsOf(warehouse, 'marts.market_preference', 'month_start, province, make, model', [
        'month_start', 'province', 'make', 'model', 'active_listings', 'new_listings', 'new_listings_per_week', 'market_share', 'removed_listings', 'median_days_on_market_removed', 'listings_with_price_drop', 'price_drop_share',
      ]);
      // Assess: February (28 days observed): L1 (posted 25 Feb) and L4 in Hồ Chí Minh, 1 new each → 7 × 1 / 28 =
      // 0.25 a week. March (31 days): HCM has 9 active (Vios 3, Fortuner 2, City 3, Morning 1), Hà Nội 3, the
      // country 12. Vios removed in March: L2 (14 days) and L3 (16 days) → median 15.
      const feb = '2026-02-01';
      const mar = '2026-03-01';
      expect(rows).toEqual([
        { month_start: feb, province: 'Hồ Chí Minh', make: 'Toyota', model: 'Fortuner', active_listings: 1, new_listings: 1, new_listings_per_week: 0.25, market_share: 0.5, removed_listings: 0, median_days_on_market_removed: null, listings_with_price_drop: 0, price_drop_share: 0 },
        { month_start: feb, province: 'Hồ Chí Minh', make: 'Toyota', model: 'Vios', active_listings: 1, new_listings: 1, new_listings_per_week: 0.25, market_share: 0.5, removed_listings: 0, median_days_on_market_removed: null, listings_with_price_drop: 0, price_drop_share: 0 },
        { month_start: feb, province: 'Toàn quốc', make: 'Toyota', model: 'Fortuner', active_listings: 1, new_listings: 1, new_listings_per_week: 0.25, market_share: 0.5, removed_listings: 0, median_days_on_market_removed: null, listings_with_price_drop: 0, price_drop_share: 0 },
        { month_start: feb, province: 'Toàn quốc', make: 'Toyota', model: 'Vios', active_listings: 1, new_listings: 1, new_listings_per_week: 0.25, market_share: 0.5, removed_listings: 0, median_days_on_market_removed: null, listings_with_price_drop: 0, price_drop_share: 0 },
        { month_start: mar, province: 'Hà Nội', make: 'Toyota', model: 'Fortuner', active_listings: 1, new_listings: 1, new_listings_per_week: 0.23, market_share: 0.3333, removed_listings: 0, median_days_on_market_removed: null, listings_with_price_drop: 0, price_drop_share: 0 },
        { month_start: mar, province: 'Hà Nội', make: 'Toyota', model: 'Vios', active_listings: 2, new_listings: 2, new_listings_per_week: 0.45, market_share: 0.6667, removed_listings: 1, median_days_on_market_removed: 14, listings_with_price_drop: 0, price_drop_share: 0 },
        { month_start: mar, province: 'Hồ Chí Minh', make: 'Honda', model: 'City', active_listings: 3, new_listings: 3, new_listings_per_week: 0.68, market_share: 0.3333, removed_listings: 0, median_days_on_market_removed: null, listings_with_price_drop: 0, price_drop_share: 0 },
        { month_start: mar, province: 'Hồ Chí Minh', make: 'Kia', model: 'Morning', active_listings: 1, new_listings: 1, new_listings_per_week: 0.23, market_share: 0.1111, removed_listings: 0, median_days_on_market_removed: null, listings_with_price_drop: 0, price_drop_share: 0 },
        { month_start: mar, province: 'Hồ Chí Minh', make: 'Toyota', model: 'Fortuner', active_listings: 2, new_listings: 1, new_listings_per_week: 0.23, market_share: 0.2222, removed_listings: 0, median_days_on_market_removed: null, listings_with_price_drop: 1, price_drop_share: 0.5 },
        { month_start: mar, province: 'Hồ Chí Minh', make: 'Toyota', model: 'Vios', active_listings: 3, new_listings: 2, new_listings_per_week: 0.45, market_share: 0.3333, removed_listings: 1, median_days_on_market_removed: 16, listings_with_price_drop: 3, price_drop_share: 1 },
        { month_start: mar, province: 'Toàn quốc', make: 'Honda', model: 'City', active_listings: 3, new_listings: 3, new_listings_per_week: 0.68, market_share: 0.25, removed_listings: 0, median_days_on_market_removed: null, listings_with_price_drop: 0, price_drop_share: 0 },
        { month_start: mar, province: 'Toàn quốc', make: 'Kia', model: 'Morning', active_listings: 1, new_listings: 1, new_listings_per_week: 0.23, market_share: 0.0833, removed_listings: 0, median_days_on_market_removed: null, listings_with_price_drop: 0, price_drop_share: 0 },
        { month_start: mar, province: 'Toàn quốc', make: 'Toyota', model: 'Fortuner', active_listings: 3, new_listings: 2, new_listings_per_week: 0.45, market_share: 0.25, removed_listings: 0, median_days_on_market_removed: null, listings_with_price_drop: 1, price_drop_share: 0.3333 },
        { month_start: mar, province: 'Toàn quốc', make: 'Toyota', model: 'Vios', active_listings: 5, new_listings: 4, new_listings_per_week: 0.9, market_share: 0.4167, removed_listings: 2, median_days_on_market_removed: 15, listings_with_price_drop: 3, price_drop_share: 0.6 },
      ]);
    });

    it('builds price_drops: how much, after how many days', async () => {
      // Act
      const rows = await rowsOf(warehouse, 'marts.price_drops', 'source, listing_id', [
        'listing_id', 'status', 'first_price_vnd', 'price_vnd', 'drop_vnd', 'drop_pct', 'drops', 'rises', 'largest_drop_vnd', 'first_drop_on', 'days_to_first_drop', 'last_drop_on', 'days_on_market',
      ]);
      // Assess: L3 fell 20 then rose 10: net 10 of 450 = 2.22 %, largest single drop 20.
      expect(rows).toEqual([
        { listing_id: '1001', status: 'active', first_price_vnd: 500 * M, price_vnd: 470 * M, drop_vnd: 30 * M, drop_pct: 6, drops: 1, rises: 0, largest_drop_vnd: 30 * M, first_drop_on: '2026-03-15', days_to_first_drop: 18, last_drop_on: '2026-03-15', days_on_market: 34 },
        { listing_id: '1003', status: 'removed', first_price_vnd: 450 * M, price_vnd: 440 * M, drop_vnd: 10 * M, drop_pct: 2.22, drops: 1, rises: 1, largest_drop_vnd: 20 * M, first_drop_on: '2026-03-10', days_to_first_drop: 7, last_drop_on: '2026-03-10', days_on_market: 16 },
        { listing_id: '1004', status: 'relisted', first_price_vnd: 900 * M, price_vnd: 880 * M, drop_vnd: 20 * M, drop_pct: 2.22, drops: 1, rises: 0, largest_drop_vnd: 20 * M, first_drop_on: '2026-03-20', days_to_first_drop: 28, last_drop_on: '2026-03-20', days_on_market: 39 },
        { listing_id: '1008', status: 'active', first_price_vnd: 470 * M, price_vnd: 460 * M, drop_vnd: 10 * M, drop_pct: 2.13, drops: 1, rises: 0, largest_drop_vnd: 10 * M, first_drop_on: '2026-03-27', days_to_first_drop: 7, last_drop_on: '2026-03-27', days_on_market: 11 },
      ]);
    });

    it('builds leads from current lead-band matches on listings still on the market, with a rule-based action', async () => {
      // Act
      const rows = await rowsOf(warehouse, 'marts.leads', 'source, listing_id', [
        'listing_id', 'customer_key', 'full_name', 'phone', 'bought_model', 'bought_year', 'bought_price_vnd', 'last_service_at', 'url', 'price_vnd', 'days_listed', 'age_years', 'market_median_price_vnd', 'market_listing_count', 'price_vs_market_pct', 'match_probability', 'why', 'suggested_action', 'action_reason',
      ]);
      // Assess: 1008 dropped its price (rule 1); 1009 asks 740 against a median of 720 (+2.8 %) and is 11 years old
      // (rule 2); 1012 asks 650 against 625 (+4.0 %), 4 years old, never serviced with us (rule 3). Not leads:
      // 1002 (removed), 1001 (review band), 1005 (its lead row was superseded).
      expect(rows).toEqual([
        { listing_id: '1008', customer_key: 'C1', full_name: 'Nguyễn Văn An', phone: '0903111111', bought_model: 'Vios', bought_year: 2019, bought_price_vnd: 560 * M, last_service_at: '2025-12-01T02:00:00', url: 'https://example.test/chotot/1008', price_vnd: 460 * M, days_listed: 11, age_years: 7, market_median_price_vnd: 480 * M, market_listing_count: 4, price_vs_market_pct: -4.2, match_probability: 0.99, why: 'given name An (rare, +6.1); Vios 2019 vs bought 2019', suggested_action: 'trade-in offer', action_reason: 'price dropped while listed' },
        { listing_id: '1009', customer_key: 'C4', full_name: 'Hoàng Văn Em', phone: '0903444444', bought_model: 'Fortuner', bought_year: 2015, bought_price_vnd: 1_100 * M, last_service_at: '2024-06-01T02:00:00', url: 'https://example.test/chotot/1009', price_vnd: 740 * M, days_listed: 7, age_years: 11, market_median_price_vnd: 720 * M, market_listing_count: 2, price_vs_market_pct: 2.8, match_probability: 0.97, why: 'same phone 0903…444; Fortuner 2015', suggested_action: 'new-model pitch', action_reason: 'car 6 or more years old' },
        { listing_id: '1012', customer_key: 'C6', full_name: 'Trần Thị Bình', phone: '0912345678', bought_model: 'City', bought_year: 2022, bought_price_vnd: 620 * M, last_service_at: null, url: 'https://example.test/chotot/1012', price_vnd: 650 * M, days_listed: 3, age_years: 4, market_median_price_vnd: 625 * M, market_listing_count: 2, price_vs_market_pct: 4, match_probability: 0.95, why: 'same phone 0912…678; City 2022', suggested_action: 'service reminder', action_reason: 'no service with us in the last 12 months' },
      ]);
    });

    it('builds prospects: unmatched private sellers of makes the company sells, compared with the market', async () => {
      // Act
      const rows = await rowsOf(warehouse, 'marts.prospects', 'source, listing_id', [
        'source', 'listing_id', 'seller_phone', 'make', 'model', 'price_vnd', 'status', 'days_listed', 'price_drops', 'age_years', 'market_median_price_vnd', 'price_vs_market_pct',
      ]);
      // Assess: out are 1001 (a review match), 1002 and 1003 (removed; 1003 a dealer too), 1007 (Kia: not sold by
      // the company), 1008 / 1009 / 1012 (leads). x1 asks 490 against 480: +2.1 %.
      expect(rows).toEqual([
        { source: 'chotot', listing_id: '1004', seller_phone: null, make: 'Toyota', model: 'Fortuner', price_vnd: 880 * M, status: 'relisted', days_listed: 39, price_drops: 1, age_years: 6, market_median_price_vnd: 880 * M, price_vs_market_pct: 0 },
        { source: 'chotot', listing_id: '1005', seller_phone: null, make: 'Honda', model: 'City', price_vnd: 560 * M, status: 'active', days_listed: 6, price_drops: 0, age_years: 5, market_median_price_vnd: 560 * M, price_vs_market_pct: 0 },
        { source: 'chotot', listing_id: '1010', seller_phone: null, make: 'Toyota', model: 'Fortuner', price_vnd: 700 * M, status: 'active', days_listed: 2, price_drops: 0, age_years: 11, market_median_price_vnd: 720 * M, price_vs_market_pct: -2.8 },
        { source: 'chotot', listing_id: '1013', seller_phone: null, make: 'Honda', model: 'City', price_vnd: 600 * M, status: 'active', days_listed: 1, price_drops: 0, age_years: 4, market_median_price_vnd: 625 * M, price_vs_market_pct: -4 },
        { source: 'xetot', listing_id: 'x1', seller_phone: '0987654321', make: 'Toyota', model: 'Vios', price_vnd: 490 * M, status: 'active', days_listed: 4, price_drops: 0, age_years: 7, market_median_price_vnd: 480 * M, price_vs_market_pct: 2.1 },
      ]);
    });

    it('changes nothing when a listing is scraped again the same day, or the refresh runs again', async () => {
      // Prepare
      const tables = ['marts.listing_status', 'marts.listing_price_history', 'marts.market_preference', 'marts.resale_value', 'marts.price_drops', 'marts.leads', 'marts.prospects'];
      const snapshot = async () =>
        Promise.all(tables.map(async (table) => (await warehouse.query<{ row: Row }>(`select row_to_json(t) as row from ${table} as t`)).map(({ row }) => JSON.stringify(row)).sort()));
      const before = await snapshot();
      const l1 = LISTINGS[0];
      const l3 = LISTINGS[2];
      if (!l1 || !l3) throw new Error('fixture changed');
      // Act: L1 seen again late on 31 March at the same price; L3 again on 10 March, earlier that day, at another
      // price (an older scrape of a day already seen leaves the day's price as it was).
      await loadSightings(warehouse, [
        { ...l1, sightings: [{ at: '2026-03-31T23:30', price: 470 * M }] },
        { ...l3, sightings: [{ at: '2026-03-10T07:00', price: 445 * M }] },
      ]);
      const result = await refreshMarts({ removedAfterDays: 7 }, { warehouse });
      // Assess
      expect(result.state).toBe('FINISHED');
      expect(await snapshot()).toEqual(before);
    });

    it('counts a listing unseen for exactly N days as removed, and one unseen for N - 1 days as still on the market', async () => {
      // Prepare: 1003 was last seen 12 days before chotot's latest scrape.
      const statusOf = async () =>
        (await warehouse.query<{ status: string }>("select status from marts.listing_status where listing_id = '1003'"))[0]?.status;
      // Act
      await refreshMarts({ removedAfterDays: 12 }, { warehouse });
      const atTwelve = await statusOf();
      await refreshMarts({ removedAfterDays: 13 }, { warehouse });
      const atThirteen = await statusOf();
      await refreshMarts({ removedAfterDays: 7 }, { warehouse });
      // Assess
      expect([atTwelve, atThirteen]).toEqual(['removed', 'active']);
    });
  });
}
