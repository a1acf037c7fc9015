import type { Context } from 'aws-lambda';
import { z } from 'zod';
import { launchLambdaChromium } from '../../scraper-onprem/browser/launch-lambda-chromium';
import { runScrape } from '../../scraper-onprem/run-scrape';
import { s3StoreFromEnvironment } from '../../scraper-onprem/upload/s3-store-from-environment';
import { stepLog as log } from '../runtime/aws-dependencies';
import { optionalEnv, requireEnv } from '../runtime/environment';
import { publishScrapeMetrics } from '../runtime/metrics';
import { ScrapeRunFailedError } from './scrape-run-failed-error';

// Strict: a misspelt or retired field (e.g. the old `prefix`) fails the invocation instead of being ignored.
const ScrapeEventSchema = z.strictObject({
  site: z.enum(['chotot', 'xetot']),
  baseUrl: z.url().optional(),
  maxPages: z.number().int().positive().optional(),
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

// Config fails at init, naming the variable.
const landingBucket = requireEnv('LANDING_BUCKET');
const store = s3StoreFromEnvironment();
// Output, part file and checkpoint; /tmp survives between invocations of a warm container only.
const workDir = optionalEnv('XECU_SCRAPE_DIR') ?? '/tmp/xecu-scrape';
// Stop this long before Lambda's deadline to save the checkpoint and report.
const DEADLINE_MARGIN_MS = 60_000;

/**
 * Scrapes one site in Lambda: the on-prem engine and adapters, Chromium from @sparticuz/chromium, output streamed
 * to s3://LANDING_BUCKET/listings/source=<site>/dt=<date>/<run-id>.ndjson.gz once complete (no key prefix: the
 * scrape role, the landing event rule and the trigger accept only keys under listings/).
 * A run cut short by the deadline returns `interrupted`: its checkpoint stays in /tmp, named per site, UTC date
 * and crawl options, so a warm re-invocation with the same event resumes it and one with other options does not.
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
      outDir: workDir,
      ...input.politeness,
      upload: { store, bucket: landingBucket },
      launchBrowser: launchLambdaChromium,
      ...(input.province !== undefined && { xetot: { province: input.province } }),
      ...(input.params !== undefined && { chotot: { params: input.params } }),
      signal: controller.signal,
      log,
    });
    log.info('scrape report', { report: { ...report, failedRequests: report.failedRequests.slice(0, 10) } });
    publishScrapeMetrics(report);
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
