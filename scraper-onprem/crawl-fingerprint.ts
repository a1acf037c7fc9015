import { createHash } from 'node:crypto';
import type { ChototSiteOptions } from './sites/chotot/chotot-site';
import type { XetotSiteOptions } from './sites/xetot/xetot-site';

/**
 * The options that decide which requests a crawl makes and what its output holds, with defaults applied. Two runs
 * with equal crawl options are the same crawl (a rerun resumes it); politeness, timeouts, retries, the user agent
 * and the upload target only change how it is fetched or where it goes, so they are left out.
 */
export type CrawlOptions =
  | { site: 'chotot'; baseUrl: string; maxPages: number | null; chotot: Omit<ChototSiteOptions, 'baseUrl'> }
  | { site: 'xetot'; baseUrl: string; maxPages: number | null; xetot: Omit<XetotSiteOptions, 'baseUrl'> };

export interface CrawlFingerprint {
  /** Short hex hash of the canonical options: part of the default output name, compared on resume. */
  hash: string;
  /** Canonical JSON form (sorted keys), kept in the checkpoint to say what differs. */
  options: Record<string, string | number | boolean | null>;
}

/** Flattens to dotted keys with sorted chotot params, so equal options always give the same JSON and hash. */
function flatten(value: unknown, path: string, into: Record<string, string | number | boolean | null>): void {
  if (value !== null && typeof value === 'object') {
    for (const key of Object.keys(value).sort()) flatten((value as Record<string, unknown>)[key], path ? `${path}.${key}` : key, into);
    return;
  }
  if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean' || value === null) into[path] = value;
}

export function crawlFingerprint(options: CrawlOptions): CrawlFingerprint {
  const flat: Record<string, string | number | boolean | null> = {};
  flatten(options, '', flat);
  const hash = createHash('sha256').update(JSON.stringify(flat)).digest('hex').slice(0, 8);
  return { hash, options: flat };
}

/** `province: "toan-quoc" → "ha-noi"; maxPages: 3 → null` — which crawl options differ, for an error message. */
export function describeCrawlDifference(
  before: Readonly<Record<string, string | number | boolean | null>>,
  after: Readonly<Record<string, string | number | boolean | null>>,
): string {
  const keys = [...new Set([...Object.keys(before), ...Object.keys(after)])].sort();
  const changes = keys
    .filter((key) => before[key] !== after[key])
    .map((key) => `${key}: ${JSON.stringify(before[key] ?? null)} → ${JSON.stringify(after[key] ?? null)}`);
  return changes.length > 0 ? changes.join('; ') : 'crawl options differ';
}
