import type { SqlParams } from '../../../shared/ports/warehouse';
import type { WarehouseReader } from '../../../shared/steps/export/export-workbook';
import { loadSql, type SqlName } from '../../../shared/sql';

type Row = Record<string, unknown>;

/**
 * A Warehouse test double that answers the export's SQL files with fixed rows, as the marts would: page queries
 * honour `:after_key` and return at most `pageSize` rows ordered by row_key (small, so pagination is exercised).
 * Every query is recorded, so a test can see the pages asked for.
 */
export class FixedMartsWarehouse implements WarehouseReader {
  readonly queries: { name: SqlName; params: SqlParams }[] = [];

  constructor(
    private readonly tables: Partial<Record<SqlName, Row[]>>,
    private readonly pageSize = 2,
  ) {}

  async query<R extends Record<string, unknown> = Record<string, unknown>>(sql: string, params: SqlParams = {}): Promise<R[]> {
    const name = this.nameOf(sql);
    this.queries.push({ name, params });
    const rows = this.tables[name] ?? [];
    if (!name.endsWith('_page')) return rows as R[];
    const after = String(params.after_key ?? '');
    return rows
      .filter((row) => String(row.row_key) > after)
      .sort((a, b) => (String(a.row_key) < String(b.row_key) ? -1 : 1))
      .slice(0, this.pageSize) as R[];
  }

  private nameOf(sql: string): SqlName {
    const names: SqlName[] = [
      'export/leads_page', 'export/review_page', 'export/prospects_page', 'export/market_by_model_page', 'export/resale_by_age_page',
      'export/price_drops_page', 'export/batches_page', 'export/last_scrape_per_site', 'export/chart_median_price_by_age',
      'export/chart_listings_by_province', 'export/chart_days_on_market',
    ];
    const found = names.find((candidate) => loadSql(candidate) === sql);
    if (!found) throw new Error(`FixedMartsWarehouse: unexpected SQL ${sql.slice(0, 80)}`);
    return found;
  }
}

/** A few rows of every sheet, with the awkward values real data has. */
export function sampleMarts(): Partial<Record<SqlName, Row[]>> {
  const lead = (n: number, extra: Row = {}): Row => ({
    row_key: `${String(100 + n).padStart(4, '0')}|chotot|${1000 + n}`,
    match_probability: 0.99 - n / 100,
    suggested_action: 'trade_in_offer',
    action_reason: 'bought 6 years ago',
    full_name: 'Nguyễn Thị Huỳnh Đức',
    phone: '0903123456',
    email: 'duc@example.vn',
    customer_id: '00123',
    bought_make: 'Toyota',
    bought_model: 'Vios',
    bought_variant: '1.5G CVT',
    bought_year: 2020,
    bought_price_vnd: '545000000',
    last_service_at: '2026-05-02 09:30:00',
    service_visits: 4,
    title: `Vios 2020 số ${n}`,
    url: `https://xe.chotot.com/mua-ban-oto/${1000 + n}.htm`,
    source: 'chotot',
    listing_id: String(1000 + n),
    make: 'Toyota',
    model: 'Vios',
    year: 2020,
    mileage_km: 45000,
    province: 'Hồ Chí Minh',
    price_vnd: '468000000',
    market_median_price_vnd: '480000000',
    market_listing_count: 12,
    price_vs_market: -0.025,
    listed_on: '2026-12-01',
    days_listed: n,
    price_drops: 0,
    why: 'phone exact; name Nguyễn ≈ Nguyen',
    ...extra,
  });
  return {
    'export/leads_page': [
      lead(1),
      lead(2, { full_name: '=HYPERLINK("http://evil.example","click")', title: '@SUM(1+1)', days_listed: 30 }),
      lead(3, { phone: '0168123456', url: 'javascript:alert(1)' }),
    ],
    'export/review_page': [
      { row_key: '0300|xetot|x1|c1', match_probability: 0.7, full_name: 'Trần Văn Bình', phone: '0912000111', url: 'https://xetot.com/x1', title: 'Fortuner', seller_phone: '+84912000111', price_vnd: 1_050_000_000, why: 'name only' },
    ],
    'export/prospects_page': [
      { row_key: 'Toyota|Vios|chotot|2001', make: 'Toyota', model: 'Vios', year: 2019, price_vnd: '430000000', seller_name: 'Lê Thị Ánh', seller_phone: '0987654321', url: 'https://xe.chotot.com/2001.htm', title: 'Vios 2019', source: 'chotot', listing_id: '2001', listed_on: '2026-11-20', days_listed: 16 },
      { row_key: 'Toyota|Yaris|chotot|2002', make: 'Toyota', model: 'Yaris', year: 2018, price_vnd: '390000000', seller_name: '-Bán gấp', seller_phone: null, url: 'https://xe.chotot.com/2002.htm', title: 'Yaris', source: 'chotot', listing_id: '2002', listed_on: '2026-11-25', days_listed: 11 },
    ],
    'export/market_by_model_page': [
      { row_key: 'Toyota|Vios|2026-12-01', make: 'Toyota', model: 'Vios', month_start: '2026-12-01', active_listings: 120, new_listings: 40, new_listings_per_week: '9.30', market_share: '0.1850', removed_listings: 22, median_days_on_market_removed: '18.5', listings_with_price_drop: 15, price_drop_share: '0.1250' },
    ],
    'export/resale_by_age_page': [
      { row_key: 'Toyota|Vios|003', make: 'Toyota', model: 'Vios', age_years: 3, listing_count: 3, median_price_vnd: '480000000', p25_price_vnd: '450000000', p75_price_vnd: '500000000', median_mileage_km: '45000', new_price_vnd: '545000000', new_price_source: 'company_sales', new_price_sales: 12, retention: '0.8807', is_small_group: true },
    ],
    'export/price_drops_page': [
      { row_key: 'chotot|3001', make: 'Kia', model: 'Morning', year: 2017, title: 'Kia Morning', url: 'https://xe.chotot.com/3001.htm', source: 'chotot', listing_id: '3001', first_price_vnd: '250000000', price_vnd: '230000000', drop_vnd: '20000000', drop_share: '0.08', drops: 1, rises: 0, first_drop_on: '2026-11-28', days_to_first_drop: 9, last_drop_on: '2026-11-28', days_on_market: 17, listed_on: '2026-11-19' },
      { row_key: 'chotot|3002', make: 'Mazda', model: 'CX-5', year: 2021, title: 'Mazda CX-5', url: 'https://xe.chotot.com/3002.htm', source: 'chotot', listing_id: '3002', first_price_vnd: '800000000', price_vnd: '740000000', drop_vnd: '60000000', drop_share: '0.075', drops: 2, rises: 0, first_drop_on: '2026-11-22', days_to_first_drop: 5, last_drop_on: '2026-12-02', days_on_market: 20, listed_on: '2026-11-17' },
    ],
    'export/batches_page': [
      { row_key: 'b_01', batch_id: 'b_01', kind: 'customers', source_key: 'customers/2026-12-01.json', status: 'loaded', rows_in: 20000, valid_rows: 19800, rejected_rows: 120, duplicate_rows: 80, loaded_rows: 19800, error_name: null, created_at: '2026-12-01 01:00:00', updated_at: '2026-12-01 01:02:00' },
    ],
    'export/last_scrape_per_site': [
      { source: 'chotot', last_scraped_at: '2026-12-06 03:00:00', listings: 5400 },
      { source: 'xetot', last_scraped_at: '2026-12-05 22:10:00', listings: 800 },
    ],
    'export/chart_median_price_by_age': [
      { model_name: 'Toyota Vios', age_years: 1, median_price_vnd: '520000000' },
      { model_name: 'Toyota Vios', age_years: 3, median_price_vnd: '480000000' },
      { model_name: 'Kia Morning', age_years: 5, median_price_vnd: '250000000' },
    ],
    'export/chart_listings_by_province': [
      { province: 'Hồ Chí Minh', listings: '3100' },
      { province: 'Hà Nội', listings: '2500' },
      { province: 'Đà Nẵng', listings: '400' },
    ],
    'export/chart_days_on_market': [
      { model_name: 'Toyota Vios', median_days_on_market: '18.5' },
      { model_name: 'Kia Morning', median_days_on_market: '27.0' },
    ],
  };
}
