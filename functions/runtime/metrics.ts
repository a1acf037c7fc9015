import type { MiddlewareObj } from '@middy/core';
import { z } from 'zod';
import { PowertoolsMetrics } from '../../shared/adapters/powertools/powertools-metrics';
import { BatchKindSchema, CleanResultSchema, LoadResultSchema } from '../../shared/contracts/batch';
import type { Log } from '../../shared/ports/log';
import type { Metrics } from '../../shared/ports/metrics';
import type { ObjectStore } from '../../shared/ports/object-store';
import type { ExportResult } from '../../shared/steps/export/contracts';
import type { IngestTaskName } from '../../shared/steps/tasks';
import { stepLog } from './aws-dependencies';
import { optionalEnv } from './environment';

/**
 * The metric names the dashboard (resources/dashboard.yml) and the alarms (resources/monitoring.yml) read. Every
 * metric also carries `service` (POWERTOOLS_SERVICE_NAME); the extra dimension of each is in the comment.
 */
export const METRIC = {
  /** kind: rows read from the raw object. */
  rowsIn: 'IngestRowsIn',
  /** kind: rows that passed validation. */
  rowsValid: 'IngestRowsValid',
  /** kind: rows written to rejects/. */
  rowsRejected: 'IngestRowsRejected',
  /** kind: rows folded into an earlier one (exact duplicates and merged sale/service rows). */
  rowsDuplicate: 'IngestRowsDuplicate',
  /** kind: rows in core for the batch once its load committed. */
  rowsLoaded: 'IngestRowsLoaded',
  /** no extra dimension: 1 per batch whose load committed (the "no batch loaded in 26 h" alarm reads it). */
  batchesLoaded: 'BatchesLoaded',
  /** kind: 1 per batch marked failed. */
  batchesFailed: 'BatchesFailed',
  /** band (lead | review): listings the match run put in the band. */
  matchListings: 'MatchListings',
  /** no extra dimension: candidate pairs scored. */
  matchPairs: 'MatchPairs',
  /** report: data rows written to the workbook's table sheets. */
  exportRows: 'ExportRows',
  /** report: the workbook's size. */
  exportBytes: 'ExportBytes',
  /** site: pages fetched successfully. */
  scrapePages: 'ScrapePages',
  /** site: failed fetch attempts (a retried and recovered one included). */
  scrapeErrors: 'ScrapeErrors',
  /** site: listings written. */
  scrapeListings: 'ScrapeListings',
} as const;

let lambdaMetricsInstance: Metrics | undefined;

/** One Powertools-backed Metrics per Lambda container (namespace POWERTOOLS_METRICS_NAMESPACE, default xecu). */
export function lambdaMetrics(): Metrics {
  lambdaMetricsInstance ??= new PowertoolsMetrics({
    namespace: optionalEnv('POWERTOOLS_METRICS_NAMESPACE') ?? 'xecu',
    serviceName: optionalEnv('POWERTOOLS_SERVICE_NAME') ?? 'xecu',
  });
  return lambdaMetricsInstance;
}

/** Reads a result into counters; what it cannot read it leaves alone. */
export type MetricsRecorder<TEvent, TResult> = (event: TEvent, result: TResult, metrics: Metrics) => void | Promise<void>;

/**
 * Middy middleware: after the handler returns, records its result with `recorder` and flushes; on an error, flushes
 * what was recorded. Metrics never fail an invocation: a recorder's error is logged and dropped.
 */
export function stepMetrics<TEvent, TResult>(
  metrics: Metrics,
  recorder: MetricsRecorder<TEvent, TResult>,
  log: Log = stepLog,
): MiddlewareObj<TEvent, TResult> {
  const flush = (): void => {
    try {
      metrics.flush();
    } catch (error) {
      log.warn('metrics not flushed', { error: (error as Error).message });
    }
  };
  return {
    name: 'stepMetrics',
    after: async (request) => {
      try {
        if (request.response !== undefined && request.response !== null) await recorder(request.event, request.response, metrics);
      } catch (error) {
        log.warn('metrics not recorded', { error: (error as Error).message });
      }
      flush();
    },
    onError: async () => flush(),
  };
}

const KindOfEvent = z.object({ kind: BatchKindSchema }).loose();
const FailBatchOutcome = z.object({ loadCommitted: z.boolean() }).loose();

/**
 * Ingest: clean's counts, the loaded rows when a load committed, a failed batch (the batch kind is the dimension);
 * the match function (an ingest task that also serves the report's full re-match) counts per band.
 */
export function recordIngestTask(task: IngestTaskName): MetricsRecorder<unknown, unknown> {
  if (task === 'match') return recordMatch;
  return (event, result, metrics) => {
    const parsedKind = KindOfEvent.safeParse(event);
    if (!parsedKind.success) return;
    const dimensions = { kind: parsedKind.data.kind };
    if (task === 'clean') {
      const clean = CleanResultSchema.safeParse(result);
      if (!clean.success) return;
      const { counts } = clean.data;
      metrics.count(METRIC.rowsIn, counts.rowsIn, dimensions);
      metrics.count(METRIC.rowsValid, counts.valid, dimensions);
      metrics.count(METRIC.rowsRejected, counts.rejected, dimensions);
      metrics.count(METRIC.rowsDuplicate, counts.duplicates, dimensions);
      return;
    }
    if (task === 'load' || task === 'statement-status') {
      const load = LoadResultSchema.safeParse(result);
      if (!load.success || load.data.state !== 'FINISHED') return;
      metrics.count(METRIC.rowsLoaded, load.data.loaded ?? 0, dimensions);
      metrics.count(METRIC.batchesLoaded, 1);
      return;
    }
    if (task === 'fail-batch') {
      const outcome = FailBatchOutcome.safeParse(result);
      if (!outcome.success) return;
      // A load that committed after all (a lost poll, a late cancel) is a loaded batch, not a failed one.
      if (outcome.data.loadCommitted) metrics.count(METRIC.batchesLoaded, 1);
      else metrics.count(METRIC.batchesFailed, 1, dimensions);
    }
  };
}

const MatchCounts = z.object({ pairs: z.number(), leads: z.number(), reviews: z.number() }).loose();

/** Match (incremental or full): listings per band and pairs scored; a recorded failure or a skipped task adds nothing. */
export const recordMatch: MetricsRecorder<unknown, unknown> = (_event, result, metrics) => {
  const counts = MatchCounts.safeParse(result);
  if (!counts.success) return;
  metrics.count(METRIC.matchListings, counts.data.leads, { band: 'lead' });
  metrics.count(METRIC.matchListings, counts.data.reviews, { band: 'review' });
  metrics.count(METRIC.matchPairs, counts.data.pairs);
};

/** Export: the table sheets' data rows, and the workbook's size (one HEAD of the object it wrote). */
export function recordExport(objectStore: Pick<ObjectStore, 'head'>): MetricsRecorder<unknown, ExportResult> {
  return async (_event, result, metrics) => {
    const dimensions = { report: result.report };
    metrics.count(METRIC.exportRows, result.sheets.reduce((sum, sheet) => sum + sheet.dataRows, 0), dimensions);
    const workbook = await objectStore.head(result.workbook);
    if (workbook) metrics.bytes(METRIC.exportBytes, workbook.size, dimensions);
  };
}

/** What scrape metrics read of a run report (scraper-onprem/run-report.ts). */
export interface ScrapeFigures {
  site: string;
  pages: Record<string, number>;
  errors: Partial<Record<string, number>>;
  listings: { written: number };
}

/** Scrape: pages fetched, failed attempts and listings written, per site; flushed at once (the handler is not middy). */
export function publishScrapeMetrics(report: ScrapeFigures, metrics: Metrics = lambdaMetrics()): void {
  const dimensions = { site: report.site };
  const sum = (values: Partial<Record<string, number>>): number => Object.values(values).reduce<number>((total, n) => total + (n ?? 0), 0);
  metrics.count(METRIC.scrapePages, sum(report.pages), dimensions);
  metrics.count(METRIC.scrapeErrors, sum(report.errors), dimensions);
  metrics.count(METRIC.scrapeListings, report.listings.written, dimensions);
  metrics.flush();
}
