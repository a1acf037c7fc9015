export interface RetryOptions {
  /** Attempts after the first one. */
  maxRetries: number;
  /** First backoff; doubles per attempt. */
  baseDelayMs: number;
  /** Ceiling for one backoff (not for Retry-After). */
  maxDelayMs: number;
  /** A Retry-After longer than this fails the request instead of stalling the run. */
  maxRetryAfterMs: number;
}

export const defaultRetryOptions: RetryOptions = {
  maxRetries: 4,
  baseDelayMs: 1_000,
  maxDelayMs: 60_000,
  maxRetryAfterMs: 10 * 60_000,
};

/**
 * Exponential backoff with "equal jitter": half the delay is fixed, half random, so retries from many workers
 * spread out but none retries immediately. `attempt` counts from 1 (the first retry).
 */
export function backoffDelayMs(attempt: number, options: Pick<RetryOptions, 'baseDelayMs' | 'maxDelayMs'>, random = Math.random): number {
  const exponential = Math.min(options.maxDelayMs, options.baseDelayMs * 2 ** Math.max(0, attempt - 1));
  return Math.round(exponential / 2 + random() * (exponential / 2));
}

/**
 * Retry-After as milliseconds from `now`: either delta-seconds or an HTTP date (RFC 9110 §10.2.3).
 * Unreadable or negative values give null, as if the header were absent.
 */
export function parseRetryAfter(value: string | null | undefined, now = Date.now()): number | null {
  if (value === null || value === undefined) return null;
  const trimmed = value.trim();
  if (trimmed === '') return null;
  if (/^\d+$/.test(trimmed)) return Number(trimmed) * 1000;
  const at = Date.parse(trimmed);
  if (Number.isNaN(at)) return null;
  return Math.max(0, at - now);
}
