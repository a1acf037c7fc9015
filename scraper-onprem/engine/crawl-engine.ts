import type { Listing } from '../../shared/contracts/listing';
import type { Log } from '../../shared/ports/log';
import {
  CircuitOpenError,
  HttpStatusError,
  RetryAfterTooLongError,
  RobotsDisallowedError,
  RobotsUnreachableError,
  toScrapeError,
  type FailureKind,
  type ScrapeError,
} from '../scrape-errors';
import { CircuitBreaker, type CircuitBreakerOptions } from './circuit-breaker';
import { isTaskUrl, toCrawlRequest, type CrawlRequest, type JsonObject, type RequestInput } from './crawl-request';
import type { FetchedResponse, Fetcher } from './fetcher';
import { HostGate, type PolitenessOptions } from './host-gate';
import type { HttpResponse } from './http-fetcher';
import type { AddOutcome, ListingSink } from './listing-sink';
import { backoffDelayMs, parseRetryAfter, type RetryOptions } from './retry-policy';
import { allowAll, disallowAll, parseRobotsTxt, type RobotsPolicy } from './robots-txt';
import type { PageContext, SiteAdapter, TaskContext } from './site-adapter';
import { hostOf, isOnSite, type SiteScope } from './site-scope';
import { sleep } from './sleep';

export interface CrawlEngineOptions {
  /** The site's origin: links elsewhere are counted and dropped, never queued. */
  scope: SiteScope;
  concurrency: number;
  timeoutMs: number;
  politeness: PolitenessOptions;
  respectRobotsTxt: boolean;
  /** Product token matched against robots.txt User-agent lines. */
  robotsAgentToken: string;
  /** Rounds of robots.txt attempts (5xx, 429, unreachable) before the origin's requests fail. Default min(4, maxRetries + 1). */
  robotsRounds?: number;
  retry: RetryOptions;
  breaker: CircuitBreakerOptions;
  /** Cap on listing pages (adapter.pageLabels) enqueued in the whole run; null for none. */
  maxPages: number | null;
  checkpointIntervalMs: number;
  /** Persists a snapshot; called after the sink is flushed, so every `done` request's listings are on disk. */
  onCheckpoint?: (snapshot: EngineSnapshot) => Promise<void>;
  onEvent?: (event: EngineEvent) => void;
  signal?: AbortSignal;
  log: Log;
}

export interface FailedRequest {
  url: string;
  label: string;
  uniqueKey: string;
  userData: JsonObject;
  priority: number;
  kind: FailureKind;
  attempts: number;
  message: string;
}

export interface EngineCounters {
  /** Fetch attempts sent to sites (robots.txt not included). */
  fetches: number;
  robotsFetches: number;
  succeeded: number;
  failed: number;
  retries: number;
  /** Succeeded requests per label. */
  byLabel: Record<string, number>;
  /** Failed attempts by kind, retried or not. */
  errors: Partial<Record<FailureKind, number>>;
  listings: Record<AddOutcome, number>;
  skippedByPageLimit: number;
  /** Links to other origins an adapter tried to enqueue, dropped. */
  offsiteDropped: number;
  /** The first hosts those links pointed at, with counts (bounded). */
  offsiteHosts: Record<string, number>;
  /** Requests held back while robots.txt could not be read (RFC 9309 §2.3.1.4: disallow for now, retry later). */
  robotsDeferrals: number;
  circuitTrips: number;
}

/** Everything needed to resume: JSON only. */
export interface EngineSnapshot {
  done: string[];
  pending: CrawlRequest[];
  failed: FailedRequest[];
  pagesEnqueued: number;
  state: JsonObject;
  counters: EngineCounters;
}

export type EngineEvent =
  | { type: 'request-done'; label: string; url: string; ms: number }
  | { type: 'retry'; label: string; url: string; kind: FailureKind; attempt: number; delayMs: number }
  | { type: 'request-failed'; label: string; url: string; kind: FailureKind; attempts: number; message: string }
  | { type: 'host-paused'; host: string; ms: number }
  | { type: 'circuit-open'; host: string; trips: number }
  | { type: 'site-abandoned'; host: string }
  | { type: 'checkpoint'; done: number; pending: number };

export interface EngineProgress {
  done: number;
  failed: number;
  queued: number;
  inFlight: number;
  listings: number;
  retries: number;
}

export interface EngineResult {
  snapshot: EngineSnapshot;
  /** The run stopped because its signal aborted; pending requests are in the snapshot. */
  interrupted: boolean;
  /** A circuit breaker gave up on a host. */
  abandonedHosts: string[];
  adapterSummary: JsonObject;
}

interface RobotsEntry {
  policy: RobotsPolicy;
  /** robots.txt answered 5xx/429 or not at all: nothing is fetched from the origin for now. */
  unreachable: boolean;
  /** When to ask again (unreachable only); null once the attempts are spent: the origin's requests then fail. */
  retryAt: number | null;
  /** Rounds of robots.txt fetches so far. */
  rounds: number;
  /** Why it is unreachable. */
  cause: ScrapeError | null;
}

const MAX_OFFSITE_HOSTS = 20;

const BREAKER_KINDS: ReadonlySet<FailureKind> = new Set(['http_5xx', 'timeout', 'network']);

function emptyCounters(): EngineCounters {
  return {
    fetches: 0,
    robotsFetches: 0,
    succeeded: 0,
    failed: 0,
    retries: 0,
    byLabel: {},
    errors: {},
    listings: { written: 0, duplicate: 0, invalid: 0 },
    skippedByPageLimit: 0,
    offsiteDropped: 0,
    offsiteHosts: {},
    robotsDeferrals: 0,
    circuitTrips: 0,
  };
}

/**
 * A small crawl engine: a priority queue of labelled requests worked by `concurrency` workers, per-host
 * politeness (HostGate), robots.txt, retries with backoff and Retry-After, a circuit breaker per host, a page
 * limit, request and listing dedupe, and checkpoints. Sites plug in as SiteAdapters; the Fetcher decides whether
 * a request is plain HTTP or a browser tab.
 *
 * Why not Crawlee 3.x: its habits are kept (labels, one handler per page type, one failed-request path), but
 * its PuppeteerCrawler brings browser-pool, fingerprinting and got-scraping, and keeps its request queue in its own
 * storage directory; resuming there would mean a second state next to our checkpoint + part file, which is what
 * makes "resume without refetching, never a half-written upload" checkable. Retry-After, a per-site circuit
 * breaker and a site's own status handling (chotot's 400 past the depth cap) would be hooks around it anyway,
 * and the same engine must run from one file inside Lambda with @sparticuz/chromium.
 */
export class CrawlEngine<R extends FetchedResponse> {
  private readonly ready = new Map<number, CrawlRequest[]>();
  private delayed: CrawlRequest[] = [];
  private readonly inFlight = new Map<string, CrawlRequest>();
  private readonly done = new Set<string>();
  private readonly known = new Set<string>();
  private readonly failed: FailedRequest[] = [];
  private readonly counters: EngineCounters;
  private readonly state: JsonObject;
  private pagesEnqueued = 0;
  private readonly gate: HostGate;
  private readonly breakers = new Map<string, CircuitBreaker>();
  private readonly robots = new Map<string, { entry: Promise<RobotsEntry> }>();
  private readonly abandonedHosts = new Set<string>();
  private wakeWaiters: Array<() => void> = [];
  private lastCheckpointAt = Date.now();
  private checkpointing: Promise<void> | null = null;
  private readonly pageLabels: ReadonlySet<string>;

  constructor(
    private readonly adapter: SiteAdapter<R>,
    private readonly fetcher: Fetcher<R>,
    private readonly robotsFetcher: Fetcher<HttpResponse>,
    private readonly sink: ListingSink,
    private readonly options: CrawlEngineOptions,
    resumeFrom?: EngineSnapshot,
  ) {
    this.gate = new HostGate(options.politeness);
    this.pageLabels = new Set(adapter.pageLabels);
    if (resumeFrom) {
      // Checkpoints written before a counter existed resume with it at zero.
      this.counters = { ...emptyCounters(), ...structuredClone(resumeFrom.counters) };
      this.state = structuredClone(resumeFrom.state);
      this.pagesEnqueued = resumeFrom.pagesEnqueued;
      for (const key of resumeFrom.done) {
        this.done.add(key);
        this.known.add(key);
      }
      for (const failure of resumeFrom.failed) {
        this.failed.push(failure);
        this.known.add(failure.uniqueKey);
      }
      // Requests in flight when the run stopped come back as pending; none has to be fetched twice once done.
      for (const request of resumeFrom.pending) this.push({ ...request, notBefore: 0 });
    } else {
      this.counters = emptyCounters();
      this.state = adapter.initialState?.() ?? {};
      this.enqueue(adapter.startRequests());
    }
    // The sink knows what is really on disk (it may hold more than the last checkpoint counted).
    this.counters.listings.written = sink.lines;
  }

  progress(): EngineProgress {
    let queued = this.delayed.length;
    for (const bucket of this.ready.values()) queued += bucket.length;
    return {
      done: this.done.size,
      failed: this.failed.length,
      queued,
      inFlight: this.inFlight.size,
      listings: this.counters.listings.written,
      retries: this.counters.retries,
    };
  }

  async run(): Promise<EngineResult> {
    const signal = this.options.signal;
    const onAbort = (): void => this.wake();
    signal?.addEventListener('abort', onAbort, { once: true });
    const workers = Array.from({ length: Math.max(1, this.options.concurrency) }, () => this.work());
    try {
      if (signal) {
        // On abort, in-flight requests get one timeout to finish; they stay pending in the checkpoint anyway.
        const aborted = new Promise<void>((resolve) => {
          if (signal.aborted) resolve();
          else signal.addEventListener('abort', () => resolve(), { once: true });
        });
        const grace = new AbortController();
        try {
          await Promise.race([
            Promise.all(workers),
            aborted.then(() => Promise.race([Promise.all(workers), sleep(this.options.timeoutMs + 2_000, grace.signal)])),
          ]);
        } finally {
          grace.abort();
        }
      } else {
        await Promise.all(workers);
      }
    } finally {
      signal?.removeEventListener('abort', onAbort);
    }
    await this.checkpoint();
    return {
      snapshot: this.snapshot(),
      interrupted: signal?.aborted ?? false,
      abandonedHosts: [...this.abandonedHosts],
      adapterSummary: this.adapter.summarize?.(this.state) ?? {},
    };
  }

  private enqueue(inputs: readonly RequestInput[]): void {
    for (const input of inputs) {
      const request = toCrawlRequest(input);
      if (!isTaskUrl(request.url) && !isOnSite(this.options.scope, request.url)) {
        this.dropOffsite(request);
        continue;
      }
      if (this.known.has(request.uniqueKey)) continue;
      if (this.pageLabels.has(request.label)) {
        if (this.options.maxPages !== null && this.pagesEnqueued >= this.options.maxPages) {
          this.counters.skippedByPageLimit += 1;
          continue;
        }
        this.pagesEnqueued += 1;
      }
      this.push(request);
    }
  }

  private dropOffsite(request: CrawlRequest): void {
    this.counters.offsiteDropped += 1;
    const host = hostOf(request.url);
    if (host in this.counters.offsiteHosts || Object.keys(this.counters.offsiteHosts).length < MAX_OFFSITE_HOSTS) {
      this.counters.offsiteHosts[host] = (this.counters.offsiteHosts[host] ?? 0) + 1;
    }
    this.options.log.debug('off-site link dropped', { label: request.label, host });
  }

  private push(request: CrawlRequest): void {
    this.known.add(request.uniqueKey);
    if (request.notBefore > Date.now()) {
      this.delayed.push(request);
    } else {
      let bucket = this.ready.get(request.priority);
      if (!bucket) {
        bucket = [];
        this.ready.set(request.priority, bucket);
      }
      bucket.push(request);
    }
    this.wake();
  }

  private wake(): void {
    const waiters = this.wakeWaiters;
    this.wakeWaiters = [];
    for (const resolve of waiters) resolve();
  }

  private takeReady(): CrawlRequest | null {
    const now = Date.now();
    if (this.delayed.length > 0) {
      const due = this.delayed.filter((request) => request.notBefore <= now);
      if (due.length > 0) {
        this.delayed = this.delayed.filter((request) => request.notBefore > now);
        for (const request of due) {
          let bucket = this.ready.get(request.priority);
          if (!bucket) {
            bucket = [];
            this.ready.set(request.priority, bucket);
          }
          bucket.push(request);
        }
      }
    }
    const priorities = [...this.ready.keys()].sort((a, b) => b - a);
    for (const priority of priorities) {
      const bucket = this.ready.get(priority);
      const next = bucket?.shift();
      if (bucket && bucket.length === 0) this.ready.delete(priority);
      if (next) return next;
    }
    return null;
  }

  /** The next request to work on, waiting for backoffs; null when the crawl is over or aborted. */
  private async next(): Promise<CrawlRequest | null> {
    for (;;) {
      if (this.options.signal?.aborted) return null;
      const request = this.takeReady();
      if (request) {
        // Counted as in flight before this call returns: another worker must not see an empty, idle engine
        // in the gap and conclude the crawl is over.
        this.inFlight.set(request.uniqueKey, request);
        return request;
      }
      if (this.delayed.length === 0 && this.inFlight.size === 0) {
        this.wake();
        return null;
      }
      const wakeAt = this.delayed.length > 0 ? Math.min(...this.delayed.map((entry) => entry.notBefore)) : Infinity;
      await new Promise<void>((resolve) => {
        this.wakeWaiters.push(resolve);
        if (Number.isFinite(wakeAt)) {
          const timer = setTimeout(resolve, Math.max(1, wakeAt - Date.now()));
          // Drop the timer once woken for another reason.
          this.wakeWaiters.push(() => clearTimeout(timer));
        }
      });
    }
  }

  private async work(): Promise<void> {
    for (;;) {
      const request = await this.next();
      if (!request) return;
      try {
        await this.process(request);
      } finally {
        this.inFlight.delete(request.uniqueKey);
        this.wake();
      }
      await this.maybeCheckpoint();
    }
  }

  private context(request: CrawlRequest): TaskContext {
    return {
      request,
      enqueue: (inputs) => this.enqueue(inputs),
      emit: (listing: Listing) => {
        const outcome = this.sink.add(listing);
        this.counters.listings[outcome] += 1;
        return outcome;
      },
      state: this.state,
      scrapedAt: new Date().toISOString(),
      log: this.options.log,
    };
  }

  private async process(request: CrawlRequest): Promise<void> {
    const started = Date.now();
    if (isTaskUrl(request.url)) {
      const task = this.adapter.tasks?.[request.label];
      try {
        if (!task) throw new Error(`no task handler for label ${request.label}`);
        await task(this.context(request));
        this.markDone(request, started);
      } catch (error) {
        this.fail(request, toScrapeError(error));
      }
      return;
    }

    const url = new URL(request.url);
    const host = url.host;
    if (this.options.respectRobotsTxt) {
      const robots = await this.robotsFor(url);
      if (robots.unreachable && robots.retryAt !== null) {
        // Disallowed for now: the request waits for the next robots.txt attempt instead of failing.
        this.counters.robotsDeferrals += 1;
        this.push({ ...request, notBefore: robots.retryAt });
        return;
      }
      if (robots.unreachable) {
        const cause = robots.cause;
        return this.fail(request, cause?.kind === 'private_address' ? cause : new RobotsUnreachableError(host, { cause }));
      }
      if (!robots.policy.isAllowed(`${url.pathname}${url.search}`)) return this.fail(request, new RobotsDisallowedError(request.url));
    }

    const breaker = this.breakerFor(host);
    const decision = breaker.decide();
    if (decision.kind === 'abort') {
      if (!this.abandonedHosts.has(host)) {
        this.abandonedHosts.add(host);
        this.options.onEvent?.({ type: 'site-abandoned', host });
        this.options.log.error('circuit breaker gave up on host', { host, trips: breaker.trips });
      }
      return this.fail(request, new CircuitOpenError(host));
    }
    if (decision.kind === 'wait') {
      this.push({ ...request, notBefore: decision.untilEpochMs });
      return;
    }

    await this.gate.acquire(host, this.options.signal);
    if (this.options.signal?.aborted) {
      breaker.recordNeutral();
      this.push(request);
      return;
    }

    let response: R | null = null;
    this.counters.fetches += 1;
    try {
      response = await this.fetcher.fetch(request.url, { timeoutMs: this.options.timeoutMs, signal: this.options.signal });
      const handled = this.adapter.handlesStatus?.(request.label, response.status) ?? false;
      if (!handled && (response.status < 200 || response.status > 299)) {
        throw new HttpStatusError(response.status, request.url, parseRetryAfter(response.header('retry-after')));
      }
      const handler = this.adapter.handlers[request.label];
      if (!handler) throw new Error(`no handler for label ${request.label}`);
      const context: PageContext<R> = { ...this.context(request), response };
      await handler(context);
      breaker.recordSuccess();
      this.markDone(request, started);
    } catch (caught) {
      if (this.options.signal?.aborted) {
        // Stopped mid-request: not the site's fault; it stays pending for the resumed run.
        breaker.recordNeutral();
        this.push(request);
        return;
      }
      this.handleFailure(request, host, breaker, toScrapeError(caught));
    } finally {
      if (response) await this.fetcher.release(response).catch(() => undefined);
    }
  }

  private handleFailure(request: CrawlRequest, host: string, breaker: CircuitBreaker, error: ScrapeError): void {
    this.counters.errors[error.kind] = (this.counters.errors[error.kind] ?? 0) + 1;
    if (BREAKER_KINDS.has(error.kind)) {
      const tripsBefore = breaker.trips;
      breaker.recordFailure();
      if (breaker.trips > tripsBefore) {
        this.counters.circuitTrips += 1;
        this.options.onEvent?.({ type: 'circuit-open', host, trips: breaker.trips });
        this.options.log.warn('circuit breaker opened', { host, trips: breaker.trips });
      }
    } else {
      breaker.recordNeutral();
    }

    const retryAfterMs = error instanceof HttpStatusError ? error.retryAfterMs : null;
    const attempt = request.attempts + 1;
    if (error.kind === 'http_429') {
      // A 429 is about the host, not this URL: every worker holds off.
      const pauseMs = Math.min(retryAfterMs ?? backoffDelayMs(attempt, this.options.retry), this.options.retry.maxRetryAfterMs);
      this.gate.pauseUntil(host, Date.now() + pauseMs);
      this.options.onEvent?.({ type: 'host-paused', host, ms: pauseMs });
    }
    if (retryAfterMs !== null && retryAfterMs > this.options.retry.maxRetryAfterMs) {
      return this.fail(request, new RetryAfterTooLongError(request.url, retryAfterMs, this.options.retry.maxRetryAfterMs), true);
    }
    if (!error.retryable || request.attempts >= this.options.retry.maxRetries) return this.fail(request, error, true);

    const delayMs = Math.max(backoffDelayMs(attempt, this.options.retry), retryAfterMs ?? 0);
    this.counters.retries += 1;
    this.options.onEvent?.({ type: 'retry', label: request.label, url: request.url, kind: error.kind, attempt, delayMs });
    this.options.log.debug('retrying request', { label: request.label, url: request.url, kind: error.kind, attempt, delayMs });
    this.push({ ...request, attempts: attempt, notBefore: Date.now() + delayMs });
  }

  private markDone(request: CrawlRequest, started: number): void {
    this.done.add(request.uniqueKey);
    this.counters.succeeded += 1;
    this.counters.byLabel[request.label] = (this.counters.byLabel[request.label] ?? 0) + 1;
    this.options.onEvent?.({ type: 'request-done', label: request.label, url: request.url, ms: Date.now() - started });
  }

  /** The one failed-request path: counted by kind, kept with its reason, never retried again in this run. */
  private fail(request: CrawlRequest, error: ScrapeError, attemptCounted = false): void {
    // Attempt errors are counted in handleFailure; failures decided before any fetch are counted here.
    if (!attemptCounted) this.counters.errors[error.kind] = (this.counters.errors[error.kind] ?? 0) + 1;
    this.counters.failed += 1;
    const failure: FailedRequest = {
      url: request.url,
      label: request.label,
      uniqueKey: request.uniqueKey,
      userData: request.userData,
      priority: request.priority,
      kind: error.kind,
      attempts: request.attempts + 1,
      message: error.message,
    };
    this.failed.push(failure);
    this.options.onEvent?.({ type: 'request-failed', label: request.label, url: request.url, kind: error.kind, attempts: failure.attempts, message: error.message });
    this.options.log.warn('request failed', { label: request.label, url: request.url, kind: error.kind, attempts: failure.attempts, reason: error.message });
  }

  private breakerFor(host: string): CircuitBreaker {
    let breaker = this.breakers.get(host);
    if (!breaker) {
      breaker = new CircuitBreaker(this.options.breaker);
      this.breakers.set(host, breaker);
    }
    return breaker;
  }

  /** The origin's robots.txt: read once, or again once an unreachable one is due for another attempt. */
  private robotsFor(url: URL): Promise<RobotsEntry> {
    const cached = this.robots.get(url.origin);
    if (cached) {
      return cached.entry.then((entry) => {
        if (!entry.unreachable || entry.retryAt === null || entry.retryAt > Date.now()) return entry;
        // Due: the first worker here asks again; the others wait for the same answer.
        const current = this.robots.get(url.origin);
        if (current && current !== cached) return current.entry;
        const next = { entry: this.fetchRobots(url, entry.rounds + 1) };
        this.robots.set(url.origin, next);
        return next.entry;
      });
    }
    const first = { entry: this.fetchRobots(url, 1) };
    this.robots.set(url.origin, first);
    return first.entry;
  }

  /**
   * One round of robots.txt (RFC 9309 §2.3.1): 2xx is parsed; 4xx other than 429 means no rules (allow all);
   * 5xx, 429, a timeout or a network error means disallow everything for now and ask again after a backoff
   * (Retry-After honoured), up to `robotsRounds` rounds, after which the origin's requests fail as
   * robots_unreachable (kept for the next run, which asks again).
   */
  private async fetchRobots(url: URL, round: number): Promise<RobotsEntry> {
    const robotsUrl = `${url.origin}/robots.txt`;
    const maxRounds = Math.max(1, this.options.robotsRounds ?? Math.min(4, this.options.retry.maxRetries + 1));
    await this.gate.acquire(url.host, this.options.signal);
    this.counters.robotsFetches += 1;
    let failure: unknown;
    try {
      const response = await this.robotsFetcher.fetch(robotsUrl, { timeoutMs: this.options.timeoutMs, signal: this.options.signal });
      if (response.status >= 200 && response.status < 300) {
        const policy = parseRobotsTxt(response.text, this.options.robotsAgentToken);
        if (policy.crawlDelayMs !== null) this.gate.setCrawlDelay(url.host, policy.crawlDelayMs);
        return { policy, unreachable: false, retryAt: null, rounds: round, cause: null };
      }
      if (response.status >= 400 && response.status < 500 && response.status !== 429) {
        this.options.log.info('robots.txt unavailable; no rules apply', { url: robotsUrl, status: response.status });
        return { policy: allowAll, unreachable: false, retryAt: null, rounds: round, cause: null };
      }
      failure = new HttpStatusError(response.status, robotsUrl, parseRetryAfter(response.header('retry-after')));
    } catch (error) {
      failure = error;
    }
    const cause = toScrapeError(failure);
    // A refusal of our own (private address, off-site redirect) will not change by asking again.
    const final = round >= maxRounds || !cause.retryable;
    const retryAfter = cause instanceof HttpStatusError ? cause.retryAfterMs : null;
    const waitMs = Math.max(backoffDelayMs(round, this.options.retry), Math.min(retryAfter ?? 0, this.options.retry.maxRetryAfterMs));
    const log = this.options.log;
    (final ? log.error : log.warn).call(log, final ? 'robots.txt unreachable; the site is disallowed for this run' : 'robots.txt unreachable; disallowed for now, asking again later', {
      url: robotsUrl,
      round,
      reason: cause.message,
      ...(!final && { retryInMs: waitMs }),
    });
    return { policy: disallowAll, unreachable: true, retryAt: final ? null : Date.now() + waitMs, rounds: round, cause };
  }

  private snapshot(): EngineSnapshot {
    // A request being retried sits in the queue while its worker still holds it: keep one copy.
    const pending = new Map<string, CrawlRequest>();
    for (const request of [...this.inFlight.values(), ...this.delayed, ...[...this.ready.values()].flat()]) {
      if (!this.done.has(request.uniqueKey)) pending.set(request.uniqueKey, request);
    }
    return {
      done: [...this.done],
      pending: structuredClone([...pending.values()]),
      failed: structuredClone(this.failed),
      pagesEnqueued: this.pagesEnqueued,
      state: structuredClone(this.state),
      counters: structuredClone(this.counters),
    };
  }

  private async maybeCheckpoint(): Promise<void> {
    if (this.checkpointing || Date.now() - this.lastCheckpointAt < this.options.checkpointIntervalMs) return;
    await this.checkpoint();
  }

  private async checkpoint(): Promise<void> {
    while (this.checkpointing) await this.checkpointing;
    // Snapshot first, then flush: every listing emitted by a request counted as done is then on disk.
    const snapshot = this.snapshot();
    this.checkpointing = (async () => {
      await this.sink.flush();
      if (this.options.onCheckpoint) await this.options.onCheckpoint(snapshot);
      this.lastCheckpointAt = Date.now();
      this.options.onEvent?.({ type: 'checkpoint', done: snapshot.done.length, pending: snapshot.pending.length });
    })();
    try {
      await this.checkpointing;
    } finally {
      this.checkpointing = null;
    }
  }
}
