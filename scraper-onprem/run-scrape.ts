import { randomBytes } from 'node:crypto';
import { rm } from 'node:fs/promises';
import { resolve } from 'node:path';
import type { Listing } from '../shared/contracts/listing';
import { silentLog, type Log } from '../shared/ports/log';
import { defaultChromiumPath } from './browser/chromium-args';
import { launchLocalChromium, type LaunchedBrowser } from './browser/launch-local-chromium';
import type { SandboxMode } from './browser/chromium-sandbox';
import { BrowserFetcher } from './engine/browser-fetcher';
import { defaultCircuitBreakerOptions, type CircuitBreakerOptions } from './engine/circuit-breaker';
import {
  CrawlEngine,
  type EngineEvent,
  type EngineProgress,
  type EngineResult,
  type EngineSnapshot,
  type FailedRequest,
} from './engine/crawl-engine';
import { crawlFingerprint, describeCrawlDifference, type CrawlFingerprint, type CrawlOptions } from './crawl-fingerprint';
import { readCheckpointFile, writeCheckpointFile, CheckpointUnreadableError } from './engine/checkpoint-file';
import type { FetchedResponse, Fetcher } from './engine/fetcher';
import { DEFAULT_MAX_BODY_BYTES, HttpFetcher } from './engine/http-fetcher';
import { siteScope, type SiteScope } from './engine/site-scope';
import { assertPublicHost } from './net/private-address';
import { ListingSink, type OutputSummary } from './engine/listing-sink';
import { defaultRetryOptions, type RetryOptions } from './engine/retry-policy';
import type { SiteAdapter } from './engine/site-adapter';
import { reportFromCounters, type RunReport, type RunStatus } from './run-report';
import { PrivateAddressError, type FailureKind } from './scrape-errors';
import { SCRAPE_CHECKPOINT_VERSION, ScrapeCheckpointSchema, type ScrapeCheckpoint } from './scrape-checkpoint';
import { chototDefaults, createChototSite, type ChototSiteOptions } from './sites/chotot/chotot-site';
import { createXetotSite, xetotDefaults, type XetotSiteOptions } from './sites/xetot/xetot-site';
import { uploadListings, type UploadResult, type UploadTarget } from './upload/upload-listings';

export type ScrapeSite = Listing['source'];

export const DEFAULT_BASE_URLS: Readonly<Record<ScrapeSite, string>> = {
  chotot: 'https://gateway.chotot.com',
  xetot: 'https://xetot.com',
};

/** Polite by default: one site, a night, no hurry. */
export const SITE_DEFAULTS: Readonly<Record<ScrapeSite, { concurrency: number; delayMs: number; maxRequestsPerMinute: number }>> = {
  chotot: { concurrency: 2, delayMs: 1_000, maxRequestsPerMinute: 40 },
  xetot: { concurrency: 2, delayMs: 1_500, maxRequestsPerMinute: 30 },
};

export const DEFAULT_USER_AGENT = 'Mozilla/5.0 (compatible; xecu-scraper/0.1; used-car market research)';
export const ROBOTS_AGENT_TOKEN = 'xecu-scraper';

export interface RunScrapeOptions {
  site: ScrapeSite;
  /** Default: the real site (DEFAULT_BASE_URLS). */
  baseUrl?: string;
  /** Listing pages to enqueue in the whole run; null/undefined for no limit. */
  maxPages?: number | null;
  /**
   * Final gzip NDJSON path. Default: <outDir>/<site>-<UTC date>-<crawl options hash>.ndjson.gz, so a rerun of the
   * same crawl the same day resumes it and a crawl with other options gets its own file.
   */
  outPath?: string;
  /** Directory of the default output path. Default .xecu/scrape. */
  outDir?: string;
  /** Default: <outPath>.checkpoint.json */
  checkpointPath?: string;
  /** Ignore (and delete) an existing checkpoint and part file. */
  fresh?: boolean;
  runId?: string;
  upload?: UploadTarget | null;
  concurrency?: number;
  /** Per-host gap between requests; 0 for none. */
  delayMs?: number;
  /** Per-host cap; 0 for none. */
  maxRequestsPerMinute?: number;
  respectRobotsTxt?: boolean;
  /**
   * Allow requests to private, loopback and link-local addresses (the fixture sites on 127.0.0.1). Default: the
   * environment variable XECU_SCRAPE_ALLOW_PRIVATE_NETWORK=1 (a deployment's choice; a Lambda event cannot set it),
   * otherwise false.
   */
  allowPrivateNetwork?: boolean;
  /** Cap on one response body (HTTP) or document (browser); past it the request fails. Default 5 MiB. */
  maxBodyBytes?: number;
  timeoutMs?: number;
  retry?: Partial<RetryOptions>;
  breaker?: Partial<CircuitBreakerOptions>;
  userAgent?: string;
  /** xetot: Chromium binary. Default CHROMIUM_PATH or /usr/bin/chromium. */
  chromiumPath?: string;
  /** xetot: Chromium's sandbox, auto (default: on unless the host cannot), on, off. */
  chromiumSandbox?: SandboxMode;
  /** xetot: how to get a browser (Lambda passes @sparticuz/chromium's); default launches the local Chromium. */
  launchBrowser?: () => Promise<LaunchedBrowser>;
  chotot?: Partial<Omit<ChototSiteOptions, 'baseUrl'>>;
  xetot?: Partial<Omit<XetotSiteOptions, 'baseUrl'>>;
  checkpointIntervalMs?: number;
  /** Share of given-up requests above which the run fails (and is kept for resuming). */
  maxErrorRate?: number;
  signal?: AbortSignal;
  log?: Log;
  onEvent?: (event: EngineEvent) => void;
  onProgress?: (progress: EngineProgress) => void;
  progressIntervalMs?: number;
}

export interface RunScrapeResult {
  report: RunReport;
  /** The finished .ndjson.gz, or null when the run did not finish (interrupted or failed). */
  outputPath: string | null;
}

/** The checkpoint at the output path is another crawl's: resuming it would mix two crawls in one output. */
export class CheckpointMismatchError extends Error {
  override readonly name = 'CheckpointMismatchError';
  constructor(readonly path: string, reason: string) {
    super(`checkpoint ${path} belongs to another crawl (${reason}); use --fresh to discard it, or another --out`);
  }
}

/** Failures worth another go when a run is resumed: the site may be back. Changed markup or a 404 is not. */
const RETRY_ON_RESUME: ReadonlySet<FailureKind> = new Set([
  'http_429',
  'http_5xx',
  'timeout',
  'network',
  'malformed_response',
  'circuit_open',
  'robots_unreachable',
  'retry_after_too_long',
  // The run may now allow the private network, or a larger body cap.
  'private_address',
  'response_too_large',
  'handler_error',
]);

function utcDate(iso: string): string {
  return iso.slice(0, 10);
}

/** robots.txt is read up to 512 KiB and the rest ignored (RFC 9309 §2.5 asks for at least 500 KiB). */
const ROBOTS_MAX_BYTES = 512 * 1024;

/** Whether this run may reach private addresses: the option, else XECU_SCRAPE_ALLOW_PRIVATE_NETWORK=1|true. */
export function privateNetworkAllowed(option: boolean | undefined, env: NodeJS.ProcessEnv = process.env): boolean {
  if (option !== undefined) return option;
  const value = env.XECU_SCRAPE_ALLOW_PRIVATE_NETWORK?.trim().toLowerCase();
  return value === '1' || value === 'true';
}

export function newRunId(site: ScrapeSite, at: Date): string {
  const stamp = at.toISOString().replace(/[-:]/g, '').replace(/\.\d+Z$/, 'Z');
  return `${site}-${stamp}-${randomBytes(3).toString('hex')}`;
}

/** `<dir>/<site>-<UTC date>-<crawl options hash>.ndjson.gz`: one file per crawl per day. */
export function defaultOutPath(site: ScrapeSite, at: Date, fingerprint: CrawlFingerprint, dir = resolve('.xecu', 'scrape')): string {
  return resolve(dir, `${site}-${utcDate(at.toISOString())}-${fingerprint.hash}.ndjson.gz`);
}

/** The crawl-defining options of a run, with the site defaults applied (what the adapter is built from). */
export function crawlOptionsOf(options: Pick<RunScrapeOptions, 'site' | 'baseUrl' | 'maxPages' | 'chotot' | 'xetot'>): CrawlOptions {
  const baseUrl = (options.baseUrl ?? DEFAULT_BASE_URLS[options.site]).replace(/\/+$/, '');
  const maxPages = options.maxPages ?? null;
  return options.site === 'chotot'
    ? { site: 'chotot', baseUrl, maxPages, chotot: { ...chototDefaults, ...options.chotot } }
    : { site: 'xetot', baseUrl, maxPages, xetot: { ...xetotDefaults, ...options.xetot } };
}

async function loadCheckpoint(path: string): Promise<ScrapeCheckpoint | null> {
  const raw = await readCheckpointFile(path);
  if (raw === null) return null;
  const version = typeof raw === 'object' && raw !== null ? (raw as { version?: unknown }).version : undefined;
  if (typeof version === 'number' && version !== SCRAPE_CHECKPOINT_VERSION) {
    throw new CheckpointMismatchError(path, `checkpoint format ${version}, this scraper writes ${SCRAPE_CHECKPOINT_VERSION}`);
  }
  const parsed = ScrapeCheckpointSchema.safeParse(raw);
  if (!parsed.success) throw new CheckpointUnreadableError(path, parsed.error.issues[0]?.message ?? 'unexpected shape');
  return parsed.data as unknown as ScrapeCheckpoint;
}

/** Puts requests that failed for reasons the site may have fixed back in the queue, with fresh attempts. */
function reviveFailures(snapshot: EngineSnapshot): EngineSnapshot {
  const revived: FailedRequest[] = snapshot.failed.filter((failure) => RETRY_ON_RESUME.has(failure.kind));
  if (revived.length === 0) return snapshot;
  return {
    ...snapshot,
    failed: snapshot.failed.filter((failure) => !RETRY_ON_RESUME.has(failure.kind)),
    pending: [
      ...snapshot.pending,
      ...revived.map((failure) => ({
        url: failure.url,
        label: failure.label,
        uniqueKey: failure.uniqueKey,
        userData: failure.userData,
        priority: failure.priority,
        attempts: 0,
        notBefore: 0,
      })),
    ],
    counters: { ...snapshot.counters, failed: snapshot.counters.failed - revived.length },
  };
}

/**
 * One scrape run, start to finish: crawl (or resume) into a part file with checkpoints, decide the status,
 * gzip the output into place, upload it. A run that is interrupted or fails keeps its checkpoint, and the next call
 * with the same output path continues it without fetching done pages again.
 */
export async function runScrape(options: RunScrapeOptions): Promise<RunScrapeResult> {
  const startedMs = Date.now();
  const log = options.log ?? silentLog;
  const site = options.site;
  const crawlOptions = crawlOptionsOf(options);
  const baseUrl = crawlOptions.baseUrl;
  const fingerprint = crawlFingerprint(crawlOptions);
  const now = new Date(startedMs);
  const outPath = resolve(options.outPath ?? defaultOutPath(site, now, fingerprint, options.outDir));
  const checkpointPath = resolve(options.checkpointPath ?? `${outPath}.checkpoint.json`);
  const partPath = `${outPath}.part`;

  let checkpoint = options.fresh ? null : await loadCheckpoint(checkpointPath);
  if (options.fresh) {
    await rm(checkpointPath, { force: true });
    await rm(partPath, { force: true });
  }
  const finished = checkpoint && (checkpoint.phase === 'uploaded' || (checkpoint.phase === 'written' && !options.upload));
  if (checkpoint && finished && utcDate(checkpoint.startedAt) !== utcDate(now.toISOString())) {
    // A finished run from another day: this is a new night's run that reuses the output path.
    log.info('previous run finished on another day; starting a new run', { previousRunId: checkpoint.runId });
    checkpoint = null;
    await rm(partPath, { force: true });
  } else if (checkpoint && checkpoint.crawl.fingerprint !== fingerprint.hash) {
    // Resuming, or calling it complete, would hand back another crawl's pages under these options.
    throw new CheckpointMismatchError(checkpointPath, describeCrawlDifference(checkpoint.crawl.options, fingerprint.options));
  } else if (checkpoint && finished && checkpoint.report) {
    log.info('run already complete; nothing to fetch', { runId: checkpoint.runId, phase: checkpoint.phase });
    return {
      report: { ...checkpoint.report, message: 'already complete: nothing fetched (use --fresh to scrape again)', durationMs: Date.now() - startedMs },
      outputPath: checkpoint.output?.path ?? null,
    };
  }

  const runId = checkpoint?.runId ?? options.runId ?? newRunId(site, now);
  const startedAt = checkpoint?.startedAt ?? now.toISOString();
  const resumptions = checkpoint ? checkpoint.resumptions + 1 : 0;
  const base: ScrapeCheckpoint = {
    version: SCRAPE_CHECKPOINT_VERSION,
    site,
    baseUrl,
    crawl: { fingerprint: fingerprint.hash, options: fingerprint.options },
    runId,
    startedAt,
    phase: 'crawling',
    resumptions,
    outPath,
    partPath,
    engine: null,
    report: null,
    output: null,
  };
  if (checkpoint) log.info('resuming run', { runId, phase: checkpoint.phase, resumptions, crawl: fingerprint.hash });

  let report: RunReport;
  let output: OutputSummary | null;
  if (checkpoint?.phase === 'written' && checkpoint.output && checkpoint.report) {
    report = checkpoint.report;
    output = checkpoint.output;
  } else {
    const crawled = await crawl(options, { crawlOptions, runId, startedAt, startedMs, resumptions, checkpointPath, partPath, outPath, base, log }, checkpoint);
    if (!crawled.output) return { report: crawled.report, outputPath: null };
    report = crawled.report;
    output = crawled.output;
  }

  let upload: UploadResult | null = null;
  if (options.upload) {
    try {
      upload = await uploadListings(options.upload, output, { site, date: utcDate(startedAt), runId });
      log.info('uploaded listings', { bucket: upload.bucket, key: upload.key, bytes: upload.bytes });
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      log.error('upload failed; run again to retry the upload', { reason: message });
      const failedReport: RunReport = {
        ...report,
        status: 'failed',
        message: `upload failed (${message}); the output is complete, run again to retry the upload`,
        finishedAt: new Date().toISOString(),
        durationMs: Date.now() - startedMs,
        checkpointPath,
      };
      await writeCheckpointFile(checkpointPath, { ...base, phase: 'written', report: failedReport, output });
      return { report: failedReport, outputPath: output.path };
    }
  }
  const finalReport: RunReport = {
    ...report,
    upload,
    finishedAt: new Date().toISOString(),
    durationMs: Date.now() - startedMs,
    checkpointPath: null,
  };
  await writeCheckpointFile(checkpointPath, { ...base, phase: upload ? 'uploaded' : 'written', report: finalReport, output });
  return { report: finalReport, outputPath: output.path };
}

interface CrawlRun {
  crawlOptions: CrawlOptions;
  runId: string;
  startedAt: string;
  startedMs: number;
  resumptions: number;
  checkpointPath: string;
  partPath: string;
  outPath: string;
  base: ScrapeCheckpoint;
  log: Log;
}

/** Throws PrivateAddressError when the site's own host is private and the run does not allow that. */
async function refusePrivateSite(scope: SiteScope): Promise<void> {
  if (scope.allowPrivateNetwork) return;
  try {
    await assertPublicHost(new URL(scope.origin).hostname);
  } catch (error) {
    if (error instanceof PrivateAddressError) throw error;
    // Unresolvable right now: the requests will say so in the report.
  }
}

async function crawl(options: RunScrapeOptions, run: CrawlRun, checkpoint: ScrapeCheckpoint | null): Promise<{ report: RunReport; output: OutputSummary | null }> {
  const scope = siteScope(run.crawlOptions.baseUrl, privateNetworkAllowed(options.allowPrivateNetwork));
  // Fail fast, before any file is touched, when the site itself is on a private address (a typo'd --base-url,
  // a fixture site without --allow-private-network); every request is checked again when it connects.
  await refusePrivateSite(scope);
  const sink = await ListingSink.open(run.partPath, { resume: checkpoint !== null && checkpoint.engine !== null });
  const userAgent = options.userAgent ?? DEFAULT_USER_AGENT;
  const maxBodyBytes = options.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES;
  const robotsFetcher = new HttpFetcher({ userAgent, accept: 'text/plain, */*', scope, maxBodyBytes: ROBOTS_MAX_BYTES, overLimit: 'truncate' });
  let browser: LaunchedBrowser | null = null;
  let result: EngineResult;
  try {
    const crawlOptions = run.crawlOptions;
    if (crawlOptions.site === 'chotot') {
      const adapter = createChototSite({ ...crawlOptions.chotot, baseUrl: crawlOptions.baseUrl });
      result = await runEngine(options, run, checkpoint, adapter, new HttpFetcher({ userAgent, scope, maxBodyBytes }), robotsFetcher, sink, scope);
    } else {
      browser = await (options.launchBrowser ??
        (() =>
          launchLocalChromium({
            executablePath: options.chromiumPath ?? process.env.CHROMIUM_PATH ?? defaultChromiumPath,
            sandbox: options.chromiumSandbox,
            log: run.log,
          })))();
      const adapter = createXetotSite({ ...crawlOptions.xetot, baseUrl: crawlOptions.baseUrl });
      const fetcher = new BrowserFetcher(browser.browser, { userAgent, blockHeavyResources: true, scope, maxBodyBytes });
      result = await runEngine(options, run, checkpoint, adapter, fetcher, robotsFetcher, sink, scope);
    }
  } catch (error) {
    await sink.close().catch(() => undefined);
    throw error;
  } finally {
    await robotsFetcher.close();
    await browser?.close();
  }

  const { counters, failed } = result.snapshot;
  const settled = counters.succeeded + counters.failed;
  const errorRate = settled === 0 ? 0 : counters.failed / settled;
  const maxErrorRate = options.maxErrorRate ?? 0.2;
  let status: RunStatus;
  let message: string | null = null;
  if (result.interrupted) {
    status = 'interrupted';
    message = `stopped with ${result.snapshot.pending.length} requests pending; run again to resume`;
  } else if (result.abandonedHosts.length > 0) {
    status = 'failed';
    message = `gave up on ${result.abandonedHosts.join(', ')} after repeated failures; run again later to resume`;
  } else if (errorRate > maxErrorRate) {
    status = 'failed';
    message = `${counters.failed} of ${settled} requests failed (more than ${Math.round(maxErrorRate * 100)}%); see failedByKind`;
  } else if (counters.listings.written === 0 && counters.failed > 0) {
    status = 'failed';
    message = 'no listings written';
  } else if (counters.failed > 0 || counters.listings.invalid > 0) {
    status = 'partial';
    message = `${counters.failed} requests given up, ${counters.listings.invalid} invalid listings`;
  } else {
    status = 'ok';
  }

  const report: RunReport = {
    runId: run.runId,
    site: run.crawlOptions.site,
    baseUrl: run.crawlOptions.baseUrl,
    status,
    message,
    startedAt: run.startedAt,
    finishedAt: new Date().toISOString(),
    durationMs: Date.now() - run.startedMs,
    resumptions: run.resumptions,
    ...reportFromCounters(counters, failed),
    invalidListings: [...sink.invalidSamples],
    abandonedHosts: result.abandonedHosts,
    siteSummary: result.adapterSummary,
    output: null,
    upload: null,
    checkpointPath: status === 'interrupted' || status === 'failed' ? run.checkpointPath : null,
  };
  if (status === 'interrupted' || status === 'failed') {
    await sink.close();
    run.log.warn('run not finished; checkpoint kept', { runId: run.runId, status, checkpoint: run.checkpointPath });
    return { report, output: null };
  }
  const output = await sink.finalize(run.outPath);
  const written: RunReport = { ...report, output };
  await writeCheckpointFile(run.checkpointPath, { ...run.base, phase: 'written', engine: null, report: written, output });
  run.log.info('output written', { path: output.path, lines: output.lines, bytes: output.bytes });
  return { report: written, output };
}

async function runEngine<R extends FetchedResponse>(
  options: RunScrapeOptions,
  run: CrawlRun,
  checkpoint: ScrapeCheckpoint | null,
  adapter: SiteAdapter<R>,
  fetcher: Fetcher<R>,
  robotsFetcher: HttpFetcher,
  sink: ListingSink,
  scope: SiteScope,
): Promise<EngineResult> {
  const defaults = SITE_DEFAULTS[run.crawlOptions.site];
  const resumeFrom = checkpoint?.engine ? reviveFailures(checkpoint.engine) : undefined;
  const engine = new CrawlEngine(
    adapter,
    fetcher,
    robotsFetcher,
    sink,
    {
      scope,
      concurrency: options.concurrency ?? defaults.concurrency,
      timeoutMs: options.timeoutMs ?? 20_000,
      politeness: {
        delayMs: options.delayMs ?? defaults.delayMs,
        maxRequestsPerMinute: options.maxRequestsPerMinute ?? defaults.maxRequestsPerMinute,
      },
      respectRobotsTxt: options.respectRobotsTxt ?? true,
      robotsAgentToken: ROBOTS_AGENT_TOKEN,
      retry: { ...defaultRetryOptions, ...options.retry },
      breaker: { ...defaultCircuitBreakerOptions, ...options.breaker },
      maxPages: run.crawlOptions.maxPages,
      checkpointIntervalMs: options.checkpointIntervalMs ?? 5_000,
      onCheckpoint: (snapshot) => writeCheckpointFile(run.checkpointPath, { ...run.base, phase: 'crawling', engine: snapshot }),
      onEvent: options.onEvent,
      signal: options.signal,
      log: run.log,
    },
    resumeFrom,
  );
  const timer = options.onProgress
    ? setInterval(() => options.onProgress?.(engine.progress()), options.progressIntervalMs ?? 250)
    : null;
  try {
    return await engine.run();
  } finally {
    if (timer) clearInterval(timer);
    options.onProgress?.(engine.progress());
    await fetcher.close().catch(() => undefined);
  }
}
