/**
 * Dealer or private seller, for a listing's `seller_type`.
 *
 * Dealer when any of:
 * - the site marks the ad as a business ad (chotot `company_ad`);
 * - the seller name carries a trade word (folded): `auto`, `ô tô`/`oto`, `salon`, `showroom`, `car`,
 *   `xe lướt`, `đại lý`, `cty`/`công ty`/`TNHH`, `garage`/`gara`, `motor(s)` — as a word or glued into a
 *   brand-like name (`HN Auto`, `Anycar`, `Oto Hà Nội`, `SaigonCar`; not `Oscar`);
 * - the seller has 5 or more live ads;
 * - the title names a shop (`showroom`, `salon`, `đại lý`, `công ty`): private sellers do not write that.
 * Otherwise private.
 */

import { foldVietnamese } from './fold';

export interface DealerSignals {
  sellerName?: string | null;
  liveAds?: number | null;
  companyAd?: boolean | null;
  title?: string | null;
}

const DEALER_MIN_LIVE_ADS = 5;
/** Whole-word trade terms, and glued brand-like forms (`hanoiauto`, `oto88`, `carmart`). */
const DEALER_NAME =
  /(?:^|[^a-z])(?:salon|showroom|garage|gara|cty|cong ty|tnhh|dai ly|xe luot|o to|motors?|car)(?:$|[^a-z])|auto|oto|[a-z](?<!os)car(?:$|[^a-z])|(?:^|[^a-z])car[a-z0-9]/;
const DEALER_TITLE = /(?:^|[^a-z])(?:salon|showroom|dai ly|cty|cong ty)(?:$|[^a-z])/;

export function looksLikeDealer(input: DealerSignals): boolean {
  if (input.companyAd === true) return true;
  const liveAds = input.liveAds;
  if (typeof liveAds === 'number' && liveAds >= DEALER_MIN_LIVE_ADS) return true;
  const name = input.sellerName;
  if (typeof name === 'string' && name.length > 0 && DEALER_NAME.test(foldVietnamese(name))) return true;
  const title = input.title;
  if (typeof title === 'string' && title.length > 0 && DEALER_TITLE.test(foldVietnamese(title))) return true;
  return false;
}
