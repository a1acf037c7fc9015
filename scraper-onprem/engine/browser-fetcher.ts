import type { Browser, HTTPRequest, Page } from 'puppeteer-core';
import { FetchTimeoutError, NetworkError } from '../scrape-errors';
import type { FetchOptions, FetchedResponse, Fetcher } from './fetcher';

export interface BrowserResponse extends FetchedResponse {
  /** The tab, navigated to the URL; valid until the engine releases the response. */
  readonly page: Page;
}

export interface BrowserFetcherOptions {
  userAgent: string;
  /** Skip images, media and fonts: the scraper reads the DOM only, and the site is spared the bandwidth. */
  blockHeavyResources: boolean;
}

const HEAVY_RESOURCES: ReadonlySet<string> = new Set(['image', 'media', 'font']);

/**
 * Fetches pages in tabs of one browser. Tabs are pooled: a worker takes one, navigates, hands it to the handler and
 * gives it back; a tab that timed out is closed rather than reused, as it may still be loading.
 */
export class BrowserFetcher implements Fetcher<BrowserResponse> {
  private readonly idle: Page[] = [];
  private readonly all = new Set<Page>();

  constructor(
    private readonly browser: Browser,
    private readonly options: BrowserFetcherOptions,
  ) {}

  async fetch(url: string, options: FetchOptions): Promise<BrowserResponse> {
    const page = await this.take();
    try {
      const response = await page.goto(url, { waitUntil: 'domcontentloaded', timeout: options.timeoutMs });
      if (!response) throw new NetworkError(url, { cause: new Error('navigation gave no response') });
      const headers = response.headers();
      return {
        status: response.status(),
        url: page.url(),
        page,
        header: (name: string) => headers[name.toLowerCase()] ?? null,
      };
    } catch (error) {
      await this.discard(page);
      if (error instanceof NetworkError) throw error;
      if (error instanceof Error && error.name === 'TimeoutError') throw new FetchTimeoutError(url, options.timeoutMs, { cause: error });
      throw new NetworkError(url, { cause: error });
    }
  }

  async release(response: BrowserResponse): Promise<void> {
    if (response.page.isClosed()) {
      this.all.delete(response.page);
      return;
    }
    this.idle.push(response.page);
  }

  async close(): Promise<void> {
    await Promise.all([...this.all].map((page) => page.close().catch(() => undefined)));
    this.all.clear();
    this.idle.length = 0;
  }

  private async take(): Promise<Page> {
    const reused = this.idle.pop();
    if (reused && !reused.isClosed()) return reused;
    const page = await this.browser.newPage();
    this.all.add(page);
    await page.setUserAgent({ userAgent: this.options.userAgent });
    if (this.options.blockHeavyResources) {
      await page.setRequestInterception(true);
      page.on('request', (request: HTTPRequest) => {
        if (request.isInterceptResolutionHandled()) return;
        if (HEAVY_RESOURCES.has(request.resourceType())) void request.abort('blockedbyclient');
        else void request.continue();
      });
    }
    return page;
  }

  private async discard(page: Page): Promise<void> {
    this.all.delete(page);
    await page.close().catch(() => undefined);
  }
}
