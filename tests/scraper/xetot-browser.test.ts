import { join } from 'node:path';
import type { Page } from 'puppeteer-core';
import { normalizePhone } from '../../shared/normalize';
import { startFixtureSites, type FixtureSites } from '../../local/fixture-sites';
import { renderDetailPage } from '../../local/fixture-sites/xetot-html-mimic';
import { launchLocalChromium, type LaunchedBrowser } from '../../scraper-onprem/browser/launch-local-chromium';
import { runScrape, type RunScrapeOptions } from '../../scraper-onprem/run-scrape';
import { mapXetotDetail } from '../../scraper-onprem/sites/xetot/map-xetot-detail';
import { xetotDetailScript, type XetotDetailExtract } from '../../scraper-onprem/sites/xetot/xetot-extract';
import { chromiumPath, ensureChromium, fastOptions, readListings, tempDir } from './scrape-test-kit';

describe('xetot scrape in a real Chromium', () => {
  let sites: FixtureSites;
  let dir: Awaited<ReturnType<typeof tempDir>>;
  let options: RunScrapeOptions;
  beforeAll(async () => {
    ensureChromium();
    sites = await startFixtureSites({ seed: 3, chototListings: 1, xetotListings: 60, xetotPageSize: 20 });
  }, 300_000);
  afterAll(async () => {
    await sites.stop();
  });
  beforeEach(async () => {
    dir = await tempDir('xetot');
    sites.faults.reset();
    sites.resetStats();
    options = { ...fastOptions, site: 'xetot', baseUrl: sites.xetotBaseUrl, chromiumPath, outPath: join(dir.path, 'xetot.ndjson.gz') };
  });
  afterEach(async () => {
    await dir.remove();
  });

  it('reads every listing page and detail page, including the seller phone from [data-phone]', async () => {
    // Prepare
    const byId = new Map(sites.data.xetotCars.map((car) => [String(7_000_000 + ((sites.data.seed + 1) % 100) * 10_000 + car.index), car]));
    // Act
    const { report, outputPath } = await runScrape(options);
    // Assess
    expect(report).toMatchObject({ status: 'ok', pages: { 'xetot-list': 3, 'xetot-detail': 60 } });
    const listings = await readListings(outputPath ?? '');
    expect(listings).toHaveLength(60);
    for (const listing of listings) {
      const car = byId.get(listing.listing_id);
      expect(car).toBeDefined();
      const phone = normalizePhone(car?.seller.phone);
      expect(listing.seller_phone).toBe(phone.ok ? phone.phone : null);
      expect(listing.year).toBe(car?.year);
      expect(listing.price_vnd).toBe(car?.priceVnd);
      expect(listing.negotiable).toBe(car?.priceVnd === null);
      expect(listing.mileage_km).toBe(car?.mileageKm);
      // Private sellers stay private; a dealer is caught by trade name or live ads (a quiet dealer under a
      // personal name can pass as private, as on the real site).
      if (!car?.seller.dealer) expect(listing.seller_type).toBe('private');
      if (car && car.seller.liveAds >= 5) expect(listing.seller_type).toBe('dealer');
    }
    expect(listings.filter((listing) => listing.seller_type === 'dealer').length).toBeGreaterThan(5);
  });

  it('counts detail pages whose markup changed and goes on with the others', async () => {
    // Prepare
    sites.faults.set('xetot', { changedMarkupEvery: 5 });
    const changed = sites.data.xetotCars.filter((car) => car.index % 5 === 0).length;
    // Act
    const { report } = await runScrape(options);
    // Assess
    expect(report.status).toBe('partial');
    expect(report.failedByKind).toEqual({ markup_changed: changed });
    expect(report.errors.markup_changed).toBe(changed);
    expect(report.listings.written).toBe(60 - changed);
    expect(report.failedRequests[0]?.message).toMatch(/no match for root, title, price, sellerName/);
    expect(report.failedRequests[0]?.attempts).toBe(1);
  });

  it('reports a listing page in changed markup instead of finding nothing', async () => {
    // Prepare
    sites.faults.set('xetot', { changedListMarkup: true });
    // Act
    const { report } = await runScrape(options);
    // Assess
    expect(report).toMatchObject({ status: 'failed', failedByKind: { markup_changed: 1 }, listings: { written: 0 } });
  });

  it('honours 429 with Retry-After and 503s seen by the browser', async () => {
    // Prepare
    sites.faults.set('xetot', { rateLimitNext: 1, retryAfterSeconds: 1, unavailableEvery: 17 });
    const started = Date.now();
    // Act
    const { report } = await runScrape({ ...options, maxPages: 1 });
    // Assess
    expect(Date.now() - started).toBeGreaterThanOrEqual(1_000);
    expect(report.status).toBe('ok');
    expect(report.errors.http_429).toBe(1);
    expect(report.errors.http_5xx).toBeGreaterThan(0);
    expect(report.listings.written).toBe(20);
  });
});

describe('xetot detail extraction on a generated page', () => {
  let browser: LaunchedBrowser;
  let page: Page;
  beforeAll(async () => {
    ensureChromium();
    browser = await launchLocalChromium({ executablePath: chromiumPath });
    page = await browser.browser.newPage();
  }, 300_000);
  afterAll(async () => {
    await browser.close();
  });

  it('reads the raw fields with the selector table and maps them to a listing', async () => {
    // Prepare
    const sites = await startFixtureSites({ seed: 9, chototListings: 1, xetotListings: 8 });
    await sites.stop();
    const car = sites.data.xetotCars.find((candidate) => candidate.seller.dealer && candidate.priceVnd !== null) ?? sites.data.xetotCars[0];
    if (!car) throw new Error('no fixture car');
    await page.setContent(renderDetailPage(car, 10, false));
    // Act
    const extract = (await page.evaluate(xetotDetailScript)) as XetotDetailExtract;
    const listing = mapXetotDetail(extract, 'https://xetot.com/mua-ban-oto/x-id1.html', '2026-10-01T00:00:00.000Z');
    // Assess
    expect(extract.missing).toEqual([]);
    expect(extract.phones.length).toBeGreaterThan(0);
    expect(listing).toMatchObject({
      source: 'xetot',
      make: car.brandName,
      year: car.year,
      price_vnd: car.priceVnd,
      mileage_km: car.mileageKm,
      seller_name: car.seller.name,
      district: car.area,
    });
  });

  it('names the missing selectors on a redesigned page', async () => {
    // Prepare
    const sites = await startFixtureSites({ seed: 9, chototListings: 1, xetotListings: 2 });
    await sites.stop();
    const car = sites.data.xetotCars[0];
    if (!car) throw new Error('no fixture car');
    await page.setContent(renderDetailPage(car, 10, true));
    // Act
    const extract = (await page.evaluate(xetotDetailScript)) as XetotDetailExtract;
    // Assess
    expect(extract.missing).toEqual(['root', 'title', 'price', 'sellerName']);
  });
});
