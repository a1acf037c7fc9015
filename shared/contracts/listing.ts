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
