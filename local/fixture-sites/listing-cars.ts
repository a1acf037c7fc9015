import type { Listing } from '../../shared/contracts/listing';
import { matchCarModel, normalizeProvince } from '../../shared/normalize';
import { chototParamCodes } from '../../scraper-onprem/sites/chotot/chotot-codes';
import { withoutMarks } from '../sample-data/customer-generator';
import { FIXTURE_NOW_MS, MIMIC_MODELS, MIMIC_PROVINCES, type FixtureCar, type MimicModel, type MimicProvince } from './fixture-cars';

const brandCodes = chototParamCodes.carbrand as Record<string, string>;
const brandName = (code: number): string => brandCodes[String(code)] ?? 'Hãng khác';

/** A mimic model whose name the scraper's catalog reads back as this make and model; else one made for it. */
function mimicModelFor(make: string | null, model: string | null, variant: string | null, fallbackCode: number): MimicModel {
  const known = MIMIC_MODELS.find((candidate) => {
    const read = matchCarModel(candidate.name, brandName(candidate.brand));
    return read !== null && read.make === make && read.model === model;
  });
  if (known) return known;
  const brand = Number(Object.entries(brandCodes).find(([, name]) => name.toLowerCase() === make?.toLowerCase())?.[0] ?? 0);
  return { brand, model: fallbackCode, name: model ?? 'Dòng khác', variants: [variant ?? ''], newPriceMillion: 600, firstYear: 2010, cartype: 1, fuel: 1, seats: 2, weight: 0 };
}

/** A fixture-only region code (≥ 95000) per province name, the same for every car there. */
function regionCode(name: string): number {
  let hash = 0;
  for (const char of name) hash = (hash * 31 + (char.codePointAt(0) ?? 0)) % 4999;
  return 95_000 + hash;
}

/** The mimic province the scraper normalizes to this (new, 34-unit) province; else one made for it. */
function mimicProvinceFor(province: string | null): MimicProvince {
  const known = MIMIC_PROVINCES.find((candidate) => normalizeProvince(candidate.regionNameV3)?.province === province && normalizeProvince(candidate.regionName)?.province === province);
  if (known) return known;
  const name = province ?? 'Toàn quốc';
  const slug = withoutMarks(name).toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '');
  return { regionV2: regionCode(name), regionName: name, regionNameV3: name, slug, spellings: [name], areas: ['Trung tâm'], weight: 0 };
}

/** The digits a seller typed (xetot shows them in several formats); `+84…` back to `0…`. */
function phoneDigits(phone: string | null): string {
  const digits = (phone ?? '').replace(/\D/g, '');
  return digits.startsWith('84') && digits.length === 11 ? `0${digits.slice(2)}` : digits;
}

/**
 * Sample listings (local/sample-data/listing-generator.ts: customers selling their cars, dealers, lookalikes …) as
 * fixture cars, so the mimics serve them and a scrape yields listings that really match some sample customers.
 * `firstIndex` keeps their ids apart from the generated cars'. Seller, car, year, price, mileage and province are the
 * listing's; what the mimics need beyond the contract (codes, colour, area) is filled in.
 */
export function fixtureCarsFromListings(listings: readonly Listing[], firstIndex: number): FixtureCar[] {
  return listings.map((listing, offset) => {
    const index = firstIndex + offset;
    const model = mimicModelFor(listing.make, listing.model, listing.variant, 9500 + (index % 400));
    const dealer = listing.seller_type === 'dealer';
    return {
      index,
      model,
      brandName: listing.make ?? brandName(model.brand),
      variant: listing.variant ?? '',
      year: listing.year ?? 2020,
      mileageKm: listing.mileage_km ?? 50_000,
      priceVnd: listing.price_vnd,
      province: mimicProvinceFor(listing.province),
      area: listing.district ?? 'Trung tâm',
      seller: {
        accountId: 30_000_000 + index,
        name: listing.seller_name ?? 'Người bán',
        phone: phoneDigits(listing.seller_phone),
        dealer,
        // A dealer's ad is a business ad on chotot and shows a shop's ad count on xetot, as real dealers' do.
        companyAd: dealer,
        liveAds: dealer ? 12 : 1,
        soldAds: dealer ? 40 : 0,
      },
      // Inside the fixture sites' fixed world (dates count back from FIXTURE_NOW_MS).
      postedAtMs: FIXTURE_NOW_MS - (offset % 40) * 86_400_000 - (offset % 24) * 3_600_000,
      gearbox: 1,
      color: 1 + (index % 12),
      owners: 1,
    };
  });
}
