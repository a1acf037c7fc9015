import type { Listing } from '../../shared/contracts/listing';
import type { Log } from '../../shared/ports/log';
import type { CrawlRequest, JsonObject, RequestInput } from './crawl-request';
import type { FetchedResponse } from './fetcher';
import type { AddOutcome } from './listing-sink';

/** What a handler gets: its request, and ways to add requests, emit listings and keep run state. */
export interface TaskContext {
  readonly request: CrawlRequest;
  enqueue(inputs: readonly RequestInput[]): void;
  emit(listing: Listing): AddOutcome;
  /** The adapter's own run state: plain JSON, saved in the checkpoint and given back on resume. */
  readonly state: JsonObject;
  /** ISO time of this request, used as `scraped_at`. */
  readonly scrapedAt: string;
  readonly log: Log;
}

export interface PageContext<R extends FetchedResponse> extends TaskContext {
  readonly response: R;
}

export type PageHandler<R extends FetchedResponse> = (context: PageContext<R>) => Promise<void>;
export type TaskHandler = (context: TaskContext) => Promise<void>;

/**
 * A site: where the crawl starts, one handler per page label, and tasks that need no fetch. Handlers parse with
 * pure functions and throw ScrapeErrors; retries, politeness and bookkeeping are the engine's.
 */
export interface SiteAdapter<R extends FetchedResponse> {
  readonly site: Listing['source'];
  /** Labels of listing (index) pages: what `--max-pages` counts. */
  readonly pageLabels: readonly string[];
  startRequests(): RequestInput[];
  readonly handlers: Readonly<Record<string, PageHandler<R>>>;
  readonly tasks?: Readonly<Record<string, TaskHandler>>;
  /** Non-2xx answers the label's handler reads itself instead of the engine failing or retrying them. */
  handlesStatus?(label: string, status: number): boolean;
  initialState?(): JsonObject;
  /** Adapter figures for the run report (e.g. how much of the site was reachable). */
  summarize?(state: JsonObject): JsonObject;
}
