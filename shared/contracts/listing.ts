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
export type ListingRow = Listing & { batch_id: string; record_hash: string };

/** Column order of processed listing CSVs and of staging.stg_listings. */
export const LISTING_ROW_COLUMNS = [
  'batch_id', 'source', 'listing_id', 'url', 'title', 'make', 'model', 'variant', 'year', 'mileage_km', 'price_vnd',
  'price_text', 'negotiable', 'seller_name', 'seller_phone', 'seller_type', 'province', 'district', 'posted_at',
  'scraped_at', 'record_hash',
] as const;
