import { Logger } from '@aws-lambda-powertools/logger';
import type { Context } from 'aws-lambda';
import { z } from 'zod';
import type { Log } from '../../shared/ports/log';
import { launchLambdaChromium } from '../../scraper-onprem/browser/launch-lambda-chromium';
import { runScrape } from '../../scraper-onprem/run-scrape';
import { s3StoreFromEnvironment } from '../../scraper-onprem/upload/s3-store-from-environment';
import { optionalEnv, requireEnv } from '../runtime/environment';
import { ScrapeRunFailedError } from './scrape-run-failed-error';

const ScrapeEventSchema = z.object({
  site: z.enum(['chotot', 'xetot']),
  baseUrl: z.url().optional(),
  maxPages: z.number().int().positive().optional(),
  /** Key prefix inside the landing bucket; default LANDING_PREFIX or none. */
  prefix: z.string().optional(),
  /** xetot province slug. */
  province: z.string().optional(),
  /** chotot gateway filters, e.g. { "region_v2": "13000" }. */
  params: z.record(z.string(), z.string()).optional(),
  /** Overrides of the site's polite defaults (per-host delay, requests per minute, parallel requests). */
  politeness: z
    .object({
      delayMs: z.number().int().min(0).optional(),
      maxRequestsPerMinute: z.number().int().min(0).optional(),
      concurrency: z.number().int().min(1).max(16).optional(),
    })
    .optional(),
});
export type ScrapeEvent = z.infer<typeof ScrapeEventSchema>;

export interface ScrapeResult {
  runId: string;
  status: 'ok' | 'partial' | 'interrupted';
  listings: number;
  bucket: string | null;
  key: string | null;
  message: string | null;
}

// Own logger rather than functions/runtime's: that module pulls the Redshift and SFN clients into this bundle.
const logger = new Logger({ serviceName: optionalEnv('POWERTOOLS_SERVICE_NAME') ?? 'xecu-scrape' });
type LogAttributes = Parameters<Logger['appendKeys']>[0];
const log: Log = {
  debug: (message, extra) => logger.debug(message, (extra ?? {}) as LogAttributes),
  info: (message, extra) => logger.info(message, (extra ?? {}) as LogAttributes),
  warn: (message, extra) => logger.warn(message, (extra ?? {}) as LogAttributes),
  error: (message, extra) => logger.error(message, (extra ?? {}) as LogAttributes),
};

// Config fails at init, naming the variable.
const landingBucket = requireEnv('LANDING_BUCKET');
const landingPrefix = optionalEnv('LANDING_PREFIX') ?? '';
const store = s3StoreFromEnvironment();
// Output, part file and checkpoint; /tmp survives between invocations of a warm container only.
const workDir = optionalEnv('XECU_SCRAPE_DIR') ?? '/tmp/xecu-scrape';
// Stop this long before Lambda's deadline to save the checkpoint and report.
const DEADLINE_MARGIN_MS = 60_000;

/**
 * Scrapes one site in Lambda: the on-prem engine and adapters, Chromium from @sparticuz/chromium, output streamed
 * to s3://LANDING_BUCKET/<prefix>/listings/source=<site>/dt=<date>/<run-id>.ndjson.gz once complete.
 * A run cut short by the deadline returns `interrupted` (its checkpoint stays in /tmp for a warm re-invocation).
 */
export const handler = async (event: unknown, context: Context): Promise<ScrapeResult> => {
  const input = ScrapeEventSchema.parse(event);
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), Math.max(5_000, context.getRemainingTimeInMillis() - DEADLINE_MARGIN_MS));
  try {
    const { report } = await runScrape({
      site: input.site,
      baseUrl: input.baseUrl,
      maxPages: input.maxPages ?? null,
      outPath: `${workDir}/${input.site}-${new Date().toISOString().slice(0, 10)}.ndjson.gz`,
      ...input.politeness,
      upload: { store, bucket: landingBucket, prefix: input.prefix ?? landingPrefix },
      launchBrowser: launchLambdaChromium,
      ...(input.province !== undefined && { xetot: { province: input.province } }),
      ...(input.params !== undefined && { chotot: { params: input.params } }),
      signal: controller.signal,
      log,
    });
    log.info('scrape report', { report: { ...report, failedRequests: report.failedRequests.slice(0, 10) } });
    if (report.status === 'failed') throw new ScrapeRunFailedError(report.runId, report.message ?? 'see the report');
    return {
      runId: report.runId,
      status: report.status,
      listings: report.listings.written,
      bucket: report.upload?.bucket ?? null,
      key: report.upload?.key ?? null,
      message: report.message,
    };
  } finally {
    clearTimeout(timer);
  }
};
