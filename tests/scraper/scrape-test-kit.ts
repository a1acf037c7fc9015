import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { ListingSchema, type Listing } from '../../shared/contracts/listing';
import type { RunScrapeOptions } from '../../scraper-onprem/run-scrape';

/** Politeness off and short backoffs: the fixture sites are local and the suite must stay fast. */
export const fastOptions: Partial<RunScrapeOptions> = {
  delayMs: 0,
  maxRequestsPerMinute: 0,
  concurrency: 4,
  timeoutMs: 5_000,
  retry: { maxRetries: 4, baseDelayMs: 20, maxDelayMs: 200, maxRetryAfterMs: 10_000 },
  breaker: { failureThreshold: 50, cooldownMs: 200, maxTrips: 3 },
  checkpointIntervalMs: 100,
};

export async function tempDir(prefix: string): Promise<{ path: string; remove(): Promise<void> }> {
  const path = await mkdtemp(join(tmpdir(), `xecu-${prefix}-`));
  return { path, remove: () => rm(path, { recursive: true, force: true }) };
}

/** Reads a .ndjson.gz output and validates every line against the listing contract. */
export async function readListings(path: string): Promise<Listing[]> {
  const text = gunzipSync(await readFile(path)).toString('utf8');
  return text
    .split('\n')
    .filter((line) => line.length > 0)
    .map((line) => ListingSchema.parse(JSON.parse(line)));
}
