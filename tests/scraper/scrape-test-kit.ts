import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { ListingSchema, type Listing } from '../../shared/contracts/listing';
import { defaultChromiumPath } from '../../scraper-onprem/browser/chromium-args';
import type { RunScrapeOptions } from '../../scraper-onprem/run-scrape';

/** Politeness off and short backoffs: the fixture sites are local and the suite must stay fast. */
export const fastOptions: Partial<RunScrapeOptions> = {
  // The fixture sites listen on 127.0.0.1.
  allowPrivateNetwork: true,
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

export const chromiumPath = process.env.CHROMIUM_PATH ?? defaultChromiumPath;

/**
 * Test setup: installs Debian's chromium when missing (scripts/ensure-chromium.sh, apt-get under the install
 * lock). @sparticuz/chromium's binary needs the same system libraries.
 */
export function ensureChromium(): void {
  if (existsSync(chromiumPath)) return;
  const result = spawnSync('bash', [join(__dirname, '..', '..', 'scripts', 'ensure-chromium.sh')], { stdio: 'inherit' });
  if (result.status !== 0) throw new Error(`scripts/ensure-chromium.sh failed (exit ${String(result.status)})`);
}
