import { parseArgs } from 'node:util';
import { FilesystemObjectStore } from '../shared/adapters/filesystem/filesystem-object-store';
import type { Log } from '../shared/ports/log';
import { defaultChromiumPath } from './browser/chromium-args';
import { SANDBOX_MODES, type SandboxMode } from './browser/chromium-sandbox';
import { DEFAULT_MAX_BODY_BYTES } from './engine/http-fetcher';
import type { EngineEvent } from './engine/crawl-engine';
import { jsonLinesLog } from './logging/json-lines-log';
import { ProgressBar } from './logging/progress-bar';
import { formatRunReport } from './run-report';
import { DEFAULT_BASE_URLS, SITE_DEFAULTS, runScrape, type RunScrapeOptions, type ScrapeSite } from './run-scrape';
import { chototDefaults } from './sites/chotot/chotot-site';
import { xetotDefaults } from './sites/xetot/xetot-site';
import type { UploadTarget } from './upload/upload-listings';
import { s3StoreFromEnvironment } from './upload/s3-store-from-environment';
import { parseUploadTargetUrl } from './upload/upload-target-url';

const HELP = `xecu scrape — scrape used-car listings from chotot or xetot into NDJSON.gz (listing contract), optionally uploaded

Usage: xecu scrape --site chotot|xetot [options]

Where:
  --site NAME              chotot (public JSON gateway, plain HTTP) or xetot (HTML, read with Chromium)   required
  --base-url URL           site origin                      default chotot ${DEFAULT_BASE_URLS.chotot}, xetot ${DEFAULT_BASE_URLS.xetot}
  --max-pages N            listing pages to fetch in the whole run (detail pages of those listings follow)   default no limit
  --out FILE               output .ndjson.gz                default .xecu/scrape/<site>-<UTC date>-<crawl hash>.ndjson.gz
                           (crawl hash: 8 hex of the options that define the crawl: --site, --base-url, --max-pages,
                           --page-size, --depth-cap, --details, --param, --province; a rerun with the same ones resumes)
  --checkpoint FILE        resume file                      default <out>.checkpoint.json
  --fresh                  ignore and delete an existing checkpoint (otherwise an unfinished run resumes; a checkpoint
                           of a crawl with other options is refused, not resumed)
  --checkpoint-every-ms N  how often the checkpoint is saved while crawling   default 5000
  --upload URL             s3://bucket   S3 (AWS_ENDPOINT_URL_S3 for an S3-compatible server, AWS_REGION)
                           file://DIR[?bucket=B]   offline filesystem object store (bucket default xecu-local-landing)
                           key: listings/source=<site>/dt=<YYYY-MM-DD>/<run-id>.ndjson.gz at the bucket root, written only
                           once complete; no key prefix: the uploader policy, the landing event rule and the trigger
                           accept only keys under listings/

Politeness and robustness:
  --concurrency N          parallel requests (browser tabs for xetot)     default chotot ${SITE_DEFAULTS.chotot.concurrency}, xetot ${SITE_DEFAULTS.xetot.concurrency}
  --delay-ms N             gap between requests to one host, 0 = none     default chotot ${SITE_DEFAULTS.chotot.delayMs}, xetot ${SITE_DEFAULTS.xetot.delayMs}
  --max-rpm N              requests per minute to one host, 0 = none      default chotot ${SITE_DEFAULTS.chotot.maxRequestsPerMinute}, xetot ${SITE_DEFAULTS.xetot.maxRequestsPerMinute}
  --ignore-robots          do not read robots.txt (it is honoured by default)
  --timeout-ms N           per request                                    default 20000
  --retries N              retries on 429 / 5xx / timeouts (exponential backoff + jitter, Retry-After honoured)   default 4
  --max-error-rate R       share of given-up requests that fails the run  default 0.2
  --user-agent TEXT        default "Mozilla/5.0 (compatible; xecu-scraper/0.1; …)"

Site options:
  --page-size N            chotot: ads per gateway page                   default ${chototDefaults.pageSize}
  --depth-cap N            chotot: deepest offset+limit the gateway serves; deeper queries are split by region, brand   default ${chototDefaults.depthCap}
  --details                chotot: also fetch every ad's detail endpoint
  --param KEY=VALUE        chotot: extra gateway filter, repeatable (e.g. --param region_v2=13000)
  --province SLUG          xetot: listing pages of one province           default ${xetotDefaults.province}
  --chromium-path PATH     xetot: Chromium binary                         default CHROMIUM_PATH or ${defaultChromiumPath}
  --chromium-sandbox MODE  xetot: auto | on | off   auto keeps Chromium's sandbox unless the host cannot give one
                           (running as root, or no unprivileged user namespaces: then --no-sandbox, logged with why)

Staying on the site:
  Only URLs of the --base-url origin (scheme, host, port) are fetched; links and redirects elsewhere are dropped
  and counted in the report ("off-site"). Hosts that resolve to private, loopback or link-local addresses are
  refused.
  --allow-private-network  allow private/loopback addresses (the fixture sites on 127.0.0.1; also
                           XECU_SCRAPE_ALLOW_PRIVATE_NETWORK=1)
  --max-body-bytes N       cap on one response body / HTML document; past it the request fails   default ${DEFAULT_MAX_BODY_BYTES} (5 MiB)

Output:
  --json                   print the run report as JSON on stdout
  --log json|progress      JSON log lines on stderr, or a progress bar  default: progress bar on a terminal, JSON otherwise
  --verbose                debug log lines (retries)
  -h, --help

Exit codes: 0 finished (ok or partial), 1 failed or interrupted (the checkpoint is kept: run again to resume), 2 usage error.

Examples:
  xecu scrape --site chotot --max-pages 5 --out /tmp/chotot.ndjson.gz
  xecu scrape --site xetot --upload s3://xecu-landing --chromium-path /usr/bin/chromium
  xecu fixture-sites &   # then, offline:
  xecu scrape --site chotot --base-url http://127.0.0.1:PORT --allow-private-network --delay-ms 0 --max-rpm 0 --upload file://.xecu/s3
`;

class UsageError extends Error {
  override readonly name = 'UsageError';
}

function integer(name: string, value: string | undefined, min: number): number | undefined {
  if (value === undefined) return undefined;
  if (!/^\d+$/.test(value) || Number(value) < min) throw new UsageError(`--${name} must be an integer ≥ ${min}, got "${value}"`);
  return Number(value);
}

function fraction(name: string, value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const number = Number(value);
  if (!Number.isFinite(number) || number < 0 || number > 1) throw new UsageError(`--${name} must be between 0 and 1, got "${value}"`);
  return number;
}

function uploadTarget(url: string): UploadTarget {
  const target = parseUploadTargetUrl(url);
  if (target.kind === 'file') return { store: new FilesystemObjectStore(target.root), bucket: target.bucket };
  return { store: s3StoreFromEnvironment(), bucket: target.bucket };
}

function describeEvent(event: EngineEvent): string | null {
  switch (event.type) {
    case 'retry':
      return `retry ${event.kind} attempt ${event.attempt} in ${event.delayMs} ms: ${event.url}`;
    case 'request-failed':
      return `gave up (${event.kind}) after ${event.attempts} attempts: ${event.url}`;
    case 'host-paused':
      return `${event.host} asked to slow down: pausing ${event.ms} ms`;
    case 'circuit-open':
      return `circuit breaker open for ${event.host} (trip ${event.trips})`;
    case 'site-abandoned':
      return `giving up on ${event.host}`;
    default:
      return null;
  }
}

/** `xecu scrape …`: parses flags, runs runScrape with a progress bar or JSON logs, prints the report. */
export async function runScrapeCommand(argv: string[]): Promise<number> {
  let values;
  try {
    ({ values } = parseArgs({
      args: argv,
      strict: true,
      allowPositionals: false,
      options: {
        site: { type: 'string' },
        'base-url': { type: 'string' },
        'max-pages': { type: 'string' },
        out: { type: 'string' },
        checkpoint: { type: 'string' },
        fresh: { type: 'boolean' },
        'checkpoint-every-ms': { type: 'string' },
        upload: { type: 'string' },
        concurrency: { type: 'string' },
        'delay-ms': { type: 'string' },
        'max-rpm': { type: 'string' },
        'ignore-robots': { type: 'boolean' },
        'timeout-ms': { type: 'string' },
        retries: { type: 'string' },
        'max-error-rate': { type: 'string' },
        'user-agent': { type: 'string' },
        'page-size': { type: 'string' },
        'depth-cap': { type: 'string' },
        details: { type: 'boolean' },
        param: { type: 'string', multiple: true },
        province: { type: 'string' },
        'chromium-path': { type: 'string' },
        'chromium-sandbox': { type: 'string' },
        'allow-private-network': { type: 'boolean' },
        'max-body-bytes': { type: 'string' },
        json: { type: 'boolean' },
        log: { type: 'string' },
        verbose: { type: 'boolean' },
        help: { type: 'boolean', short: 'h' },
      },
    }));
  } catch (error) {
    process.stderr.write(`xecu scrape: ${error instanceof Error ? error.message : String(error)}\nRun xecu scrape --help for usage.\n`);
    return 2;
  }
  if (values.help) {
    process.stdout.write(HELP);
    return 0;
  }

  let options: RunScrapeOptions;
  let logMode: 'json' | 'progress';
  try {
    const site = values.site;
    if (site !== 'chotot' && site !== 'xetot') throw new UsageError('--site must be chotot or xetot');
    const params: Record<string, string> = {};
    for (const pair of values.param ?? []) {
      const eq = pair.indexOf('=');
      if (eq <= 0) throw new UsageError(`--param wants KEY=VALUE, got "${pair}"`);
      params[pair.slice(0, eq)] = pair.slice(eq + 1);
    }
    if (values.log !== undefined && values.log !== 'json' && values.log !== 'progress') throw new UsageError('--log must be json or progress');
    if (values['base-url'] !== undefined) {
      try {
        new URL(values['base-url']);
      } catch {
        throw new UsageError(`--base-url "${values['base-url']}" is not a URL`);
      }
    }
    const sandbox = values['chromium-sandbox'];
    if (sandbox !== undefined && !(SANDBOX_MODES as readonly string[]).includes(sandbox)) throw new UsageError('--chromium-sandbox must be auto, on or off');
    logMode = (values.log as 'json' | 'progress' | undefined) ?? (process.stderr.isTTY ? 'progress' : 'json');
    const retries = integer('retries', values.retries, 0);
    options = {
      site: site as ScrapeSite,
      baseUrl: values['base-url'],
      maxPages: integer('max-pages', values['max-pages'], 1) ?? null,
      outPath: values.out,
      checkpointPath: values.checkpoint,
      fresh: values.fresh ?? false,
      checkpointIntervalMs: integer('checkpoint-every-ms', values['checkpoint-every-ms'], 0),
      upload: values.upload ? uploadTarget(values.upload) : null,
      concurrency: integer('concurrency', values.concurrency, 1),
      delayMs: integer('delay-ms', values['delay-ms'], 0),
      maxRequestsPerMinute: integer('max-rpm', values['max-rpm'], 0),
      respectRobotsTxt: !(values['ignore-robots'] ?? false),
      timeoutMs: integer('timeout-ms', values['timeout-ms'], 100),
      ...(retries !== undefined && { retry: { maxRetries: retries } }),
      maxErrorRate: fraction('max-error-rate', values['max-error-rate']),
      userAgent: values['user-agent'],
      chromiumPath: values['chromium-path'],
      chromiumSandbox: sandbox as SandboxMode | undefined,
      ...(values['allow-private-network'] && { allowPrivateNetwork: true }),
      maxBodyBytes: integer('max-body-bytes', values['max-body-bytes'], 1024),
      chotot: {
        ...(values['page-size'] !== undefined && { pageSize: integer('page-size', values['page-size'], 1) }),
        ...(values['depth-cap'] !== undefined && { depthCap: integer('depth-cap', values['depth-cap'], 1) }),
        ...(values.details !== undefined && { fetchDetails: values.details }),
        params,
      },
      ...(values.province !== undefined && { xetot: { province: values.province } }),
    };
  } catch (error) {
    if (error instanceof Error && (error.name === 'UsageError' || error.name === 'UploadUrlError')) {
      process.stderr.write(`xecu scrape: ${error.message}\nRun xecu scrape --help for usage.\n`);
      return 2;
    }
    throw error;
  }

  const controller = new AbortController();
  let interrupts = 0;
  const onSignal = (signal: NodeJS.Signals): void => {
    interrupts += 1;
    if (interrupts > 1) process.exit(130);
    process.stderr.write(`\n${signal}: stopping after the requests in flight and saving the checkpoint (again to quit now)\n`);
    controller.abort();
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);

  const bar = logMode === 'progress' ? new ProgressBar((text) => process.stderr.write(text), options.site) : null;
  const log: Log = bar
    ? {
        debug() {},
        info() {},
        warn: (message, extra) => bar.note(`warn: ${message}${extra ? ` ${JSON.stringify(extra)}` : ''}`),
        error: (message, extra) => bar.note(`error: ${message}${extra ? ` ${JSON.stringify(extra)}` : ''}`),
      }
    : jsonLinesLog((line) => process.stderr.write(line), values.verbose ? 'debug' : 'info');

  try {
    log.info('scrape starting', { site: options.site, baseUrl: options.baseUrl ?? DEFAULT_BASE_URLS[options.site], maxPages: options.maxPages });
    const { report } = await runScrape({
      ...options,
      signal: controller.signal,
      log,
      ...(bar && {
        onProgress: (progress) => bar.update(progress),
        onEvent: (event) => {
          const text = values.verbose || event.type !== 'retry' ? describeEvent(event) : null;
          if (text && event.type !== 'request-failed') bar.note(text);
        },
      }),
    });
    bar?.finish();
    log.info('scrape finished', { report });
    process.stdout.write(values.json ? `${JSON.stringify(report, null, 2)}\n` : formatRunReport(report));
    return report.status === 'ok' || report.status === 'partial' ? 0 : 1;
  } catch (error) {
    bar?.finish();
    const message = error instanceof Error ? error.message : String(error);
    log.error('scrape failed', { error: error instanceof Error ? error.name : 'Error', reason: message });
    process.stderr.write(`xecu scrape: ${message}\n`);
    return 1;
  } finally {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
  }
}
