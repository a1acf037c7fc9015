import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { chototAd, chototDetail, type ChototMimicAd } from './chotot-gateway-mimic';
import { generateFixtureCars, MIMIC_PROVINCES, type FixtureCar } from './fixture-cars';
import { fixtureCarsFromListings } from './listing-cars';
import type { Listing } from '../../shared/contracts/listing';
import { renderDetailPage, renderHomePage, renderListPage, renderNotFound, xetotDetailPath } from './xetot-html-mimic';

export type FixtureSiteName = 'chotot' | 'xetot';

/**
 * Faults one fixture site injects. "Next N" counters are consumed request by request (deterministic, for tests);
 * "every N" hits every Nth request (for demos and benches). robots.txt and static files never get faults.
 */
export interface SiteFaults {
  /** Next N requests answer 429 with Retry-After. */
  rateLimitNext: number;
  /** Every Nth request answers 429 (0 = off). */
  rateLimitEvery: number;
  retryAfterSeconds: number;
  /** Next N requests answer 503 (a burst). */
  unavailableNext: number;
  unavailableEvery: number;
  /** Delay added to every answer. */
  slowMs: number;
  /** Next N requests wait `hangMs` before answering: longer than the client's timeout. */
  hangNext: number;
  hangMs: number;
  /** chotot: next N / every Nth JSON answer cut in half. */
  malformedNext: number;
  malformedEvery: number;
  /** xetot: every Nth detail page (by listing) in the redesigned markup (0 = off, 1 = all). */
  changedMarkupEvery: number;
  /** xetot: listing pages in the redesigned markup. */
  changedListMarkup: boolean;
  /** xetot: listing pages carry sponsored cards linking to this origin, and a script loaded from it (null = off). */
  foreignOrigin: string | null;
  /** Next N requests answer 302 to `redirectTo` (an off-site redirect, for tests). */
  redirectNext: number;
  redirectTo: string;
  /** Next N requests answer 200 with a body of `oversizeBytes` bytes, streamed in 64 KiB chunks (no content-length). */
  oversizeNext: number;
  oversizeBytes: number;
  /** robots.txt answers this status (200 = the file) … */
  robotsStatus: number;
  /** … and the next N robots.txt requests answer 503 (a robots outage that ends). */
  robotsUnavailableNext: number;
}

export const noFaults: SiteFaults = {
  rateLimitNext: 0,
  rateLimitEvery: 0,
  retryAfterSeconds: 1,
  unavailableNext: 0,
  unavailableEvery: 0,
  slowMs: 0,
  hangNext: 0,
  hangMs: 30_000,
  malformedNext: 0,
  malformedEvery: 0,
  changedMarkupEvery: 0,
  changedListMarkup: false,
  foreignOrigin: null,
  redirectNext: 0,
  redirectTo: 'http://example.invalid/',
  oversizeNext: 0,
  oversizeBytes: 8 * 1024 * 1024,
  robotsStatus: 200,
  robotsUnavailableNext: 0,
};

export interface SiteStats {
  /** Every request, robots.txt and static files included. */
  requests: number;
  byKind: Record<'robots' | 'list' | 'detail' | 'static' | 'other', number>;
  byStatus: Record<string, number>;
  /** Fault answers given, by fault. */
  faults: Record<'rate_limit' | 'unavailable' | 'hang' | 'malformed' | 'changed_markup', number>;
  /** Paths of answered listing-page and detail requests (2xx), in order. */
  served: string[];
  /** Every request's kind and status in arrival order (the first 10,000), e.g. `robots 503`, `list 200`. */
  sequence: string[];
}

export interface FaultControl {
  /** Merges faults into a site's current ones. */
  set(site: FixtureSiteName, faults: Partial<SiteFaults>): void;
  reset(site?: FixtureSiteName): void;
  get(site: FixtureSiteName): SiteFaults;
}

export interface FixtureSitesOptions {
  /** Same seed, same sites. Default 1. */
  seed?: number;
  /** Ads on the chotot mimic. Default 600. */
  chototListings?: number;
  /** Ads on the xetot mimic. Default 200. */
  xetotListings?: number;
  /** chotot: deepest offset + limit served; deeper asks get 400. Default 1000. */
  chototDepthCap?: number;
  /** xetot: cards per listing page. Default 20. */
  xetotPageSize?: number;
  /** Fixed ports (0 = any free port). */
  chototPort?: number;
  xetotPort?: number;
  /** Extra robots.txt lines per site, e.g. ['Disallow: /mua-ban-oto/'], and a Crawl-delay. */
  robots?: Partial<Record<FixtureSiteName, { disallow?: string[]; crawlDelaySeconds?: number }>>;
  faults?: Partial<Record<FixtureSiteName, Partial<SiteFaults>>>;
  /**
   * Listings to serve besides the generated ads, each on its own site (e.g. `xecu sample-data --listings`: sample
   * customers selling their cars), so a scrape yields listings that match some customers. Newest first among the rest.
   */
  listings?: readonly Listing[];
}

export interface FixtureSites {
  chototBaseUrl: string;
  xetotBaseUrl: string;
  faults: FaultControl;
  stats(site: FixtureSiteName): SiteStats;
  resetStats(): void;
  /** What the mimics hold, for tests to compare against. */
  data: {
    chototAds: readonly ChototMimicAd[];
    xetotCars: readonly FixtureCar[];
    seed: number;
  };
  stop(): Promise<void>;
}

function emptyStats(): SiteStats {
  return {
    requests: 0,
    byKind: { robots: 0, list: 0, detail: 0, static: 0, other: 0 },
    byStatus: {},
    faults: { rate_limit: 0, unavailable: 0, hang: 0, malformed: 0, changed_markup: 0 },
    served: [],
    sequence: [],
  };
}

// Unref'd: a hanging answer must not keep a test process (or a stopped server) alive.
const wait = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms).unref());

/** What a path is, by the mimics' routes (faults answer before routing, so this does not come from the router). */
function kindOf(site: FixtureSiteName, pathname: string): keyof SiteStats['byKind'] {
  if (pathname === '/robots.txt') return 'robots';
  if (pathname.startsWith('/static/')) return 'static';
  if (site === 'chotot') {
    if (pathname === '/v1/public/ad-listing') return 'list';
    return /^\/v1\/public\/ad-listing\/\d+$/.test(pathname) ? 'detail' : 'other';
  }
  if (/^\/[a-z-]+\/mua-ban-oto\/?$/.test(pathname)) return 'list';
  return pathname.startsWith('/mua-ban-oto/') ? 'detail' : 'other';
}

/** Writes `bytes` of HTML-ish filler in chunks, stopping when the client goes away (as a fetcher past its cap does). */
async function streamFiller(response: ServerResponse, bytes: number): Promise<void> {
  const chunk = Buffer.from(`<p>${'x'.repeat(64 * 1024 - 7)}</p>`.slice(0, 64 * 1024));
  let sent = 0;
  while (sent < bytes && !response.destroyed) {
    const piece = bytes - sent >= chunk.length ? chunk : chunk.subarray(0, bytes - sent);
    sent += piece.length;
    if (!response.write(piece)) {
      await new Promise<void>((resolve) => {
        const done = (): void => {
          response.off('drain', done);
          response.off('close', done);
          resolve();
        };
        response.on('drain', done);
        response.on('close', done);
      });
    }
  }
  if (!response.destroyed) response.end();
}

interface Answer {
  status: number;
  body: string;
  /** Stream this many bytes of filler instead of `body` (no content-length). */
  streamBytes?: number;
  type: string;
  headers?: Record<string, string>;
}

/**
 * Starts the chotot-gateway mimic and the xetot HTML mimic on 127.0.0.1, each on its own free port (so they are
 * two hosts to the scraper's politeness). Deterministic from the seed; faults switchable while running.
 */
export async function startFixtureSites(options: FixtureSitesOptions = {}): Promise<FixtureSites> {
  const seed = options.seed ?? 1;
  const depthCap = options.chototDepthCap ?? 1000;
  const xetotPageSize = options.xetotPageSize ?? 20;
  const withListings = (cars: FixtureCar[], source: Listing['source']): FixtureCar[] => {
    const listed = (options.listings ?? []).filter((listing) => listing.source === source);
    if (listed.length === 0) return cars;
    return [...cars, ...fixtureCarsFromListings(listed, cars.length)].sort((a, b) => b.postedAtMs - a.postedAtMs || a.index - b.index);
  };
  const chototAds = withListings(generateFixtureCars(seed, options.chototListings ?? 600), 'chotot').map((car) => chototAd(car, seed));
  const chototById = new Map(chototAds.map((ad) => [String(ad.list_id), ad]));
  const xetotCars = withListings(generateFixtureCars(seed + 1, options.xetotListings ?? 200), 'xetot');
  const xetotByPath = new Map(xetotCars.map((car) => [xetotDetailPath(car, seed + 1), car]));

  const current: Record<FixtureSiteName, SiteFaults> = {
    chotot: { ...noFaults, ...options.faults?.chotot },
    xetot: { ...noFaults, ...options.faults?.xetot },
  };
  const stats: Record<FixtureSiteName, SiteStats> = { chotot: emptyStats(), xetot: emptyStats() };
  const counters: Record<FixtureSiteName, number> = { chotot: 0, xetot: 0 };

  const faults: FaultControl = {
    set(site, next) {
      current[site] = { ...current[site], ...next };
    },
    reset(site) {
      for (const name of site ? [site] : (['chotot', 'xetot'] as const)) current[name] = { ...noFaults };
    },
    get(site) {
      return { ...current[site] };
    },
  };

  function robotsTxt(site: FixtureSiteName, base: string[]): string {
    const extra = options.robots?.[site];
    const lines = ['User-agent: *', ...base, ...(extra?.disallow ?? [])];
    if (extra?.crawlDelaySeconds !== undefined) lines.push(`Crawl-delay: ${extra.crawlDelaySeconds}`);
    lines.push('', 'User-agent: BadBot', 'Disallow: /');
    return `${lines.join('\n')}\n`;
  }

  /** Applies the "before routing" faults; null means answer normally. */
  async function injectFault(site: FixtureSiteName, siteStats: SiteStats): Promise<Answer | null> {
    const fault = current[site];
    counters[site] += 1;
    const count = counters[site];
    if (fault.hangNext > 0) {
      fault.hangNext -= 1;
      siteStats.faults.hang += 1;
      await wait(fault.hangMs);
    }
    if (fault.slowMs > 0) await wait(fault.slowMs);
    if (fault.rateLimitNext > 0 || (fault.rateLimitEvery > 0 && count % fault.rateLimitEvery === 0)) {
      if (fault.rateLimitNext > 0) fault.rateLimitNext -= 1;
      siteStats.faults.rate_limit += 1;
      return {
        status: 429,
        type: 'application/json',
        body: JSON.stringify({ message: 'Too Many Requests' }),
        headers: { 'retry-after': String(fault.retryAfterSeconds) },
      };
    }
    if (fault.redirectNext > 0) {
      fault.redirectNext -= 1;
      return { status: 302, type: 'text/plain', body: '', headers: { location: fault.redirectTo } };
    }
    if (fault.oversizeNext > 0) {
      fault.oversizeNext -= 1;
      const type = site === 'chotot' ? 'application/json' : 'text/html; charset=utf-8';
      return { status: 200, type, body: '', streamBytes: fault.oversizeBytes };
    }
    if (fault.unavailableNext > 0 || (fault.unavailableEvery > 0 && count % fault.unavailableEvery === 0)) {
      if (fault.unavailableNext > 0) fault.unavailableNext -= 1;
      siteStats.faults.unavailable += 1;
      return { status: 503, type: 'text/html; charset=utf-8', body: '<html><body><h1>503 Service Unavailable</h1></body></html>' };
    }
    return null;
  }

  function chototRoute(url: URL, siteStats: SiteStats): Answer {
    if (url.pathname === '/v1/public/ad-listing') {
      siteStats.byKind.list += 1;
      const limit = Math.min(100, Math.max(1, Number(url.searchParams.get('limit') ?? 20) || 20));
      const offset = Math.max(0, Number(url.searchParams.get('o') ?? 0) || 0);
      if (offset + limit > depthCap) {
        return { status: 400, type: 'application/json', body: JSON.stringify({ message: `offset + limit must not exceed ${depthCap}` }) };
      }
      const category = url.searchParams.get('cg');
      const region = url.searchParams.get('region_v2');
      const brand = url.searchParams.get('carbrand');
      const matching = chototAds.filter(
        (ad) => (category === null || category === '2010') && (region === null || String(ad.region_v2) === region) && (brand === null || String(ad.carbrand) === brand),
      );
      return { status: 200, type: 'application/json', body: JSON.stringify({ ads: matching.slice(offset, offset + limit), total: matching.length }) };
    }
    const detail = url.pathname.match(/^\/v1\/public\/ad-listing\/(\d+)$/);
    if (detail) {
      siteStats.byKind.detail += 1;
      const ad = detail[1] ? chototById.get(detail[1]) : undefined;
      if (!ad) return { status: 404, type: 'application/json', body: JSON.stringify({ message: 'Ad not found' }) };
      return { status: 200, type: 'application/json', body: JSON.stringify(chototDetail(ad)) };
    }
    siteStats.byKind.other += 1;
    return { status: 404, type: 'application/json', body: JSON.stringify({ message: 'Not found' }) };
  }

  function xetotRoute(url: URL, siteStats: SiteStats): Answer {
    const fault = current.xetot;
    const html = (status: number, body: string): Answer => ({ status, type: 'text/html; charset=utf-8', body });
    if (url.pathname === '/') {
      siteStats.byKind.other += 1;
      return html(200, renderHomePage(MIMIC_PROVINCES.map((province) => ({ slug: province.slug, name: province.regionName }))));
    }
    const list = url.pathname.match(/^\/([a-z-]+)\/mua-ban-oto\/?$/);
    if (list?.[1]) {
      siteStats.byKind.list += 1;
      const slug = list[1];
      const province = MIMIC_PROVINCES.find((candidate) => candidate.slug === slug);
      if (slug !== 'toan-quoc' && !province) return html(404, renderNotFound());
      const page = Math.max(1, Number(url.searchParams.get('page') ?? 1) || 1);
      const cars = province ? xetotCars.filter((car) => car.province.slug === slug) : xetotCars;
      if (fault.changedListMarkup) siteStats.faults.changed_markup += 1;
      return html(
        200,
        renderListPage({
          cars,
          seed: seed + 1,
          slug,
          provinceName: province?.regionName ?? 'toàn quốc',
          page,
          pageSize: xetotPageSize,
          changedMarkup: fault.changedListMarkup,
          foreignOrigin: fault.foreignOrigin,
        }),
      );
    }
    if (url.pathname.startsWith('/mua-ban-oto/')) {
      siteStats.byKind.detail += 1;
      const car = xetotByPath.get(url.pathname);
      if (!car) return html(404, renderNotFound());
      const changed = fault.changedMarkupEvery > 0 && car.index % fault.changedMarkupEvery === 0;
      if (changed) siteStats.faults.changed_markup += 1;
      return html(200, renderDetailPage(car, seed + 1, changed));
    }
    siteStats.byKind.other += 1;
    return html(404, renderNotFound());
  }

  function handler(site: FixtureSiteName) {
    return (request: IncomingMessage, response: ServerResponse): void => {
      void (async () => {
        const siteStats = stats[site];
        siteStats.requests += 1;
        const url = new URL(request.url ?? '/', 'http://127.0.0.1');
        let answer: Answer;
        if (request.method !== 'GET' && request.method !== 'HEAD') {
          answer = { status: 405, type: 'text/plain', body: 'method not allowed' };
        } else if (url.pathname === '/robots.txt') {
          siteStats.byKind.robots += 1;
          const fault = current[site];
          const status = fault.robotsUnavailableNext > 0 ? 503 : fault.robotsStatus;
          if (fault.robotsUnavailableNext > 0) fault.robotsUnavailableNext -= 1;
          answer = status !== 200 ? { status, type: 'text/plain', body: `robots.txt: HTTP ${status}` } : {
            status: 200,
            type: 'text/plain; charset=utf-8',
            body: site === 'chotot' ? robotsTxt(site, ['Allow: /v1/public/', 'Disallow: /v1/private/']) : robotsTxt(site, ['Disallow: /tai-khoan/', 'Disallow: /*?sort=']),
          };
        } else if (url.pathname.startsWith('/static/')) {
          siteStats.byKind.static += 1;
          answer = url.pathname.endsWith('.css')
            ? { status: 200, type: 'text/css', body: 'body{font-family:sans-serif}.listing-card{margin:8px 0}' }
            : { status: 404, type: 'text/plain', body: 'no such file' };
        } else {
          const fault = await injectFault(site, siteStats);
          if (fault) {
            answer = fault;
          } else {
            answer = site === 'chotot' ? chototRoute(url, siteStats) : xetotRoute(url, siteStats);
            const settings = current[site];
            const malformed =
              site === 'chotot' &&
              answer.status === 200 &&
              (settings.malformedNext > 0 || (settings.malformedEvery > 0 && counters[site] % settings.malformedEvery === 0));
            if (malformed) {
              if (settings.malformedNext > 0) settings.malformedNext -= 1;
              siteStats.faults.malformed += 1;
              answer = { ...answer, body: answer.body.slice(0, Math.floor(answer.body.length / 2)) };
            }
            if (answer.status === 200) siteStats.served.push(`${url.pathname}${url.search}`);
          }
        }
        siteStats.byStatus[String(answer.status)] = (siteStats.byStatus[String(answer.status)] ?? 0) + 1;
        if (siteStats.sequence.length < 10_000) siteStats.sequence.push(`${kindOf(site, url.pathname)} ${answer.status}`);
        // The client may have given up (timeout) while a hang fault waited.
        if (response.destroyed) return;
        response.writeHead(answer.status, { 'content-type': answer.type, 'cache-control': 'no-store', ...answer.headers });
        if (answer.streamBytes !== undefined && request.method !== 'HEAD') await streamFiller(response, answer.streamBytes);
        else response.end(request.method === 'HEAD' ? undefined : answer.body);
      })().catch((error: unknown) => {
        if (!response.headersSent && !response.destroyed) {
          response.writeHead(500, { 'content-type': 'text/plain' });
          response.end(error instanceof Error ? error.message : 'error');
        }
      });
    };
  }

  async function listen(server: Server, port: number): Promise<number> {
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, '127.0.0.1', () => resolve());
    });
    return (server.address() as AddressInfo).port;
  }

  const chototServer = createServer(handler('chotot'));
  const xetotServer = createServer(handler('xetot'));
  // Keep-alive sockets would hold stop() open.
  chototServer.keepAliveTimeout = 1_000;
  xetotServer.keepAliveTimeout = 1_000;
  const chototPort = await listen(chototServer, options.chototPort ?? 0);
  let xetotPort: number;
  try {
    xetotPort = await listen(xetotServer, options.xetotPort ?? 0);
  } catch (error) {
    chototServer.close();
    throw error;
  }

  const close = (server: Server): Promise<void> =>
    new Promise((resolve) => {
      server.close(() => resolve());
      server.closeAllConnections();
    });

  return {
    chototBaseUrl: `http://127.0.0.1:${chototPort}`,
    xetotBaseUrl: `http://127.0.0.1:${xetotPort}`,
    faults,
    stats: (site) => structuredClone(stats[site]),
    resetStats() {
      stats.chotot = emptyStats();
      stats.xetot = emptyStats();
    },
    data: { chototAds, xetotCars, seed },
    async stop() {
      await Promise.all([close(chototServer), close(xetotServer)]);
    },
  };
}
