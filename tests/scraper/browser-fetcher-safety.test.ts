import { launchLocalChromium, type LaunchedBrowser } from '../../scraper-onprem/browser/launch-local-chromium';
import { BrowserFetcher } from '../../scraper-onprem/engine/browser-fetcher';
import { siteScope } from '../../scraper-onprem/engine/site-scope';
import { chromiumPath, ensureChromium } from './scrape-test-kit';
import { startTinySite, streamEndlessly, type TinySite } from './tiny-site';

describe('BrowserFetcher stays on its site', () => {
  let launched: LaunchedBrowser;
  let site: TinySite;
  let elsewhere: TinySite;
  beforeAll(async () => {
    ensureChromium();
    launched = await launchLocalChromium({ executablePath: chromiumPath });
    elsewhere = await startTinySite((_request, response) => response.writeHead(200, { 'content-type': 'text/html' }).end('<p>elsewhere</p>'));
    site = await startTinySite((request, response) => {
      const path = request.url ?? '/';
      if (path === '/endless') return streamEndlessly(response, 'text/html; charset=utf-8');
      if (path === '/away') return response.writeHead(302, { location: `${elsewhere.origin}/landing` }).end();
      response
        .writeHead(200, { 'content-type': 'text/html; charset=utf-8' })
        .end(`<html><head><script src="${elsewhere.origin}/tracker.js"></script><link rel="stylesheet" href="/site.css"></head><body><p id="ok">page</p></body></html>`);
    });
  }, 300_000);
  afterAll(async () => {
    await launched.close();
    await Promise.all([site.stop(), elsewhere.stop()]);
  });

  const fetcherFor = (base: string, allowPrivateNetwork: boolean, maxBodyBytes?: number): BrowserFetcher =>
    new BrowserFetcher(launched.browser, { userAgent: 'test', blockHeavyResources: true, scope: siteScope(base, allowPrivateNetwork), maxBodyBytes });

  it('loads the page and its own resources, but nothing from another origin', async () => {
    // Prepare
    const fetcher = fetcherFor(site.origin, true);
    try {
      // Act
      const response = await fetcher.fetch(`${site.origin}/page`, { timeoutMs: 10_000 });
      const text = await response.page.$eval('#ok', (node) => node.textContent);
      await fetcher.release(response);
      // Assess
      expect(text).toBe('page');
      expect(site.hits).toEqual(expect.arrayContaining(['/page', '/site.css']));
      expect(elsewhere.hits).toEqual([]);
    } finally {
      await fetcher.close();
    }
  });

  it('fails a navigation that redirects to another origin, without loading it', async () => {
    // Prepare
    const fetcher = fetcherFor(site.origin, true);
    try {
      // Act
      const error = await fetcher.fetch(`${site.origin}/away`, { timeoutMs: 10_000 }).catch((caught: unknown) => caught);
      // Assess
      expect(error).toMatchObject({ name: 'OffsiteRedirectError', kind: 'offsite_redirect' });
      expect(elsewhere.hits).toEqual([]);
    } finally {
      await fetcher.close();
    }
  });

  it('stops an endless document at the cap and fails it as too large, not as a timeout', async () => {
    // Prepare
    const fetcher = fetcherFor(site.origin, true, 512 * 1024);
    try {
      // Act
      const error = await fetcher.fetch(`${site.origin}/endless`, { timeoutMs: 30_000 }).catch((caught: unknown) => caught);
      // Assess
      expect(error).toMatchObject({ name: 'ResponseTooLargeError', kind: 'response_too_large', retryable: false });
    } finally {
      await fetcher.close();
    }
  });

  it('refuses a host on a private address unless the private network is allowed', async () => {
    // Prepare
    const base = `http://localhost:${site.port}`;
    const refusing = fetcherFor(base, false);
    const allowing = fetcherFor(base, true);
    const before = site.hits.length;
    try {
      // Act
      const refused = await refusing.fetch(`${base}/page`, { timeoutMs: 10_000 }).catch((caught: unknown) => caught);
      const hitsWhileRefused = site.hits.length - before;
      const allowed = await allowing.fetch(`${base}/page`, { timeoutMs: 10_000 });
      await allowing.release(allowed);
      // Assess
      expect(refused).toMatchObject({ name: 'PrivateAddressError', kind: 'private_address', host: 'localhost' });
      expect(hitsWhileRefused).toBe(0);
      expect(allowed.status).toBe(200);
    } finally {
      await Promise.all([refusing.close(), allowing.close()]);
    }
  });
});
