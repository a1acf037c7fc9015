import { join } from 'node:path';
import { startFixtureSites, type FixtureSites } from '../../local/fixture-sites';
import { runScrape } from '../../scraper-onprem/run-scrape';
import { fastOptions, readListings, tempDir } from './scrape-test-kit';

describe('chotot scrape against the gateway mimic', () => {
  let sites: FixtureSites;
  let dir: Awaited<ReturnType<typeof tempDir>>;
  beforeAll(async () => {
    sites = await startFixtureSites({ seed: 7, chototListings: 1500, chototDepthCap: 300, xetotListings: 1 });
  });
  afterAll(async () => {
    await sites.stop();
  });
  beforeEach(async () => {
    dir = await tempDir('chotot');
    sites.resetStats();
    sites.faults.reset();
  });
  afterEach(async () => {
    await dir.remove();
  });

  it('collects every listing exactly once by splitting queries deeper than the gateway serves', async () => {
    // Prepare
    const outPath = join(dir.path, 'chotot.ndjson.gz');
    // Act
    const { report, outputPath } = await runScrape({ ...fastOptions, site: 'chotot', baseUrl: sites.chototBaseUrl, outPath, chotot: { depthCap: 300 } });
    // Assess
    const listings = await readListings(outputPath ?? '');
    const ids = listings.map((listing) => listing.listing_id);
    expect(report.status).toBe('ok');
    expect(new Set(ids).size).toBe(ids.length);
    expect(new Set(ids)).toEqual(new Set(sites.data.chototAds.map((ad) => String(ad.list_id))));
    expect(report.siteSummary).toMatchObject({ reportedTotal: 1500, unreachable: 0 });
    expect(Number(report.siteSummary.splitQueries)).toBeGreaterThan(0);
  });

  it('learns a lower depth cap from the gateway answering 400, without failing requests', async () => {
    // Prepare
    const outPath = join(dir.path, 'chotot.ndjson.gz');
    // Act
    const { report } = await runScrape({ ...fastOptions, site: 'chotot', baseUrl: sites.chototBaseUrl, outPath, chotot: { depthCap: 1000 } });
    // Assess
    expect(report.status).toBe('ok');
    expect(report.requests.failed).toBe(0);
    expect(report.listings.written).toBe(1500);
    expect(report.siteSummary.depthCap).toBe(300);
  });

  it('writes listings in the listing contract with chotot semantics', async () => {
    // Prepare
    const outPath = join(dir.path, 'chotot.ndjson.gz');
    const negotiableAds = sites.data.chototAds.filter((ad) => ad.price === undefined).map((ad) => String(ad.list_id));
    const companyAds = sites.data.chototAds.filter((ad) => ad.company_ad === true).map((ad) => String(ad.list_id));
    // Act
    const { outputPath } = await runScrape({ ...fastOptions, site: 'chotot', baseUrl: sites.chototBaseUrl, outPath, maxPages: 4 });
    // Assess
    const listings = await readListings(outputPath ?? '');
    expect(listings).toHaveLength(200);
    for (const listing of listings) {
      expect(listing.seller_phone).toBeNull();
      expect(listing.negotiable).toBe(negotiableAds.includes(listing.listing_id));
      if (companyAds.includes(listing.listing_id)) expect(listing.seller_type).toBe('dealer');
    }
    expect(listings.filter((listing) => listing.seller_type === 'dealer').length).toBeGreaterThan(20);
  });

  it('stops enqueueing listing pages at --max-pages and says so', async () => {
    // Prepare
    const outPath = join(dir.path, 'chotot.ndjson.gz');
    // Act
    const { report } = await runScrape({ ...fastOptions, site: 'chotot', baseUrl: sites.chototBaseUrl, outPath, maxPages: 3 });
    // Assess
    expect(sites.stats('chotot').byKind.list).toBe(3);
    expect(report.listings.written).toBe(150);
    expect(report.requests.skippedByPageLimit).toBeGreaterThan(0);
  });

  it('reads every ad from its detail endpoint when asked to', async () => {
    // Prepare
    const outPath = join(dir.path, 'chotot.ndjson.gz');
    // Act
    const { report } = await runScrape({ ...fastOptions, site: 'chotot', baseUrl: sites.chototBaseUrl, outPath, maxPages: 1, chotot: { fetchDetails: true } });
    // Assess
    expect(sites.stats('chotot').byKind.detail).toBe(50);
    expect(report.pages).toMatchObject({ 'chotot-list': 1, 'chotot-detail': 50 });
    expect(report.listings.written).toBe(50);
  });

  it('works up to --concurrency requests at once', async () => {
    // Prepare
    // Answers slow enough that a 10 ms progress sample sees them overlap even on a loaded machine.
    sites.faults.set('chotot', { slowMs: 300 });
    let most = 0;
    // Act
    await runScrape({
      ...fastOptions,
      concurrency: 4,
      site: 'chotot',
      baseUrl: sites.chototBaseUrl,
      outPath: join(dir.path, 'chotot.ndjson.gz'),
      maxPages: 6,
      progressIntervalMs: 10,
      onProgress: (progress) => {
        most = Math.max(most, progress.inFlight);
      },
    });
    // Assess
    expect(most).toBe(4);
  });

  it('keeps the per-host delay between requests', async () => {
    // Prepare
    const outPath = join(dir.path, 'chotot.ndjson.gz');
    const started = Date.now();
    // Act
    await runScrape({ ...fastOptions, delayMs: 100, site: 'chotot', baseUrl: sites.chototBaseUrl, outPath, maxPages: 5 });
    // Assess: robots.txt + 5 pages = 6 starts, 5 gaps.
    expect(Date.now() - started).toBeGreaterThanOrEqual(500);
  });
});

describe('chotot coverage limits and robots.txt', () => {
  let dir: Awaited<ReturnType<typeof tempDir>>;
  beforeEach(async () => {
    dir = await tempDir('chotot-limits');
  });
  afterEach(async () => {
    await dir.remove();
  });

  it('reports what lies beyond the depth cap when a query cannot be split further', async () => {
    // Prepare
    const sites = await startFixtureSites({ seed: 7, chototListings: 1500, chototDepthCap: 50, xetotListings: 1 });
    try {
      // Act
      const { report } = await runScrape({
        ...fastOptions,
        site: 'chotot',
        baseUrl: sites.chototBaseUrl,
        outPath: join(dir.path, 'chotot.ndjson.gz'),
        chotot: { depthCap: 50, params: { region_v2: '13000', carbrand: '2' } },
      });
      // Assess
      const total = sites.data.chototAds.filter((ad) => ad.region_v2 === 13000 && ad.carbrand === 2).length;
      expect(total).toBeGreaterThan(50);
      expect(report.listings.written).toBe(50);
      expect(report.siteSummary).toMatchObject({ reportedTotal: total, unreachable: total - 50 });
    } finally {
      await sites.stop();
    }
  });

  it('honours robots.txt by default and can be told not to', async () => {
    // Prepare
    const sites = await startFixtureSites({ seed: 7, chototListings: 50, xetotListings: 1, robots: { chotot: { disallow: ['Disallow: /v1/public/ad-listing/'] } } });
    try {
      const common = { ...fastOptions, site: 'chotot' as const, baseUrl: sites.chototBaseUrl, chotot: { fetchDetails: true } };
      // Act
      const honoured = await runScrape({ ...common, outPath: join(dir.path, 'a.ndjson.gz') });
      const detailsWhileHonouring = sites.stats('chotot').byKind.detail;
      const ignored = await runScrape({ ...common, outPath: join(dir.path, 'b.ndjson.gz'), respectRobotsTxt: false });
      // Assess
      expect(detailsWhileHonouring).toBe(0);
      expect(honoured.report.failedByKind.robots_disallowed).toBe(50);
      expect(ignored.report.listings.written).toBe(50);
      expect(ignored.report.requests.robotsFetches).toBe(0);
    } finally {
      await sites.stop();
    }
  });
});
