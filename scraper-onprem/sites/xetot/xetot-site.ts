import type { BrowserResponse } from '../../engine/browser-fetcher';
import type { PageContext, SiteAdapter } from '../../engine/site-adapter';
import { MalformedResponseError, MarkupChangedError } from '../../scrape-errors';
import { mapXetotDetail } from './map-xetot-detail';
import { xetotDetailScript, xetotListScript, type XetotDetailExtract, type XetotListExtract } from './xetot-extract';

export interface XetotSiteOptions {
  /** Site origin, e.g. https://xetot.com or a fixture site. */
  baseUrl: string;
  /** Province slug of the listing pages, or `toan-quoc` (whole country). */
  province: string;
}

export const xetotDefaults: Omit<XetotSiteOptions, 'baseUrl'> = { province: 'toan-quoc' };

export const XETOT_LABELS = { list: 'xetot-list', detail: 'xetot-detail' } as const;

async function evaluate<T>(context: PageContext<BrowserResponse>, script: string): Promise<T> {
  try {
    return (await context.response.page.evaluate(script)) as T;
  } catch (error) {
    throw new MalformedResponseError(context.response.url, 'page script failed', { cause: error });
  }
}

/**
 * xetot: server-rendered HTML read in a real browser. Listing pages /{province}/mua-ban-oto?page=N link to detail
 * pages; the detail page has the listing, including the seller phone in [data-phone]. A page whose selectors no
 * longer match fails with MarkupChangedError (counted, not retried) and the run goes on.
 */
export function createXetotSite(options: XetotSiteOptions): SiteAdapter<BrowserResponse> {
  const base = options.baseUrl.replace(/\/+$/, '');

  async function handleList(context: PageContext<BrowserResponse>): Promise<void> {
    const extract = await evaluate<XetotListExtract>(context, xetotListScript);
    if (extract.missing.length > 0) throw new MarkupChangedError(context.response.url, extract.missing);
    context.enqueue(extract.links.map((url) => ({ url, label: XETOT_LABELS.detail, priority: 1 })));
    if (extract.next) context.enqueue([{ url: extract.next, label: XETOT_LABELS.list, priority: 0 }]);
  }

  async function handleDetail(context: PageContext<BrowserResponse>): Promise<void> {
    const extract = await evaluate<XetotDetailExtract>(context, xetotDetailScript);
    if (extract.missing.length > 0) throw new MarkupChangedError(context.response.url, extract.missing);
    const listing = mapXetotDetail(extract, context.response.url, context.scrapedAt);
    if (!listing) throw new MarkupChangedError(context.response.url, ['listingId']);
    context.emit(listing);
  }

  return {
    site: 'xetot',
    pageLabels: [XETOT_LABELS.list],
    startRequests: () => [{ url: `${base}/${encodeURIComponent(options.province)}/mua-ban-oto?page=1`, label: XETOT_LABELS.list }],
    handlers: { [XETOT_LABELS.list]: handleList, [XETOT_LABELS.detail]: handleDetail },
  };
}
