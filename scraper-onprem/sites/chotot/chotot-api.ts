import { z } from 'zod';

const intLike = z.union([z.number(), z.string().regex(/^\d+$/).transform(Number)]);

/**
 * The fields of one chotot ad the scraper reads. The gateway sends many more; they are ignored, and every field
 * here but the id is optional because real ads omit them (no `price` on "Giá thỏa thuận" ads, no `mileage_v2` on
 * some old ones).
 */
export const ChototAdSchema = z.looseObject({
  list_id: intLike,
  ad_id: intLike.optional(),
  subject: z.string().optional(),
  list_time: z.number().optional(),
  price: z.number().nullable().optional(),
  price_string: z.string().nullable().optional(),
  mfdate: intLike.nullable().optional(),
  mileage_v2: z.union([z.number(), z.string()]).nullable().optional(),
  carbrand: intLike.nullable().optional(),
  carbrand_name: z.string().nullable().optional(),
  carmodel: intLike.nullable().optional(),
  carmodel_name: z.string().nullable().optional(),
  region_v2: intLike.nullable().optional(),
  region_name: z.string().nullable().optional(),
  region_name_v3: z.string().nullable().optional(),
  area_name: z.string().nullable().optional(),
  company_ad: z.union([z.boolean(), z.number()]).nullable().optional(),
  account_name: z.string().nullable().optional(),
  full_name: z.string().nullable().optional(),
  seller_info: z
    .looseObject({
      full_name: z.string().nullable().optional(),
      live_ads: z.number().nullable().optional(),
    })
    .nullable()
    .optional(),
});
export type ChototAd = z.infer<typeof ChototAdSchema>;

/** GET /v1/public/ad-listing: `{ ads: [...], total }`. Ads are checked one by one, so one odd ad spoils nothing. */
export const ChototListingPageSchema = z.looseObject({
  ads: z.array(z.unknown()),
  total: z.number().int().min(0),
});
export type ChototListingPage = z.infer<typeof ChototListingPageSchema>;

/** GET /v1/public/ad-listing/<list_id>: `{ ad: {...}, ad_params, parameters }`. */
export const ChototDetailSchema = z.looseObject({
  ad: z.unknown(),
});
