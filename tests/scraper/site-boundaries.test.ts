import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { startFixtureSites, type FixtureSites } from '../../local/fixture-sites';
import { privateNetworkAllowed, runScrape } from '../../scraper-onprem/run-scrape';
import { chromiumPath, ensureChromium, fastOptions, readListings, tempDir } from './scrape-test-kit';

describe('a scrape never leaves its site', () => {
  let sites: FixtureSites;
  let dir: Awaited<ReturnType<typeof tempDir>>;
  beforeAll(async () => {
    ensureChromium();
    sites = await startFixtureSites({ seed: 31, chototListings: 30, xetotListings: 20, xetotPageSize: 10 });
  }, 300_000);
  afterAll(async () => {
    await sites.stop();
  });
  beforeEach(async () => {
    dir = await tempDir('boundaries');
    sites.faults.reset();
    sites.resetStats();
  });
  afterEach(async () => {
    await dir.remove();
  });

  it('drops and counts links to another origin (same host, other port), and loads nothing from it', async () => {
    // Prepare: every xetot listing page carries two sponsored cards and a tracker script on the chotot origin.
    sites.faults.set('xetot', { foreignOrigin: sites.chototBaseUrl });
    // Act
    const { report, outputPath } = await runScrape({ ...fastOptions, site: 'xetot', baseUrl: sites.xetotBaseUrl, chromiumPath, outPath: join(dir.path, 'x.ndjson.gz') });
    // Assess
    expect(report).toMatchObject({ status: 'ok', pages: { 'xetot-list': 2, 'xetot-detail': 20 } });
    expect(report.offsite).toEqual({ dropped: 4, hosts: { [new URL(sites.chototBaseUrl).host]: 4 } });
    expect(sites.stats('chotot').requests).toBe(0);
    expect(await readListings(outputPath ?? '')).toHaveLength(20);
  });

  it('does not follow a redirect to another origin', async () => {
    // Prepare
    sites.faults.set('chotot', { redirectNext: 1, redirectTo: `${sites.xetotBaseUrl}/toan-quoc/mua-ban-oto` });
    // Act
    const { report } = await runScrape({ ...fastOptions, site: 'chotot', baseUrl: sites.chototBaseUrl, outPath: join(dir.path, 'c.ndjson.gz') });
    // Assess
    expect(report.failedByKind).toEqual({ offsite_redirect: 1 });
    expect(report.requests.retries).toBe(0);
    expect(sites.stats('xetot').requests).toBe(0);
  });

  it('stops reading an oversized JSON answer and fails that request without retrying it', async () => {
    // Prepare
    sites.faults.set('chotot', { oversizeNext: 1, oversizeBytes: 64 * 1024 * 1024 });
    // Act
    const { report } = await runScrape({ ...fastOptions, site: 'chotot', baseUrl: sites.chototBaseUrl, outPath: join(dir.path, 'c.ndjson.gz'), maxBodyBytes: 1024 * 1024 });
    // Assess
    expect(report.failedByKind).toEqual({ response_too_large: 1 });
    expect(report.errors).toEqual({ response_too_large: 1 });
    expect(report.failedRequests[0]?.message).toContain('larger than the 1048576 byte cap');
  });

  it('stops an oversized HTML document in the browser and fails that page', async () => {
    // Prepare: 8 MiB of filler where the first listing page should be; the cap is 1 MiB.
    sites.faults.set('xetot', { oversizeNext: 1, oversizeBytes: 8 * 1024 * 1024 });
    // Act
    const { report } = await runScrape({
      ...fastOptions,
      site: 'xetot',
      baseUrl: sites.xetotBaseUrl,
      chromiumPath,
      outPath: join(dir.path, 'x.ndjson.gz'),
      maxBodyBytes: 1024 * 1024,
      maxPages: 1,
    });
    // Assess: without the cap the page loads whole and fails as changed markup instead.
    expect(report.failedByKind).toEqual({ response_too_large: 1 });
    expect(report.errors).toEqual({ response_too_large: 1 });
  });

  it('refuses a site on a private address unless the run allows the private network', async () => {
    // Prepare
    const outPath = join(dir.path, 'c.ndjson.gz');
    // Act
    const refused = await runScrape({ ...fastOptions, allowPrivateNetwork: false, site: 'chotot', baseUrl: sites.chototBaseUrl, outPath }).catch((error: unknown) => error);
    const requestsWhileRefused = sites.stats('chotot').requests;
    const filesWhileRefused = await readdir(dir.path);
    const allowed = await runScrape({ ...fastOptions, allowPrivateNetwork: true, site: 'chotot', baseUrl: sites.chototBaseUrl, outPath });
    // Assess
    expect(refused).toMatchObject({ name: 'PrivateAddressError', kind: 'private_address', address: '127.0.0.1', range: 'loopback' });
    expect(requestsWhileRefused).toBe(0);
    expect(filesWhileRefused).toEqual([]);
    expect(allowed.report).toMatchObject({ status: 'ok', listings: { written: 30 } });
  });

  it('takes the private-network switch from the option, else from XECU_SCRAPE_ALLOW_PRIVATE_NETWORK', () => {
    expect(privateNetworkAllowed(undefined, {})).toBe(false);
    expect(privateNetworkAllowed(undefined, { XECU_SCRAPE_ALLOW_PRIVATE_NETWORK: '1' })).toBe(true);
    expect(privateNetworkAllowed(undefined, { XECU_SCRAPE_ALLOW_PRIVATE_NETWORK: 'true' })).toBe(true);
    expect(privateNetworkAllowed(undefined, { XECU_SCRAPE_ALLOW_PRIVATE_NETWORK: '0' })).toBe(false);
    expect(privateNetworkAllowed(false, { XECU_SCRAPE_ALLOW_PRIVATE_NETWORK: '1' })).toBe(false);
    expect(privateNetworkAllowed(true, {})).toBe(true);
  });
});
