import type { SqlName } from '../../sql';
import type { SheetColumn } from './sheet-columns';

/** A table sheet of the workbook: its name, what it means (the About sheet says it), its query and columns. */
export interface TableSheetSpec {
  name: string;
  meaning: string;
  sql: SqlName;
  columns: readonly SheetColumn[];
}

const c = (key: string, header: string, kind: SheetColumn['kind'], width: number, linkTextKey?: string): SheetColumn =>
  linkTextKey === undefined ? { key, header, kind, width } : { key, header, kind, width, linkTextKey };

export const LEADS_SHEET: TableSheetSpec = {
  name: 'Leads',
  meaning:
    'Our own customers selling their car now: a listing whose seller matched a customer in the lead band. Best match first. ' +
    'Call about a trade-in, a service or a new model as the suggested action says.',
  sql: 'export/leads_page',
  columns: [
    c('match_probability', 'Match probability', 'percent', 11),
    c('suggested_action', 'Suggested action', 'text', 18),
    c('action_reason', 'Why this action', 'text', 36),
    c('full_name', 'Customer', 'text', 26),
    c('phone', 'Phone', 'id', 13),
    c('email', 'Email', 'text', 26),
    c('customer_id', 'Customer id', 'id', 12),
    c('bought_make', 'Bought make', 'text', 12),
    c('bought_model', 'Bought model', 'text', 14),
    c('bought_variant', 'Bought variant', 'text', 18),
    c('bought_year', 'Bought year', 'integer', 9),
    c('bought_price_vnd', 'Bought price', 'vnd', 16),
    c('last_service_at', 'Last service', 'date', 12),
    c('service_visits', 'Service visits', 'integer', 9),
    c('url', 'Listing', 'link', 40, 'title'),
    c('make', 'Make', 'text', 12),
    c('model', 'Model', 'text', 14),
    c('year', 'Year', 'integer', 7),
    c('mileage_km', 'Mileage (km)', 'integer', 11),
    c('province', 'Province', 'text', 16),
    c('price_vnd', 'Asking price', 'vnd', 16),
    c('market_median_price_vnd', 'Market median (model, age)', 'vnd', 18),
    c('market_listing_count', 'Listings in median', 'integer', 10),
    c('price_vs_market', 'Asking vs market', 'percent', 10),
    c('listed_on', 'Listed on', 'date', 12),
    c('days_listed', 'Days listed', 'integer', 9),
    c('price_drops', 'Price drops', 'integer', 8),
    c('source', 'Site', 'text', 9),
    c('listing_id', 'Listing id', 'id', 14),
    c('why', 'Why matched', 'text', 60),
  ],
};

export const REVIEW_SHEET: TableSheetSpec = {
  name: 'Review',
  meaning:
    'Possible matches below the lead band: a person should confirm or reject them before anyone calls. Best match first.',
  sql: 'export/review_page',
  columns: [
    c('match_probability', 'Match probability', 'percent', 11),
    c('full_name', 'Customer', 'text', 26),
    c('phone', 'Customer phone', 'id', 13),
    c('customer_id', 'Customer id', 'id', 12),
    c('bought_make', 'Bought make', 'text', 12),
    c('bought_model', 'Bought model', 'text', 14),
    c('bought_year', 'Bought year', 'integer', 9),
    c('url', 'Listing', 'link', 40, 'title'),
    c('seller_name', 'Seller', 'text', 22),
    c('seller_phone', 'Seller phone', 'id', 13),
    c('make', 'Make', 'text', 12),
    c('model', 'Model', 'text', 14),
    c('year', 'Year', 'integer', 7),
    c('price_vnd', 'Asking price', 'vnd', 16),
    c('province', 'Province', 'text', 16),
    c('first_seen_at', 'First seen', 'date', 12),
    c('source', 'Site', 'text', 9),
    c('listing_id', 'Listing id', 'id', 14),
    c('why', 'Why matched', 'text', 60),
  ],
};

export const PROSPECTS_SHEET: TableSheetSpec = {
  name: 'Prospects',
  meaning: 'Private sellers who are not our customers, selling a make we sell: people to offer a trade-in or a new car.',
  sql: 'export/prospects_page',
  columns: [
    c('make', 'Make', 'text', 12),
    c('model', 'Model', 'text', 14),
    c('variant', 'Variant', 'text', 18),
    c('year', 'Year', 'integer', 7),
    c('mileage_km', 'Mileage (km)', 'integer', 11),
    c('price_vnd', 'Asking price', 'vnd', 16),
    c('market_median_price_vnd', 'Market median (model, age)', 'vnd', 18),
    c('market_listing_count', 'Listings in median', 'integer', 10),
    c('price_vs_market', 'Asking vs market', 'percent', 10),
    c('seller_name', 'Seller', 'text', 22),
    c('seller_phone', 'Seller phone', 'id', 13),
    c('province', 'Province', 'text', 16),
    c('district', 'District', 'text', 16),
    c('url', 'Listing', 'link', 40, 'title'),
    c('status', 'Status', 'text', 9),
    c('listed_on', 'Listed on', 'date', 12),
    c('days_listed', 'Days listed', 'integer', 9),
    c('price_drops', 'Price drops', 'integer', 8),
    c('source', 'Site', 'text', 9),
    c('listing_id', 'Listing id', 'id', 14),
  ],
};

export const MARKET_SHEET: TableSheetSpec = {
  name: 'Market by model',
  meaning:
    'Preference: per model and month, the whole country — active listings, new listings a week, share of the market, ' +
    'median days on market of listings that disappeared (a sold proxy) and the share whose price dropped. Fast sellers have few days.',
  sql: 'export/market_by_model_page',
  columns: [
    c('make', 'Make', 'text', 12),
    c('model', 'Model', 'text', 16),
    c('month_start', 'Month', 'date', 11),
    c('active_listings', 'Active listings', 'integer', 10),
    c('new_listings', 'New listings', 'integer', 10),
    c('new_listings_per_week', 'New a week', 'number', 10),
    c('market_share', 'Market share', 'percent', 10),
    c('removed_listings', 'Removed (sold proxy)', 'integer', 11),
    c('median_days_on_market_removed', 'Median days on market', 'number', 12),
    c('listings_with_price_drop', 'With a price drop', 'integer', 10),
    c('price_drop_share', 'Share with a price drop', 'percent', 11),
  ],
};

export const RESALE_SHEET: TableSheetSpec = {
  name: 'Resale by age',
  meaning:
    'Resale value: asking prices by model and age in years (median, P25, P75), median mileage, and retention = median ' +
    'asking price ÷ new price. "New price source" says where the new price comes from. Small groups are flagged, not hidden.',
  sql: 'export/resale_by_age_page',
  columns: [
    c('make', 'Make', 'text', 12),
    c('model', 'Model', 'text', 16),
    c('age_years', 'Age (years)', 'integer', 8),
    c('listing_count', 'Listings', 'integer', 9),
    c('median_price_vnd', 'Median asking price', 'vnd', 17),
    c('p25_price_vnd', 'P25', 'vnd', 16),
    c('p75_price_vnd', 'P75', 'vnd', 16),
    c('median_mileage_km', 'Median mileage (km)', 'integer', 12),
    c('new_price_vnd', 'New price', 'vnd', 16),
    c('new_price_source', 'New price source', 'text', 16),
    c('new_price_sales', 'Our sales in new price', 'integer', 10),
    c('retention', 'Retention', 'percent', 10),
    c('is_small_group', 'Small group', 'boolean', 8),
  ],
};

export const PRICE_DROPS_SHEET: TableSheetSpec = {
  name: 'Price drops',
  meaning: 'Listings whose price fell: by how much, how often, and after how many days on the market.',
  sql: 'export/price_drops_page',
  columns: [
    c('make', 'Make', 'text', 12),
    c('model', 'Model', 'text', 16),
    c('year', 'Year', 'integer', 7),
    c('url', 'Listing', 'link', 40, 'title'),
    c('province', 'Province', 'text', 16),
    c('seller_type', 'Seller type', 'text', 9),
    c('status', 'Status', 'text', 9),
    c('listed_on', 'Listed on', 'date', 12),
    c('first_price_vnd', 'First price', 'vnd', 16),
    c('price_vnd', 'Price now', 'vnd', 16),
    c('drop_vnd', 'Dropped by', 'vnd', 16),
    c('drop_share', 'Dropped by %', 'percent', 10),
    c('drops', 'Drops', 'integer', 7),
    c('rises', 'Rises', 'integer', 7),
    c('first_drop_on', 'First drop on', 'date', 12),
    c('days_to_first_drop', 'Days to first drop', 'integer', 10),
    c('last_drop_on', 'Last drop on', 'date', 12),
    c('days_on_market', 'Days on market', 'integer', 10),
    c('source', 'Site', 'text', 9),
    c('listing_id', 'Listing id', 'id', 14),
  ],
};

export const DATA_QUALITY_SHEET: TableSheetSpec = {
  name: 'Data quality',
  meaning:
    'Every ingested file (batch): rows in, valid, rejected, duplicates, loaded, and its status; above the table, when each site was last scraped.',
  sql: 'export/batches_page',
  columns: [
    c('batch_id', 'Batch', 'id', 36),
    c('kind', 'Kind', 'text', 10),
    c('source_key', 'Source object', 'text', 50),
    c('status', 'Status', 'text', 9),
    c('rows_in', 'Rows in', 'integer', 11),
    c('valid_rows', 'Valid', 'integer', 11),
    c('rejected_rows', 'Rejected', 'integer', 10),
    c('duplicate_rows', 'Duplicates', 'integer', 10),
    c('loaded_rows', 'Loaded', 'integer', 11),
    c('error_name', 'Error', 'text', 22),
    c('created_at', 'Started (UTC)', 'datetime', 17),
    c('updated_at', 'Updated (UTC)', 'datetime', 17),
  ],
};

/** The table sheets, in workbook order (About and Charts come after them). */
export const TABLE_SHEETS: readonly TableSheetSpec[] = [
  LEADS_SHEET,
  REVIEW_SHEET,
  PROSPECTS_SHEET,
  MARKET_SHEET,
  RESALE_SHEET,
  PRICE_DROPS_SHEET,
  DATA_QUALITY_SHEET,
];
