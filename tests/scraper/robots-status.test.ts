import { join } from 'node:path';
import { startFixtureSites, type FixtureSites } from '../../local/fixture-sites';
import { runScrape, type RunScrapeOptions } from '../../scraper-onprem/run-scrape';
import { fastOptions, readListings, tempDir } from './scrape-test-kit';

/** RFC 9309 §2.3.1.3 (4xx: no rules) and §2.3.1.4 (5xx or unreachable: complete disallow, for now). */
describe('robots.txt that does not answer 200', () => {
  let sites: FixtureSites;
  let dir: Awaited<ReturnType<typeof tempDir>>;
  let options: RunScrapeOptions;
  beforeAll(async () => {
    // The file, when served, disallows the detail endpoint: a 4xx must not be read as that file.
    sites = await startFixtureSites({ seed: 21, chototListings: 40, xetotListings: 1, robots: { chotot: { disallow: ['Disallow: /v1/public/ad-listing/'] } } });
  });
  afterAll(async () => {
    await sites.stop();
  });
  beforeEach(async () => {
    dir = await tempDir('robots-status');
    sites.faults.reset();
    sites.resetStats();
    options = { ...fastOptions, site: 'chotot', baseUrl: sites.chototBaseUrl, outPath: join(dir.path, 'chotot.ndjson.gz'), chotot: { fetchDetails: true } };
  });
  afterEach(async () => {
    await dir.remove();
  });

  it.each([404, 403, 410])('allows everything when robots.txt answers %i', async (status) => {
    // Prepare
    sites.faults.set('chotot', { robotsStatus: status });
    // Act
    const { report } = await runScrape(options);
    // Assess
    expect(report).toMatchObject({ status: 'ok', listings: { written: 40 }, requests: { robotsFetches: 1 } });
    expect(sites.stats('chotot').byKind.detail).toBe(40);
  });

  it('fetches nothing while robots.txt answers 503, asks again later, and crawls once it answers', async () => {
    // Prepare
    sites.faults.set('chotot', { robotsUnavailableNext: 2 });
    // Act
    const { report } = await runScrape({ ...options, concurrency: 1, chotot: { fetchDetails: false } });
    // Assess
    const sequence = sites.stats('chotot').sequence;
    expect(sequence.slice(0, 3)).toEqual(['robots 503', 'robots 503', 'robots 200']);
    expect(sequence.slice(3).every((entry) => entry === 'list 200')).toBe(true);
    expect(report).toMatchObject({ status: 'ok', listings: { written: 40 }, failedByKind: {} });
    expect(report.requests.robotsFetches).toBe(3);
    // The start request waited twice for robots.txt instead of being fetched or failed.
    expect(report.requests.robotsDeferrals).toBe(2);
  });

  it('disallows the whole site for the run when robots.txt keeps failing, and the next run asks again', async () => {
    // Prepare
    sites.faults.set('chotot', { robotsStatus: 500 });
    // Act
    const down = await runScrape({ ...options, chotot: { fetchDetails: false } });
    const downSequence = sites.stats('chotot').sequence;
    sites.faults.reset('chotot');
    const back = await runScrape({ ...options, chotot: { fetchDetails: false } });
    // Assess
    // Four rounds (fastOptions: 4 retries), nothing else asked of the site.
    expect(downSequence).toEqual(['robots 500', 'robots 500', 'robots 500', 'robots 500']);
    expect(down.report.status).toBe('failed');
    expect(down.report.failedByKind).toEqual({ robots_unreachable: 1 });
    expect(down.report.failedRequests[0]?.message).toContain('HTTP 500');
    expect(back.report).toMatchObject({ status: 'ok', resumptions: 1 });
    expect(await readListings(back.outputPath ?? '')).toHaveLength(40);
  });
});
