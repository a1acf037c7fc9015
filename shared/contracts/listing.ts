import { z } from 'zod';

/** One marketplace listing, one JSON object per line of the scraper's NDJSON output. */
export const ListingSchema = z.object({
  source: z.enum(['chotot', 'xetot']),
  listing_id: z.string().min(1).max(64),
  url: z.url(),
  title: z.string().max(500),
  make: z.string().nullable(),
  model: z.string().nullable(),
  variant: z.string().nullable(),
  year: z.number().int().min(1950).max(2100).nullable(),
  mileage_km: z.number().int().min(0).max(5_000_000).nullable(),
  price_vnd: z.number().int().min(0).nullable(),
  price_text: z.string().nullable(),
  negotiable: z.boolean(),
  seller_name: z.string().nullable(),
  seller_phone: z.string().nullable(),
  seller_type: z.enum(['private', 'dealer']),
  province: z.string().nullable(),
  district: z.string().nullable(),
  posted_at: z.iso.datetime({ offset: true }).nullable(),
  scraped_at: z.iso.datetime({ offset: true }),
});
export type Listing = z.infer<typeof ListingSchema>;

/** One clean listing row: the contract plus the batch and the raw record's hash. Grain: one row per (source, listing_id) per batch. */
export type ListingRow = Listing & { batch_id: string; record_hash: string } & ListingSellerNameFeatures;

/**
 * Matching features of the seller's account name, computed once in clean (shared/normalize), null when the name holds
 * no person-like words (a shop name still parses: matching weighs it by term frequency).
 */
export interface ListingSellerNameFeatures {
  seller_name_folded: string | null;
  seller_family_name_folded: string | null;
  seller_middle_name_folded: string | null;
  seller_given_name_folded: string | null;
  seller_name_key: string | null;
}

/** Column order of processed listing CSVs and of staging.stg_listings. */
export const LISTING_ROW_COLUMNS = [
  'batch_id', 'source', 'listing_id', 'url', 'title', 'make', 'model', 'variant', 'year', 'mileage_km', 'price_vnd',
  'price_text', 'negotiable', 'seller_name', 'seller_phone', 'seller_type', 'province', 'district', 'posted_at',
  'scraped_at', 'record_hash', 'seller_name_folded', 'seller_family_name_folded', 'seller_middle_name_folded',
  'seller_given_name_folded', 'seller_name_key',
] as const;

/** Types of the non-text listing columns in the warehouse: clean nulls a value outside them (year 99999, price 1e30). */
export const LISTING_ROW_TYPES = {
  year: 'int4', mileage_km: 'int4', price_vnd: 'int8', negotiable: 'boolean', posted_at: 'timestamptz', scraped_at: 'timestamptz',
} as const satisfies Partial<Record<(typeof LISTING_ROW_COLUMNS)[number], 'int4' | 'int8' | 'boolean' | 'timestamptz'>>;

/** NOT NULL columns of staging.stg_listings. */
export const LISTING_ROW_REQUIRED: readonly (typeof LISTING_ROW_COLUMNS)[number][] = ['batch_id', 'source', 'listing_id', 'scraped_at', 'record_hash'];

/** Widths of the listing text columns in the warehouse, in UTF-8 bytes (see CUSTOMER_VEHICLE_MAX_BYTES). */
export const LISTING_ROW_MAX_BYTES: Readonly<Partial<Record<(typeof LISTING_ROW_COLUMNS)[number], number>>> = {
  source: 16, listing_id: 64, url: 2048, title: 2000, make: 64, model: 128, variant: 256, price_text: 256,
  seller_name: 512, seller_phone: 32, seller_type: 16, province: 128, district: 128, record_hash: 64,
  seller_name_folded: 256, seller_family_name_folded: 128, seller_middle_name_folded: 256, seller_given_name_folded: 128,
  seller_name_key: 256,
};
