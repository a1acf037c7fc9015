import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ListingSchema } from '../../shared/contracts/listing';
import { ChototAdSchema, ChototListingPageSchema } from '../../scraper-onprem/sites/chotot/chotot-api';
import { mapChototAd } from '../../scraper-onprem/sites/chotot/map-chotot-ad';

// Real gateway JSON (pseudonymised), copied from shared/fixtures/chotot.
const page = JSON.parse(readFileSync(join(__dirname, 'fixtures', 'chotot', 'chotot_ad_listing_cars_excerpt.json'), 'utf8')) as unknown;
const options = { scrapedAt: '2026-10-02T01:00:00.000Z', publicUrlBase: 'https://xe.chotot.com' };

function realAds(): Record<string, unknown>[] {
  return ChototListingPageSchema.parse(page).ads as Record<string, unknown>[];
}

function mapped(raw: Record<string, unknown>) {
  return mapChototAd(ChototAdSchema.parse(raw), options);
}

describe('chotot ad mapping on real gateway JSON', () => {
  it('maps every ad of the real listing answer to a valid listing', () => {
    // Prepare
    const ads = realAds();
    // Act
    const listings = ads.map(mapped);
    // Assess
    expect(listings).toHaveLength(2);
    for (const listing of listings) expect(ListingSchema.safeParse(listing).success).toBe(true);
  });

  it('reads list_id, price, mfdate, mileage_v2, list_time and the new province name', () => {
    // Prepare
    const [first] = realAds();
    // Act
    const listing = mapped(first ?? {});
    // Assess
    expect(listing).toMatchObject({
      source: 'chotot',
      listing_id: '134599448',
      url: 'https://xe.chotot.com/mua-ban-oto/134599448.htm',
      make: 'VinFast',
      model: 'VF8',
      year: 2024,
      mileage_km: 42000,
      price_vnd: 800_000_000,
      price_text: '800.000.000 đ',
      negotiable: false,
      province: 'Hà Nội',
      district: 'Quận Long Biên',
      posted_at: new Date(1789115863530).toISOString(),
      scraped_at: options.scrapedAt,
    });
  });

  it('uses mileage_v2 in km, not the old mileage bucket code', () => {
    // Prepare
    const [first] = realAds();
    // Act
    const listing = mapped({ ...first, mileage: 9, mileage_v2: 42000 });
    // Assess
    expect(listing.mileage_km).toBe(42000);
  });

  it('leaves the phone empty, as chotot ads carry none', () => {
    // Prepare, Act
    const listings = realAds().map(mapped);
    // Assess
    expect(listings.map((listing) => listing.seller_phone)).toEqual([null, null]);
  });

  it('treats company_ad as a dealer', () => {
    // Prepare
    const [, second] = realAds();
    // Act
    const listing = mapped({ ...second, company_ad: true, seller_info: { full_name: 'Trần Thị B', live_ads: 1 } });
    // Assess
    expect(listing.seller_type).toBe('dealer');
  });

  it('treats a seller without company_ad as private unless name or live ads say otherwise', () => {
    // Prepare
    const [, second] = realAds();
    const base = { ...second, company_ad: false };
    // Act
    const privateSeller = mapped({ ...base, seller_info: { full_name: 'Trần Thị B', live_ads: 1 } });
    const busySeller = mapped({ ...base, seller_info: { full_name: 'Trần Thị B', live_ads: 14 } });
    const shop = mapped({ ...base, seller_info: { full_name: 'Salon Ô tô Minh Phát', live_ads: 1 } });
    // Assess
    expect([privateSeller.seller_type, busySeller.seller_type, shop.seller_type]).toEqual(['private', 'dealer', 'dealer']);
  });

  it('marks an ad without price and with "Giá thỏa thuận" as negotiable', () => {
    // Prepare
    const [first] = realAds();
    const { price: _price, ...withoutPrice } = first ?? {};
    // Act
    const listing = mapped({ ...withoutPrice, price_string: 'Giá thỏa thuận' });
    // Assess
    expect(listing).toMatchObject({ price_vnd: null, price_text: 'Giá thỏa thuận', negotiable: true });
  });

  it('does not take mfdate 1980 ("before 1980") as a year', () => {
    // Prepare
    const [first] = realAds();
    // Act
    const listing = mapped({ ...first, mfdate: 1980 });
    // Assess
    expect(listing.year).toBeNull();
  });

  it('keeps chotot\'s "Hãng khác" out of make', () => {
    // Prepare
    const [first] = realAds();
    // Act
    const listing = mapped({ ...first, carbrand: 24, carbrand_name: 'Hãng khác', carmodel_name: 'Dòng khác', subject: 'Xe cũ giá rẻ' });
    // Assess
    expect([listing.make, listing.model]).toEqual([null, null]);
  });

  it('maps an old region name to its merged province', () => {
    // Prepare
    const [first] = realAds();
    // Act
    const listing = mapped({ ...first, region_name: 'Bình Dương', region_name_v3: null });
    // Assess
    expect(listing.province).toBe('Hồ Chí Minh');
  });
});
