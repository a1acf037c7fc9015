import { join } from 'node:path';
import { startFixtureSites, type FixtureSites } from '../../local/fixture-sites';
import { runScrape, type RunScrapeOptions } from '../../scraper-onprem/run-scrape';
import { fastOptions, readListings, tempDir } from './scrape-test-kit';

describe('scrape under site faults', () => {
  let sites: FixtureSites;
  let dir: Awaited<ReturnType<typeof tempDir>>;
  let options: RunScrapeOptions;
  beforeAll(async () => {
    sites = await startFixtureSites({ seed: 11, chototListings: 300, xetotListings: 1 });
  });
  afterAll(async () => {
    await sites.stop();
  });
  beforeEach(async () => {
    dir = await tempDir('faults');
    sites.faults.reset();
    sites.resetStats();
    options = { ...fastOptions, site: 'chotot', baseUrl: sites.chototBaseUrl, outPath: join(dir.path, 'chotot.ndjson.gz') };
  });
  afterEach(async () => {
    await dir.remove();
  });

  it('waits as long as Retry-After says after a 429, then gets every listing', async () => {
    // Prepare
    sites.faults.set('chotot', { rateLimitNext: 2, retryAfterSeconds: 1 });
    const started = Date.now();
    // Act
    const { report } = await runScrape(options);
    // Assess
    expect(Date.now() - started).toBeGreaterThanOrEqual(2_000);
    expect(report).toMatchObject({ status: 'ok', errors: { http_429: 2 }, listings: { written: 300 } });
    expect(report.requests.retries).toBe(2);
  });

  it('fails only the request whose Retry-After is beyond the limit', async () => {
    // Prepare
    sites.faults.set('chotot', { rateLimitNext: 1, retryAfterSeconds: 3_600 });
    // Act
    const { report } = await runScrape({ ...options, retry: { ...fastOptions.retry, maxRetryAfterMs: 300 } });
    // Assess
    expect(report.failedByKind).toEqual({ retry_after_too_long: 1 });
  });

  it('rides out a burst of 503s with backoff', async () => {
    // Prepare
    sites.faults.set('chotot', { unavailableNext: 4 });
    // Act
    const { report } = await runScrape(options);
    // Assess
    expect(report).toMatchObject({ status: 'ok', errors: { http_5xx: 4 }, listings: { written: 300 } });
  });

  it('retries requests that time out', async () => {
    // Prepare
    sites.faults.set('chotot', { hangNext: 2, hangMs: 3_000 });
    // Act
    const { report } = await runScrape({ ...options, timeoutMs: 300 });
    // Assess
    expect(report).toMatchObject({ status: 'ok', errors: { timeout: 2 }, listings: { written: 300 } });
  });

  it('retries a truncated JSON answer', async () => {
    // Prepare
    sites.faults.set('chotot', { malformedNext: 2 });
    // Act
    const { report } = await runScrape(options);
    // Assess
    expect(report).toMatchObject({ status: 'ok', errors: { malformed_response: 2 }, listings: { written: 300 } });
  });

  it('gives up on a site that stays down, keeps the checkpoint, and finishes on the next run', async () => {
    // Prepare
    sites.faults.set('chotot', { unavailableNext: 1_000 });
    const breaker = { failureThreshold: 3, cooldownMs: 100, maxTrips: 1 };
    // Act
    const down = await runScrape({ ...options, breaker, retry: { ...fastOptions.retry, maxRetries: 10 } });
    sites.faults.reset('chotot');
    const back = await runScrape({ ...options, breaker });
    // Assess
    expect(down.report.status).toBe('failed');
    expect(down.report.abandonedHosts).toEqual([new URL(sites.chototBaseUrl).host]);
    expect(down.report.circuitTrips).toBe(2);
    expect(down.outputPath).toBeNull();
    expect(down.report.checkpointPath).not.toBeNull();
    expect(back.report).toMatchObject({ status: 'ok', resumptions: 1 });
    const listings = await readListings(back.outputPath ?? '');
    expect(new Set(listings.map((listing) => listing.listing_id)).size).toBe(300);
  });
});
