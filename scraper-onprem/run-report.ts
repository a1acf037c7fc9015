import type { Listing } from '../shared/contracts/listing';
import type { JsonObject } from './engine/crawl-request';
import type { EngineCounters, FailedRequest } from './engine/crawl-engine';
import type { InvalidListingSample, OutputSummary } from './engine/listing-sink';
import type { FailureKind } from './scrape-errors';
import type { UploadResult } from './upload/upload-listings';

export type RunStatus = 'ok' | 'partial' | 'failed' | 'interrupted';

/** What one scrape run did; printed by the CLI, returned by runScrape, kept in the checkpoint. */
export interface RunReport {
  runId: string;
  site: Listing['source'];
  baseUrl: string;
  status: RunStatus;
  /** Why the status is not `ok`, in a sentence. */
  message: string | null;
  startedAt: string;
  finishedAt: string;
  /** Wall time of this invocation (not of earlier, interrupted ones). */
  durationMs: number;
  /** How many earlier invocations this run continues. */
  resumptions: number;
  requests: {
    fetches: number;
    robotsFetches: number;
    succeeded: number;
    failed: number;
    retries: number;
    skippedByPageLimit: number;
    /** Requests held back while robots.txt was unreachable (asked again later). */
    robotsDeferrals: number;
  };
  /** Links to other origins that were dropped, never fetched; `hosts` holds the first few hosts with counts. */
  offsite: { dropped: number; hosts: Record<string, number> };
  /** Succeeded requests per page label. */
  pages: Record<string, number>;
  listings: { written: number; duplicates: number; invalid: number };
  /** Failed attempts by kind (including ones a retry fixed). */
  errors: Partial<Record<FailureKind, number>>;
  /** Requests given up, by final reason. */
  failedByKind: Partial<Record<FailureKind, number>>;
  /** The first given-up requests, with reasons. */
  failedRequests: FailedRequest[];
  invalidListings: InvalidListingSample[];
  circuitTrips: number;
  abandonedHosts: string[];
  /** Site-specific figures (chotot: gateway total and what the depth cap left unreachable). */
  siteSummary: JsonObject;
  output: OutputSummary | null;
  upload: UploadResult | null;
  /** Kept when the run can be resumed. */
  checkpointPath: string | null;
}

const MAX_FAILED_IN_REPORT = 50;

export function reportFromCounters(
  counters: EngineCounters,
  failed: readonly FailedRequest[],
): Pick<RunReport, 'requests' | 'offsite' | 'pages' | 'listings' | 'errors' | 'failedByKind' | 'failedRequests' | 'circuitTrips'> {
  const failedByKind: Partial<Record<FailureKind, number>> = {};
  for (const failure of failed) failedByKind[failure.kind] = (failedByKind[failure.kind] ?? 0) + 1;
  return {
    requests: {
      fetches: counters.fetches,
      robotsFetches: counters.robotsFetches,
      succeeded: counters.succeeded,
      failed: counters.failed,
      retries: counters.retries,
      skippedByPageLimit: counters.skippedByPageLimit,
      robotsDeferrals: counters.robotsDeferrals ?? 0,
    },
    offsite: { dropped: counters.offsiteDropped ?? 0, hosts: { ...counters.offsiteHosts } },
    pages: { ...counters.byLabel },
    listings: { written: counters.listings.written, duplicates: counters.listings.duplicate, invalid: counters.listings.invalid },
    errors: { ...counters.errors },
    failedByKind,
    failedRequests: failed.slice(0, MAX_FAILED_IN_REPORT),
    circuitTrips: counters.circuitTrips,
  };
}

function entries(record: Readonly<Record<string, number | undefined>>): string {
  const parts = Object.entries(record)
    .filter(([, value]) => value !== undefined && value !== 0)
    .map(([key, value]) => `${key} ${String(value)}`);
  return parts.length > 0 ? parts.join(', ') : 'none';
}

/** The report as a few human lines for a terminal. */
export function formatRunReport(report: RunReport): string {
  const lines = [
    `scrape ${report.site} ${report.runId}: ${report.status.toUpperCase()}${report.message ? ` — ${report.message}` : ''}`,
    `  time       ${(report.durationMs / 1000).toFixed(1)} s${report.resumptions > 0 ? ` (resumed ${report.resumptions}×)` : ''}`,
    `  requests   ${report.requests.succeeded} ok, ${report.requests.failed} failed, ${report.requests.retries} retries, ` +
      `${report.requests.fetches} fetches${report.requests.skippedByPageLimit > 0 ? `, ${report.requests.skippedByPageLimit} beyond --max-pages` : ''}`,
    `  pages      ${entries(report.pages)}`,
    ...(report.offsite.dropped > 0 ? [`  off-site   ${report.offsite.dropped} links dropped (${entries(report.offsite.hosts)})`] : []),
    `  listings   ${report.listings.written} written, ${report.listings.duplicates} duplicates, ${report.listings.invalid} invalid`,
    `  errors     ${entries(report.errors)}`,
    `  gave up    ${entries(report.failedByKind)}`,
  ];
  if (Object.keys(report.siteSummary).length > 0) {
    lines.push(`  site       ${Object.entries(report.siteSummary).map(([key, value]) => `${key} ${JSON.stringify(value)}`).join(', ')}`);
  }
  if (report.abandonedHosts.length > 0) lines.push(`  abandoned  ${report.abandonedHosts.join(', ')}`);
  if (report.output) lines.push(`  output     ${report.output.path} (${report.output.lines} lines, ${report.output.bytes} bytes)`);
  if (report.upload) lines.push(`  uploaded   ${report.upload.bucket}/${report.upload.key}`);
  if (report.checkpointPath) lines.push(`  checkpoint ${report.checkpointPath} (run again to resume)`);
  return `${lines.join('\n')}\n`;
}
