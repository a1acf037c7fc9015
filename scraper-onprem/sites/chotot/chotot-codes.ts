import paramCodes from './chotot-param-codes.json';

/**
 * chotot's code tables for category 2010 (cars), a captured subset of gateway.chotot.com
 * /v1/public/trans/params?category=2010 (see the `_source` field of the JSON).
 */
export const chototParamCodes = paramCodes;

export const CHOTOT_CAR_CATEGORY = 2010;

/** carbrand code → name. "Hãng khác" (24) is the catch-all. */
export const CHOTOT_BRANDS: ReadonlyMap<number, string> = new Map(
  Object.entries(paramCodes.carbrand).map(([code, name]) => [Number(code), name]),
);

/**
 * region_v2 codes seen in captured gateway data. The table is not complete: the scraper adds every region_v2 it
 * meets on listing pages before splitting a query by region, and reports what it could not reach.
 */
export const CHOTOT_KNOWN_REGIONS: ReadonlyMap<number, string> = new Map(
  Object.entries(paramCodes.region_v2_sample).map(([code, name]) => [Number(code), name]),
);

/** mfdate 1980 stands for "before 1980", not a year. */
export const CHOTOT_MFDATE_BEFORE_1980 = 1980;

/** Names chotot uses for "other" in its brand and model tables: not a make or model. */
export const CHOTOT_OTHER_NAMES: ReadonlySet<string> = new Set(['Hãng khác', 'Dòng khác']);
