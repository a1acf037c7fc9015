import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { startFixtureSites, type FixtureSites } from '../../local/fixture-sites';

const realAd = (JSON.parse(readFileSync(join(__dirname, 'fixtures', 'chotot', 'chotot_ad_listing_cars_excerpt.json'), 'utf8')) as { ads: Record<string, unknown>[] }).ads[0] ?? {};

function kind(value: unknown): string {
  return Array.isArray(value) ? 'array' : value === null ? 'null' : typeof value;
}

describe('fixture sites', () => {
  let sites: FixtureSites;
  beforeAll(async () => {
    sites = await startFixtureSites({ seed: 2, chototListings: 120, xetotListings: 30, chototDepthCap: 100 });
  });
  afterAll(async () => {
    await sites.stop();
  });

  it('serves chotot ads with the real gateway fields and types', async () => {
    // Act
    const page = (await (await fetch(`${sites.chototBaseUrl}/v1/public/ad-listing?cg=2010&limit=10&o=0`)).json()) as { ads: Record<string, unknown>[]; total: number };
    // Assess
    expect(page.total).toBe(120);
    expect(page.ads).toHaveLength(10);
    const ad = page.ads[0] ?? {};
    // Optional in the real data too: price (negotiable ads), thumbnails, some counters.
    const optional = new Set(['price', 'image_thumbnails', 'thumbnail_image', 'webp_image', 'sold_ads']);
    for (const [field, value] of Object.entries(realAd)) {
      if (optional.has(field)) continue;
      expect([field, kind(ad[field])]).toEqual([field, kind(value)]);
    }
    expect(ad).not.toHaveProperty('phone');
  });

  it('filters by region and brand, answers 400 past the depth cap and 404 for an unknown ad', async () => {
    // Act
    const filtered = (await (await fetch(`${sites.chototBaseUrl}/v1/public/ad-listing?cg=2010&limit=50&o=0&region_v2=13000&carbrand=2`)).json()) as { ads: Array<{ region_v2: number; carbrand: number }>; total: number };
    const tooDeep = await fetch(`${sites.chototBaseUrl}/v1/public/ad-listing?cg=2010&limit=50&o=60`);
    const missing = await fetch(`${sites.chototBaseUrl}/v1/public/ad-listing/1`);
    // Assess
    expect(filtered.ads.every((ad) => ad.region_v2 === 13000 && ad.carbrand === 2)).toBe(true);
    expect(filtered.total).toBe(sites.data.chototAds.filter((ad) => ad.region_v2 === 13000 && ad.carbrand === 2).length);
    expect(tooDeep.status).toBe(400);
    expect(missing.status).toBe(404);
  });

  it('serves xetot listing pages with [data-phone] detail pages and robots.txt on both sites', async () => {
    // Act
    const list = await (await fetch(`${sites.xetotBaseUrl}/toan-quoc/mua-ban-oto?page=1`)).text();
    const href = /class="listing-card__link" href="([^"]+)"/.exec(list)?.[1] ?? '';
    const detail = await (await fetch(`${sites.xetotBaseUrl}${href}`)).text();
    const robots = await Promise.all([sites.chototBaseUrl, sites.xetotBaseUrl].map(async (base) => (await fetch(`${base}/robots.txt`)).text()));
    // Assess
    expect(list).toContain('rel="next"');
    expect(detail).toMatch(/data-phone="[^"]+"/);
    expect(robots.every((text) => text.startsWith('User-agent: *'))).toBe(true);
  });

  it('injects 429 with Retry-After, 503 bursts and changed markup on demand', async () => {
    // Prepare
    sites.faults.set('xetot', { rateLimitNext: 1, retryAfterSeconds: 7, unavailableNext: 2, changedListMarkup: true });
    // Act
    const statuses: number[] = [];
    let retryAfter: string | null = null;
    for (let i = 0; i < 4; i += 1) {
      const response = await fetch(`${sites.xetotBaseUrl}/toan-quoc/mua-ban-oto?page=1`);
      statuses.push(response.status);
      retryAfter ??= response.headers.get('retry-after');
      if (i === 3) expect(await response.text()).toContain('id="results"');
      else await response.arrayBuffer();
    }
    sites.faults.reset();
    // Assess
    expect(statuses).toEqual([429, 503, 503, 200]);
    expect(retryAfter).toBe('7');
  });

  it('generates the same sites from the same seed', async () => {
    // Prepare
    const again = await startFixtureSites({ seed: 2, chototListings: 120, xetotListings: 30 });
    await again.stop();
    // Assess
    expect(again.data.chototAds).toEqual(sites.data.chototAds);
    expect(again.data.xetotCars).toEqual(sites.data.xetotCars);
  });
});
