import { LISTING_ROW_COLUMNS, LISTING_ROW_MAX_BYTES, ListingSchema, type ListingRow } from '../../contracts/listing';
import { normalizePhone, parsePersonName, personNameKey } from '../../normalize';
import { rowFromCsvLine, type CsvColumnTypes } from './csv-line';
import type { CsvValue, ProfileResult, RecordContext, RecordProfile } from './record-profile';

const LISTING_COLUMN_TYPES: CsvColumnTypes = {
  year: 'number',
  mileage_km: 'number',
  price_vnd: 'number',
  negotiable: 'boolean',
} satisfies Partial<Record<keyof ListingRow, 'number' | 'boolean'>>;

/**
 * Scraper listings → one row per (source, listing_id). The scraper already normalized them; clean re-checks the
 * contract (a different scraper version may have written the file) and the seller phone, and keeps the latest
 * scrape of an ad seen on several pages.
 */
export const listingProfile: RecordProfile<ListingRow> = {
  kind: 'listings',
  columns: LISTING_ROW_COLUMNS,
  maxBytes: LISTING_ROW_MAX_BYTES,

  toRow(record: Record<string, unknown>, context: RecordContext): ProfileResult<ListingRow> {
    const parsed = ListingSchema.safeParse(record);
    if (!parsed.success) {
      const fields = new Set(parsed.error.issues.map((issue) => String(issue.path[0] ?? 'record')));
      return { ok: false, reasons: [...fields].map((field) => `field_invalid:${field}`) };
    }
    const listing = parsed.data;
    const warnings: string[] = [];
    let sellerPhone: string | null = null;
    if (listing.seller_phone !== null) {
      const phone = normalizePhone(listing.seller_phone);
      if (phone.ok) sellerPhone = phone.phone;
      else warnings.push('seller_phone_invalid');
    }
    const sellerName = parsePersonName(listing.seller_name);
    const row: ListingRow = {
      ...listing,
      seller_phone: sellerPhone,
      batch_id: context.batchId,
      record_hash: context.recordHash,
      seller_name_folded: sellerName?.folded ?? null,
      seller_family_name_folded: sellerName ? sellerName.familyFolded || null : null,
      seller_middle_name_folded: sellerName ? sellerName.middleFolded || null : null,
      seller_given_name_folded: sellerName?.givenFolded ?? null,
      seller_name_key: sellerName ? personNameKey(sellerName) : null,
    };
    return { ok: true, row, groupKey: `${listing.source}:${listing.listing_id}`, warnings };
  },

  merge(kept: ListingRow, incoming: ListingRow): ListingRow {
    // Offsets may differ between scrapers: compare instants, not strings.
    const latest = Date.parse(incoming.scraped_at) > Date.parse(kept.scraped_at) ? incoming : kept;
    return { ...latest, record_hash: kept.record_hash };
  },

  csvValues(row: ListingRow): readonly CsvValue[] {
    return LISTING_ROW_COLUMNS.map((column) => row[column]);
  },

  fromCsvLine(line: string): ListingRow {
    return rowFromCsvLine<ListingRow>(line, LISTING_ROW_COLUMNS, LISTING_COLUMN_TYPES);
  },
};
