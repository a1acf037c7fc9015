import { z } from 'zod';
import type { CrawlFingerprint } from './crawl-fingerprint';
import type { EngineSnapshot } from './engine/crawl-engine';
import type { OutputSummary } from './engine/listing-sink';
import type { RunReport } from './run-report';

const CrawlRequestSchema = z.object({
  url: z.string(),
  label: z.string(),
  uniqueKey: z.string(),
  userData: z.record(z.string(), z.json()),
  priority: z.number(),
  attempts: z.number().int().min(0),
  notBefore: z.number(),
});

const EngineSnapshotSchema = z.object({
  done: z.array(z.string()),
  pending: z.array(CrawlRequestSchema),
  failed: z.array(
    z.object({
      url: z.string(),
      label: z.string(),
      uniqueKey: z.string(),
      userData: z.record(z.string(), z.json()),
      priority: z.number(),
      kind: z.string(),
      attempts: z.number(),
      message: z.string(),
    }),
  ),
  pagesEnqueued: z.number().int().min(0),
  state: z.record(z.string(), z.json()),
  counters: z.looseObject({ fetches: z.number(), listings: z.looseObject({ written: z.number() }) }),
});

/** 2 added `crawl` (the fingerprint of the crawl options); a version 1 file cannot tell which crawl it holds. */
export const SCRAPE_CHECKPOINT_VERSION = 2;

/**
 * The resume file of one run. Phases: `crawling` (engine snapshot; the part file holds the listings so far),
 * `written` (the final .ndjson.gz exists; only the upload is left), `uploaded` (nothing left to do).
 */
export const ScrapeCheckpointSchema = z.object({
  version: z.literal(SCRAPE_CHECKPOINT_VERSION),
  site: z.enum(['chotot', 'xetot']),
  baseUrl: z.string(),
  crawl: z.object({
    fingerprint: z.string(),
    options: z.record(z.string(), z.union([z.string(), z.number(), z.boolean(), z.null()])),
  }),
  runId: z.string(),
  startedAt: z.string(),
  phase: z.enum(['crawling', 'written', 'uploaded']),
  resumptions: z.number().int().min(0),
  outPath: z.string(),
  partPath: z.string(),
  engine: EngineSnapshotSchema.nullable(),
  report: z.looseObject({ runId: z.string(), status: z.string() }).nullable(),
  output: z.object({ path: z.string(), bytes: z.number(), lines: z.number(), sha256: z.string() }).nullable(),
});

export interface ScrapeCheckpoint {
  version: typeof SCRAPE_CHECKPOINT_VERSION;
  site: 'chotot' | 'xetot';
  baseUrl: string;
  /** Which crawl this is: resuming with other crawl options is refused. */
  crawl: Pick<CrawlFingerprint, 'options'> & { fingerprint: string };
  runId: string;
  startedAt: string;
  phase: 'crawling' | 'written' | 'uploaded';
  resumptions: number;
  outPath: string;
  partPath: string;
  engine: EngineSnapshot | null;
  report: RunReport | null;
  output: OutputSummary | null;
}
