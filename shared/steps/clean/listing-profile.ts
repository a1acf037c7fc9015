import {
  LISTING_ROW_COLUMNS,
  LISTING_ROW_MAX_BYTES,
  LISTING_ROW_REQUIRED,
  LISTING_ROW_TYPES,
  ListingSchema,
  type Listing,
  type ListingRow,
} from '../../contracts/listing';
import { normalizePhone, parsePersonName, personNameKey } from '../../normalize';
import { rowFromCsvLine, type CsvColumnTypes } from './csv-line';
import type { CsvValue, MergeResult, ProfileResult, RecordContext, RecordProfile } from './record-profile';

const LISTING_COLUMN_TYPES: CsvColumnTypes = {
  year: 'number',
  mileage_km: 'number',
  price_vnd: 'number',
  negotiable: 'boolean',
} satisfies Partial<Record<keyof ListingRow, 'number' | 'boolean'>>;

/** Fields an ad can lack: a value the contract refuses there (year 99999, a negative price) is dropped, not the ad. */
const OPTIONAL_FIELDS: ReadonlySet<string> = new Set<keyof Listing>([
  'make', 'model', 'variant', 'year', 'mileage_km', 'price_vnd', 'price_text', 'seller_name', 'seller_phone', 'province',
  'district', 'posted_at',
]);
const TITLE_MAX_CHARS = ListingSchema.shape.title.maxLength ?? 500;

/** The first `max` UTF-16 units of `value`, without leaving half a surrogate pair at the end. */
function cutChars(value: string, max: number): string {
  const cut = value.slice(0, max);
  const last = cut.charCodeAt(cut.length - 1);
  return last >= 0xd800 && last <= 0xdbff ? cut.slice(0, -1) : cut;
}

/**
 * The record with what the contract refuses repaired where the ad can do without it: an optional field nulled, an
 * over-long title cut, a non-boolean `negotiable` read as false. A non-scalar anywhere, or a refused source,
 * listing_id, url, scraped_at or seller_type, cannot be repaired: those are the reject reasons.
 */
function repairListing(record: Record<string, unknown>, fields: readonly string[]): { record: Record<string, unknown>; warnings: string[]; reasons: string[] } {
  const repaired = { ...record };
  const warnings: string[] = [];
  const reasons: string[] = [];
  for (const field of fields) {
    const value = record[field];
    if (value !== null && typeof value === 'object') reasons.push(`field_type:${field}`);
    else if (OPTIONAL_FIELDS.has(field)) {
      repaired[field] = null;
      warnings.push(`field_nulled:${field}`);
    } else if (field === 'title' && typeof value === 'string') {
      repaired.title = cutChars(value, TITLE_MAX_CHARS);
      warnings.push('truncated:title');
    } else if (field === 'negotiable' && value !== undefined) {
      repaired.negotiable = value === 'true' || value === 1;
      warnings.push('field_nulled:negotiable');
    } else reasons.push(`field_invalid:${field}`);
  }
  return { record: repaired, warnings, reasons };
}

function issueFields(issues: readonly { path: readonly PropertyKey[] }[]): string[] {
  return [...new Set(issues.map((issue) => String(issue.path[0] ?? 'record')))];
}

/**
 * Scraper listings → one row per (source, listing_id). The scraper already normalized them; clean re-checks the
 * contract (a different scraper version may have written the file) and the seller phone, and keeps the latest
 * scrape of an ad seen on several pages.
 */
export const listingProfile: RecordProfile<ListingRow> = {
  kind: 'listings',
  columns: LISTING_ROW_COLUMNS,
  fields: Object.keys(ListingSchema.shape),
  maxBytes: LISTING_ROW_MAX_BYTES,
  tooLong: { url: 'reject', seller_phone: 'null' },
  columnTypes: LISTING_ROW_TYPES,
  requiredColumns: LISTING_ROW_REQUIRED,

  toRow(record: Record<string, unknown>, context: RecordContext): ProfileResult<ListingRow> {
    const warnings: string[] = [];
    let parsed = ListingSchema.safeParse(record);
    if (!parsed.success) {
      const repair = repairListing(record, issueFields(parsed.error.issues));
      if (repair.reasons.length > 0) return { ok: false, reasons: repair.reasons, warnings: repair.warnings };
      warnings.push(...repair.warnings);
      parsed = ListingSchema.safeParse(repair.record);
      if (!parsed.success) return { ok: false, reasons: issueFields(parsed.error.issues).map((field) => `field_invalid:${field}`), warnings };
    }
    const listing = parsed.data;
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

  merge(kept: ListingRow, incoming: ListingRow): MergeResult<ListingRow> {
    // Offsets may differ between scrapers: compare instants, not strings.
    const latest = Date.parse(incoming.scraped_at) > Date.parse(kept.scraped_at) ? incoming : kept;
    return { row: { ...latest, record_hash: kept.record_hash }, setAside: [] };
  },

  csvValues(row: ListingRow): readonly CsvValue[] {
    return LISTING_ROW_COLUMNS.map((column) => row[column]);
  },

  fromCsvLine(line: string): ListingRow {
    return rowFromCsvLine<ListingRow>(line, LISTING_ROW_COLUMNS, LISTING_COLUMN_TYPES);
  },
};
