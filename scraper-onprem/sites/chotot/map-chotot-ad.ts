import type { Listing } from '../../../shared/contracts/listing';
import { looksLikeDealer, matchCarModel, normalizeProvince, parseMileageKm, parseVnd } from '../../../shared/normalize';
import type { ChototAd } from './chotot-api';
import { CHOTOT_MFDATE_BEFORE_1980, CHOTOT_OTHER_NAMES } from './chotot-codes';

export interface ChototMapOptions {
  scrapedAt: string;
  /** Public web address of ads, e.g. https://xe.chotot.com: the gateway URL is not what a person opens. */
  publicUrlBase: string;
}

function text(value: string | null | undefined): string | null {
  const trimmed = value?.replace(/\s+/g, ' ').trim();
  return trimmed ? trimmed : null;
}

function named(value: string | null | undefined): string | null {
  const name = text(value);
  return name && !CHOTOT_OTHER_NAMES.has(name) ? name : null;
}

function year(mfdate: number | null | undefined): number | null {
  if (typeof mfdate !== 'number' || !Number.isInteger(mfdate)) return null;
  if (mfdate === CHOTOT_MFDATE_BEFORE_1980 || mfdate < 1950 || mfdate > 2100) return null;
  return mfdate;
}

function mileage(value: number | string | null | undefined): number | null {
  if (typeof value === 'number') return Number.isFinite(value) && value >= 0 && value <= 5_000_000 ? Math.round(value) : null;
  return parseMileageKm(value);
}

function postedAt(listTime: number | undefined): string | null {
  if (typeof listTime !== 'number' || !Number.isFinite(listTime) || listTime <= 0) return null;
  // list_time is epoch milliseconds; tolerate seconds, which some older endpoints used.
  const ms = listTime < 1e12 ? listTime * 1000 : listTime;
  return new Date(ms).toISOString();
}

/**
 * One chotot ad → one listing. chotot ads carry no phone. `price` is whole VND; without it, `price_string` says
 * why ("Giá thỏa thuận" = negotiable). `company_ad` is chotot's own "Bán chuyên" (professional) flag; sellers
 * without it can still be dealers (shop names, many live ads).
 */
export function mapChototAd(ad: ChototAd, options: ChototMapOptions): Listing {
  const listingId = String(ad.list_id);
  const title = text(ad.subject) ?? '';
  const brand = named(ad.carbrand_name);
  const modelName = named(ad.carmodel_name);
  const fromTitle = title ? matchCarModel(title, brand ?? undefined) : null;
  const fromModel = modelName ? matchCarModel(modelName, brand ?? undefined) : null;
  const catalog = fromModel && fromTitle && fromTitle.model === fromModel.model ? fromTitle : (fromModel ?? fromTitle);

  const priceText = text(ad.price_string);
  const parsedPrice = priceText ? parseVnd(priceText) : null;
  const priceVnd = typeof ad.price === 'number' && ad.price > 0 ? Math.round(ad.price) : (parsedPrice?.vnd ?? null);
  const negotiable = priceVnd === null && parsedPrice?.negotiable === true;

  const sellerName = text(ad.seller_info?.full_name) ?? text(ad.account_name) ?? text(ad.full_name);
  const companyAd = ad.company_ad === true || ad.company_ad === 1;
  const dealer = companyAd || looksLikeDealer({ sellerName, liveAds: ad.seller_info?.live_ads ?? null, companyAd, title });

  const regionText = text(ad.region_name_v3) ?? text(ad.region_name);
  const province = normalizeProvince(ad.region_name_v3) ?? normalizeProvince(ad.region_name);

  return {
    source: 'chotot',
    listing_id: listingId,
    url: `${options.publicUrlBase.replace(/\/+$/, '')}/mua-ban-oto/${listingId}.htm`,
    title: title.slice(0, 500),
    make: catalog?.make ?? brand,
    model: catalog?.model ?? modelName,
    variant: catalog?.variant ?? null,
    year: year(typeof ad.mfdate === 'number' ? ad.mfdate : null),
    mileage_km: mileage(ad.mileage_v2),
    price_vnd: priceVnd,
    price_text: priceText,
    negotiable,
    seller_name: sellerName,
    seller_phone: null,
    seller_type: dealer ? 'dealer' : 'private',
    province: province?.province ?? regionText,
    district: text(ad.area_name),
    posted_at: postedAt(ad.list_time),
    scraped_at: options.scrapedAt,
  };
}
