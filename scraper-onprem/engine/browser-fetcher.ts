import type { Browser, CDPSession, HTTPRequest, Page, Protocol } from 'puppeteer-core';
import { assertPublicAddresses, resolveHost } from '../net/private-address';
import { FetchTimeoutError, NetworkError, OffsiteRedirectError, PrivateAddressError, ResponseTooLargeError, ScrapeError } from '../scrape-errors';
import type { FetchOptions, FetchedResponse, Fetcher } from './fetcher';
import { DEFAULT_MAX_BODY_BYTES } from './http-fetcher';
import { isOnSite, type SiteScope } from './site-scope';

export interface BrowserResponse extends FetchedResponse {
  /** The tab, navigated to the URL; valid until the engine releases the response. */
  readonly page: Page;
}

export interface BrowserFetcherOptions {
  userAgent: string;
  /** Skip images, media and fonts: the scraper reads the DOM only, and the site is spared the bandwidth. */
  blockHeavyResources: boolean;
  /** Every request of a tab (document, redirect, script, style) must stay on the site's origin. */
  scope: SiteScope;
  /** Cap on a document response; past it the tab stops loading and the request fails. Default 5 MiB. */
  maxBodyBytes?: number;
}

const HEAVY_RESOURCES: ReadonlySet<string> = new Set(['image', 'media', 'font']);
/** How long a host's address check is trusted (the browser resolves on its own; see README, "Scraper safety"). */
const ADDRESS_CHECK_TTL_MS = 60_000;

/** Why the last navigation of a tab was stopped by us, so `fetch` can report it instead of a bare net::ERR_*. */
interface TabState {
  cdp: CDPSession;
  stopped: ScrapeError | null;
  documentBytes: Map<string, number>;
}

/**
 * Fetches pages in tabs of one browser. Tabs are pooled: a worker takes one, navigates, hands it to the handler and
 * gives it back; a tab that timed out (or was stopped) is closed rather than reused, as it may still be loading.
 *
 * Every request a tab makes is intercepted: off-origin requests (a redirect, a CDN script, a tracking pixel) are
 * aborted, and unless the scope allows the private network the host must resolve to public addresses only. Document
 * responses are counted as they stream (CDP Network.dataReceived) and stopped past the size cap.
 */
export class BrowserFetcher implements Fetcher<BrowserResponse> {
  private readonly idle: Page[] = [];
  private readonly all = new Set<Page>();
  private readonly tabs = new WeakMap<Page, TabState>();
  private readonly addressChecks = new Map<string, { at: number; result: Promise<PrivateAddressError | null> }>();
  private readonly maxBodyBytes: number;

  constructor(
    private readonly browser: Browser,
    private readonly options: BrowserFetcherOptions,
  ) {
    this.maxBodyBytes = options.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES;
  }

  async fetch(url: string, options: FetchOptions): Promise<BrowserResponse> {
    if (!isOnSite(this.options.scope, url)) throw new OffsiteRedirectError(url, url);
    const refused = await this.checkAddress(new URL(url).hostname);
    if (refused) throw refused;
    const page = await this.take();
    const tab = this.tabs.get(page);
    if (tab) {
      tab.stopped = null;
      tab.documentBytes.clear();
    }
    try {
      const response = await page.goto(url, { waitUntil: 'domcontentloaded', timeout: options.timeoutMs });
      if (tab?.stopped) throw tab.stopped;
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
      if (tab?.stopped) throw tab.stopped;
      if (error instanceof ScrapeError) throw error;
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

  /** null when the host may be reached; the refusal otherwise. Cached a minute per host. */
  private checkAddress(hostname: string): Promise<PrivateAddressError | null> {
    if (this.options.scope.allowPrivateNetwork) return Promise.resolve(null);
    const cached = this.addressChecks.get(hostname);
    if (cached && Date.now() - cached.at < ADDRESS_CHECK_TTL_MS) return cached.result;
    const result = resolveHost(hostname).then(
      (addresses) => {
        try {
          assertPublicAddresses(hostname, addresses);
          return null;
        } catch (error) {
          if (error instanceof PrivateAddressError) return error;
          throw error;
        }
      },
      // Unresolvable: the browser's own lookup fails the same way and reports it as a network error.
      () => null,
    );
    this.addressChecks.set(hostname, { at: Date.now(), result });
    return result;
  }

  private async take(): Promise<Page> {
    const reused = this.idle.pop();
    if (reused && !reused.isClosed()) return reused;
    const page = await this.browser.newPage();
    this.all.add(page);
    await page.setUserAgent({ userAgent: this.options.userAgent });
    const cdp = await page.createCDPSession();
    const tab: TabState = { cdp, stopped: null, documentBytes: new Map() };
    this.tabs.set(page, tab);
    await this.watchDocumentSize(page, tab);
    await page.setRequestInterception(true);
    page.on('request', (request: HTTPRequest) => void this.intercept(request, tab));
    return page;
  }

  private async intercept(request: HTTPRequest, tab: TabState): Promise<void> {
    if (request.isInterceptResolutionHandled()) return;
    const url = request.url();
    if (url.startsWith('data:') || url.startsWith('blob:')) return request.continue();
    const navigation = request.isNavigationRequest() && request.frame() === request.frame()?.page().mainFrame();
    if (!isOnSite(this.options.scope, url)) {
      // A navigation off the site is a redirect we do not follow; anything else is a resource we do not load.
      if (navigation && !tab.stopped) tab.stopped = new OffsiteRedirectError(request.redirectChain()[0]?.url() ?? url, url);
      return request.abort('blockedbyclient');
    }
    if (this.options.blockHeavyResources && HEAVY_RESOURCES.has(request.resourceType())) return request.abort('blockedbyclient');
    const refused = await this.checkAddress(new URL(url).hostname).catch(() => null);
    if (request.isInterceptResolutionHandled()) return;
    if (refused) {
      if (navigation && !tab.stopped) tab.stopped = refused;
      return request.abort('addressunreachable');
    }
    return request.continue();
  }

  /** Counts each document response's bytes as they arrive and stops the tab past the cap. */
  private async watchDocumentSize(page: Page, tab: TabState): Promise<void> {
    const cap = this.maxBodyBytes;
    const stop = (url: string): void => {
      if (tab.stopped) return;
      tab.stopped = new ResponseTooLargeError(url, cap);
      void tab.cdp.send('Page.stopLoading').catch(() => undefined);
    };
    const urls = new Map<string, string>();
    tab.cdp.on('Network.responseReceived', (event: Protocol.Network.ResponseReceivedEvent) => {
      if (event.type !== 'Document') return;
      urls.set(event.requestId, event.response.url);
      tab.documentBytes.set(event.requestId, 0);
      const declared = Number(event.response.headers['content-length'] ?? event.response.headers['Content-Length']);
      if (Number.isFinite(declared) && declared > cap) stop(event.response.url);
    });
    tab.cdp.on('Network.dataReceived', (event: Protocol.Network.DataReceivedEvent) => {
      const sofar = tab.documentBytes.get(event.requestId);
      if (sofar === undefined) return;
      const bytes = sofar + event.dataLength;
      tab.documentBytes.set(event.requestId, bytes);
      if (bytes > cap) stop(urls.get(event.requestId) ?? page.url());
    });
    await tab.cdp.send('Network.enable');
  }

  private async discard(page: Page): Promise<void> {
    this.all.delete(page);
    await page.close().catch(() => undefined);
  }
}
