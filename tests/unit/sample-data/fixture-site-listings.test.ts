import { startFixtureSites, type FixtureSites } from '../../../local/fixture-sites';
import type { FixtureCar } from '../../../local/fixture-sites/fixture-cars';
import { xetotDetailPath } from '../../../local/fixture-sites/xetot-html-mimic';
import { generateListingSample } from '../../../local/sample-data/listing-generator';
import type { Listing } from '../../../shared/contracts/listing';
import { normalizePhone } from '../../../shared/normalize';
import { ChototAdSchema, ChototListingPageSchema, type ChototAd } from '../../../scraper-onprem/sites/chotot/chotot-api';
import { mapChototAd } from '../../../scraper-onprem/sites/chotot/map-chotot-ad';

// Sample customers' listings served by the fixture sites must come back from a scrape as the same listings (seller,
// car, year, province, dealer or not), or the demo's matches would not be the sample's.
const sample = generateListingSample({ customers: 2000, listings: 160 }).map((item) => item.listing);
let sites: FixtureSites;

beforeAll(async () => {
  sites = await startFixtureSites({ seed: 1, chototListings: 40, xetotListings: 10, listings: sample });
});
afterAll(async () => {
  await sites.stop();
});

const essentials = (listing: Listing): string =>
  JSON.stringify([listing.seller_name, listing.seller_type, listing.make, listing.model, listing.year, listing.province, listing.price_vnd, listing.mileage_km]);

describe('fixture sites serving sample listings', () => {
  it('serves every sample chotot listing among its ads, read back by the chotot mapping as the same listing', async () => {
    const ads: ChototAd[] = [];
    for (let offset = 0; ; offset += 100) {
      const response = await fetch(`${sites.chototBaseUrl}/v1/public/ad-listing?cg=2010&limit=100&o=${offset}`);
      const page = ChototListingPageSchema.parse(await response.json());
      ads.push(...page.ads.map((ad) => ChototAdSchema.parse(ad)));
      if (page.ads.length < 100) break;
    }
    const chototSample = sample.filter((listing) => listing.source === 'chotot');
    expect(ads).toHaveLength(40 + chototSample.length);
    const scraped = ads
      .map((ad) => mapChototAd(ad, { scrapedAt: new Date().toISOString(), publicUrlBase: 'https://xe.chotot.com' }))
      .map(essentials);
    for (const listing of chototSample) expect(scraped).toContain(essentials(listing));
  });

  it('shows each sample xetot seller with their name and phone on a detail page', async () => {
    const served = sites.data.xetotCars.filter((car) => car.index >= 10);
    const xetotSample = sample.filter((listing) => listing.source === 'xetot');
    expect(served).toHaveLength(xetotSample.length);
    const privateSellers = xetotSample.filter((listing) => listing.seller_type === 'private' && listing.seller_phone);
    expect(privateSellers.length).toBeGreaterThan(10);
    for (const listing of privateSellers.slice(0, 10)) {
      const car = served.find((candidate) => candidate.seller.name === listing.seller_name && candidate.year === listing.year && candidate.priceVnd === listing.price_vnd);
      expect(car).toBeDefined();
      const html = await (await fetch(`${sites.xetotBaseUrl}${xetotDetailPath(car as FixtureCar, 2)}`)).text();
      expect(html).toContain(`<span class="seller__name">${listing.seller_name ?? ''}</span>`);
      const shown = normalizePhone(html.match(/data-phone="([^"]*)"/)?.[1]);
      const phone = normalizePhone(listing.seller_phone);
      expect(shown.ok && phone.ok && shown.phone === phone.phone).toBe(true);
    }
  });
});
