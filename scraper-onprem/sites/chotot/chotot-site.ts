import { taskUrl, type JsonObject, type RequestInput } from '../../engine/crawl-request';
import type { HttpResponse } from '../../engine/http-fetcher';
import type { PageContext, SiteAdapter, TaskContext } from '../../engine/site-adapter';
import { HttpStatusError, MalformedResponseError } from '../../scrape-errors';
import { ChototAdSchema, ChototDetailSchema, ChototListingPageSchema } from './chotot-api';
import { CHOTOT_BRANDS, CHOTOT_CAR_CATEGORY, CHOTOT_KNOWN_REGIONS } from './chotot-codes';
import { mapChototAd } from './map-chotot-ad';

export interface ChototSiteOptions {
  /** Gateway origin, e.g. https://gateway.chotot.com or a fixture site. */
  baseUrl: string;
  /** Ads per listing page (the gateway's `limit`). */
  pageSize: number;
  /** Deepest result the gateway serves for one query: offset + limit must stay within it. */
  depthCap: number;
  /** Also GET /v1/public/ad-listing/<id> for every ad (listing pages already carry every contract field). */
  fetchDetails: boolean;
  /** Extra fixed query parameters, e.g. { region_v2: '13000' }. */
  params: Readonly<Record<string, string>>;
  publicUrlBase: string;
}

export const chototDefaults: Omit<ChototSiteOptions, 'baseUrl'> = {
  pageSize: 50,
  depthCap: 1000,
  fetchDetails: false,
  params: {},
  publicUrlBase: 'https://xe.chotot.com',
};

export const CHOTOT_LABELS = { list: 'chotot-list', detail: 'chotot-detail', split: 'chotot-split' } as const;

/** Query dimensions a too-deep query is split by, in order. */
const SPLIT_DIMENSIONS = ['region_v2', 'carbrand'] as const;
type SplitDimension = (typeof SPLIT_DIMENSIONS)[number];

interface Shard {
  /** The gateway's `total` for this query; null until its first page answered. */
  total: number | null;
  split: boolean;
  children: string[];
  /** A split task is queued or done. */
  splitQueued: boolean;
}

interface ChototState {
  shards: Record<string, Shard>;
  /** The depth cap the gateway showed (a 400 past it), when lower than the configured one. */
  observedDepthCap: number | null;
  seen: Record<SplitDimension, number[]>;
  skippedAds: number;
}

function chototState(state: JsonObject): ChototState {
  if (!state.shards) Object.assign(state, { shards: {}, observedDepthCap: null, seen: { region_v2: [], carbrand: [] }, skippedAds: 0 });
  return state as unknown as ChototState;
}

function shardParams(shard: string): URLSearchParams {
  return new URLSearchParams(shard);
}

function childShard(shard: string, dimension: SplitDimension, value: number): string {
  const params = shardParams(shard);
  params.set(dimension, String(value));
  params.sort();
  return params.toString();
}

/**
 * chotot through its public JSON gateway. Each query (a "shard": the fixed params plus region/brand filters) is
 * paged by offset down to the depth cap. A query whose total is deeper than the cap is paged as far as it goes and
 * then split by region_v2, then by carbrand; the split runs as a low-priority task so the codes seen on the pages
 * fetched so far join the code tables. What stays unreachable is reported, not hidden.
 */
export function createChototSite(options: ChototSiteOptions): SiteAdapter<HttpResponse> {
  const base = options.baseUrl.replace(/\/+$/, '');
  const dimensions = SPLIT_DIMENSIONS.filter((dimension) => !(dimension in options.params));

  function listUrl(shard: string, offset: number): string {
    const query = new URLSearchParams({ cg: String(CHOTOT_CAR_CATEGORY), limit: String(options.pageSize), o: String(offset) });
    for (const [key, value] of Object.entries(options.params)) query.set(key, value);
    for (const [key, value] of shardParams(shard)) query.set(key, value);
    return `${base}/v1/public/ad-listing?${query.toString()}`;
  }

  function listRequest(shard: string, offset: number): RequestInput {
    return { url: listUrl(shard, offset), label: CHOTOT_LABELS.list, userData: { shard, offset }, priority: 0 };
  }

  function parseJson(response: HttpResponse): unknown {
    try {
      return JSON.parse(response.text) as unknown;
    } catch (error) {
      throw new MalformedResponseError(response.url, 'body is not JSON', { cause: error });
    }
  }

  function emitAd(context: PageContext<HttpResponse> | TaskContext, raw: unknown): void {
    const state = chototState(context.state);
    const parsed = ChototAdSchema.safeParse(raw);
    if (!parsed.success) {
      state.skippedAds += 1;
      context.log.warn('chotot ad skipped: unexpected shape', { url: context.request.url, issues: parsed.error.issues.length });
      return;
    }
    context.emit(mapChototAd(parsed.data, { scrapedAt: context.scrapedAt, publicUrlBase: options.publicUrlBase }));
  }

  function depthCap(state: ChototState): number {
    return Math.min(options.depthCap, state.observedDepthCap ?? Infinity);
  }

  function queueSplit(context: PageContext<HttpResponse>, state: ChototState, shardKey: string, shard: Shard): void {
    if (shard.splitQueued) return;
    if (!dimensions.some((dimension) => !shardParams(shardKey).has(dimension))) {
      context.log.warn('chotot query deeper than the gateway serves and cannot be split further', {
        shard: shardKey,
        total: shard.total,
        depthCap: depthCap(state),
      });
      return;
    }
    shard.splitQueued = true;
    context.enqueue([
      { url: taskUrl(CHOTOT_LABELS.split, shardKey), label: CHOTOT_LABELS.split, userData: { shard: shardKey }, priority: -10 },
    ]);
  }

  async function handleList(context: PageContext<HttpResponse>): Promise<void> {
    const state = chototState(context.state);
    const shardKey = String(context.request.userData.shard ?? '');
    const offset = Number(context.request.userData.offset ?? 0);
    if (context.response.status === 400) {
      // Past the gateway's depth cap: learn the cap, and make sure the query gets split instead.
      if (offset === 0) throw new HttpStatusError(400, context.response.url, null);
      state.observedDepthCap = Math.min(state.observedDepthCap ?? Infinity, offset);
      const shard = state.shards[shardKey];
      if (shard) queueSplit(context, state, shardKey, shard);
      context.log.info('chotot depth cap reached', { shard: shardKey, offset });
      return;
    }
    const body = ChototListingPageSchema.safeParse(parseJson(context.response));
    if (!body.success) throw new MalformedResponseError(context.response.url, 'no ads/total in listing answer');

    for (const raw of body.data.ads) {
      const ad = ChototAdSchema.safeParse(raw);
      if (ad.success) {
        for (const dimension of SPLIT_DIMENSIONS) {
          const value = ad.data[dimension];
          if (typeof value === 'number' && !state.seen[dimension].includes(value)) state.seen[dimension].push(value);
        }
      }
      if (options.fetchDetails && ad.success) {
        context.enqueue([
          { url: `${base}/v1/public/ad-listing/${String(ad.data.list_id)}`, label: CHOTOT_LABELS.detail, priority: 1 },
        ]);
      } else {
        emitAd(context, raw);
      }
    }

    if (offset !== 0) return;
    // The first page of a query decides how it is covered.
    const shard: Shard = state.shards[shardKey] ?? { total: null, split: false, splitQueued: false, children: [] };
    shard.total = body.data.total;
    state.shards[shardKey] = shard;
    const cap = depthCap(state);
    const pages: RequestInput[] = [];
    for (let next = options.pageSize; next < body.data.total && next + options.pageSize <= cap; next += options.pageSize) {
      pages.push(listRequest(shardKey, next));
    }
    context.enqueue(pages);
    if (body.data.total > cap) queueSplit(context, state, shardKey, shard);
  }

  async function handleDetail(context: PageContext<HttpResponse>): Promise<void> {
    const body = ChototDetailSchema.safeParse(parseJson(context.response));
    if (!body.success || typeof body.data.ad !== 'object' || body.data.ad === null) {
      throw new MalformedResponseError(context.response.url, 'no ad in detail answer');
    }
    emitAd(context, body.data.ad);
  }

  async function split(context: TaskContext): Promise<void> {
    const state = chototState(context.state);
    const shardKey = String(context.request.userData.shard ?? '');
    const shard = state.shards[shardKey];
    if (!shard) return;
    const dimension = dimensions.find((candidate) => !shardParams(shardKey).has(candidate));
    if (!dimension) return;
    const table = dimension === 'region_v2' ? CHOTOT_KNOWN_REGIONS : CHOTOT_BRANDS;
    const values = [...new Set([...table.keys(), ...state.seen[dimension]])].sort((a, b) => a - b);
    shard.split = true;
    shard.children = values.map((value) => childShard(shardKey, dimension, value));
    context.enqueue(shard.children.map((child) => listRequest(child, 0)));
    context.log.info('chotot query split', { shard: shardKey, by: dimension, parts: values.length, total: shard.total });
  }

  function unreachable(state: ChototState, key: string): { gap: number; unknown: number } {
    const shard = state.shards[key];
    if (!shard || shard.total === null) return { gap: 0, unknown: 1 };
    // A query not split keeps what lies past the depth cap out of reach.
    if (!shard.split) return { gap: Math.max(0, shard.total - depthCap(state)), unknown: 0 };
    let childTotal = 0;
    let gap = 0;
    let unknown = 0;
    for (const child of shard.children) {
      const childShardInfo = state.shards[child];
      if (childShardInfo?.total !== null && childShardInfo?.total !== undefined) childTotal += childShardInfo.total;
      const below = unreachable(state, child);
      gap += below.gap;
      unknown += below.unknown;
    }
    // Ads in regions/brands missing from the split (unknown codes, or a part whose first page failed).
    return { gap: gap + Math.max(0, shard.total - childTotal), unknown };
  }

  return {
    site: 'chotot',
    pageLabels: [CHOTOT_LABELS.list],
    startRequests: () => [listRequest('', 0)],
    handlers: { [CHOTOT_LABELS.list]: handleList, [CHOTOT_LABELS.detail]: handleDetail },
    tasks: { [CHOTOT_LABELS.split]: split },
    handlesStatus: (label, status) => label === CHOTOT_LABELS.list && status === 400,
    initialState: () => {
      const state: JsonObject = {};
      chototState(state);
      return state;
    },
    summarize(rawState) {
      const state = chototState(rawState);
      const root = state.shards[''];
      const coverage = root ? unreachable(state, '') : { gap: 0, unknown: 1 };
      return {
        reportedTotal: root?.total ?? null,
        depthCap: depthCap(state),
        unreachable: coverage.gap,
        queriesWithoutAnswer: coverage.unknown,
        queries: Object.keys(state.shards).length,
        splitQueries: Object.values(state.shards).filter((shard) => shard.split).length,
        skippedAds: state.skippedAds,
      };
    },
  };
}
