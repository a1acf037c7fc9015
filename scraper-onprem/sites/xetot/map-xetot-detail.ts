import type { Listing } from '../../../shared/contracts/listing';
import {
  looksLikeDealer,
  matchCarModel,
  normalizePhone,
  normalizeProvince,
  parseMileageKm,
  parseVnd,
} from '../../../shared/normalize';
import type { XetotDetailExtract } from './xetot-extract';

function integerIn(text: string | null, min: number, max: number): number | null {
  const match = text?.match(/\d{1,7}/);
  if (!match) return null;
  const value = Number(match[0]);
  return value >= min && value <= max ? value : null;
}

function listingIdOf(extract: XetotDetailExtract, url: string): string | null {
  if (extract.listingId) return extract.listingId;
  // Fallback: detail URLs end in "-id<digits>" (or ".html"), e.g. /mua-ban-oto/toyota-vios-2019-id123.html.
  return new URL(url).pathname.match(/id(\d+)(?:\.html)?$/)?.[1] ?? null;
}

function postedAt(text: string | null): string | null {
  if (!text) return null;
  const at = Date.parse(text);
  return Number.isNaN(at) ? null : new Date(at).toISOString();
}

/**
 * One xetot detail page (as read by xetotDetailScript) → one listing. Prices and mileages are free text
 * ("1 tỷ 200 triệu", "850tr", "5 vạn km"); the seller's phone sits in a `data-phone` attribute. Dealers are told
 * from shop names and their number of live ads. Returns null when the page has no usable listing id.
 */
export function mapXetotDetail(extract: XetotDetailExtract, url: string, scrapedAt: string): Listing | null {
  const listingId = listingIdOf(extract, url);
  if (!listingId) return null;
  const title = extract.title ?? '';
  const modelText = [extract.model, title].filter((part): part is string => Boolean(part));
  let catalog = null;
  for (const candidate of modelText) {
    catalog = matchCarModel(candidate, extract.make ?? undefined);
    if (catalog) break;
  }
  const price = parseVnd(extract.price);
  let phone: string | null = null;
  for (const raw of extract.phones) {
    const normalized = normalizePhone(raw);
    if (normalized.ok) {
      phone = normalized.phone;
      break;
    }
  }
  const liveAds = integerIn(extract.sellerAds, 0, 1_000_000);
  const dealer = looksLikeDealer({ sellerName: extract.sellerName, liveAds, companyAd: null, title });
  const province = normalizeProvince(extract.province);
  return {
    source: 'xetot',
    listing_id: listingId,
    url,
    title: title.slice(0, 500),
    make: catalog?.make ?? extract.make,
    model: catalog?.model ?? extract.model,
    variant: catalog?.variant ?? null,
    year: integerIn(extract.year, 1950, 2100),
    mileage_km: parseMileageKm(extract.mileage),
    price_vnd: price?.vnd ?? null,
    price_text: extract.price,
    negotiable: price?.negotiable ?? false,
    seller_name: extract.sellerName,
    seller_phone: phone,
    seller_type: dealer ? 'dealer' : 'private',
    province: province?.province ?? extract.province,
    district: extract.district,
    posted_at: postedAt(extract.posted),
    scraped_at: scrapedAt,
  };
}
