/**
 * Why one request failed, as counted in the run report. Retryable kinds go back to the queue with backoff;
 * the others go straight to the failed-request path.
 */
export type FailureKind =
  | 'http_429'
  | 'http_5xx'
  | 'http_4xx'
  | 'timeout'
  | 'network'
  | 'malformed_response'
  | 'markup_changed'
  | 'robots_disallowed'
  | 'robots_unreachable'
  | 'circuit_open'
  | 'retry_after_too_long'
  | 'offsite_redirect'
  | 'response_too_large'
  | 'private_address'
  | 'handler_error';

/** Base of every error the scraper raises about one request; `kind` is the report's bucket. */
export class ScrapeError extends Error {
  override readonly name: string = 'ScrapeError';
  constructor(
    readonly kind: FailureKind,
    readonly retryable: boolean,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

/** A non-2xx answer. 429 and 5xx are retryable; `retryAfterMs` carries the server's Retry-After when given. */
export class HttpStatusError extends ScrapeError {
  override readonly name = 'HttpStatusError';
  constructor(
    readonly status: number,
    readonly url: string,
    readonly retryAfterMs: number | null,
  ) {
    const kind: FailureKind = status === 429 ? 'http_429' : status >= 500 ? 'http_5xx' : 'http_4xx';
    // 408 Request Timeout is the server asking us to try again, like a 5xx.
    super(kind, kind !== 'http_4xx' || status === 408, `HTTP ${status} for ${url}`);
  }
}

export class FetchTimeoutError extends ScrapeError {
  override readonly name = 'FetchTimeoutError';
  constructor(url: string, timeoutMs: number, options?: { cause?: unknown }) {
    super('timeout', true, `no complete answer from ${url} within ${timeoutMs} ms`, options);
  }
}

export class NetworkError extends ScrapeError {
  override readonly name = 'NetworkError';
  constructor(url: string, options?: { cause?: unknown }) {
    const detail = options?.cause instanceof Error ? `: ${options.cause.message}` : '';
    super('network', true, `network failure for ${url}${detail}`, options);
  }
}

/** The body is not what the adapter can read (truncated JSON, wrong shape). Retried: proxies truncate answers. */
export class MalformedResponseError extends ScrapeError {
  override readonly name = 'MalformedResponseError';
  constructor(url: string, reason: string, options?: { cause?: unknown }) {
    super('malformed_response', true, `malformed answer from ${url}: ${reason}`, options);
  }
}

/** The page rendered but the adapter's selectors no longer match: the site changed, retrying will not help. */
export class MarkupChangedError extends ScrapeError {
  override readonly name = 'MarkupChangedError';
  constructor(
    readonly url: string,
    readonly missing: readonly string[],
  ) {
    super('markup_changed', false, `markup changed at ${url}: no match for ${missing.join(', ')}`);
  }
}

export class RobotsDisallowedError extends ScrapeError {
  override readonly name = 'RobotsDisallowedError';
  constructor(url: string) {
    super('robots_disallowed', false, `robots.txt disallows ${url}`);
  }
}

export class RobotsUnreachableError extends ScrapeError {
  override readonly name = 'RobotsUnreachableError';
  constructor(host: string, options?: { cause?: unknown }) {
    // RFC 9309 §2.3.1.4: an unreachable robots.txt means assume complete disallow.
    const detail = options?.cause instanceof Error ? ` (${options.cause.message})` : '';
    super('robots_unreachable', false, `robots.txt of ${host} unreachable${detail}; treating the site as disallowed`, options);
  }
}

export class CircuitOpenError extends ScrapeError {
  override readonly name = 'CircuitOpenError';
  constructor(host: string) {
    super('circuit_open', false, `circuit breaker for ${host} gave up after repeated failures`);
  }
}

export class RetryAfterTooLongError extends ScrapeError {
  override readonly name = 'RetryAfterTooLongError';
  constructor(url: string, retryAfterMs: number, limitMs: number) {
    super('retry_after_too_long', false, `${url} asked to wait ${retryAfterMs} ms, more than the ${limitMs} ms limit`);
  }
}

/** A redirect pointed off the configured site's origin: not followed, the scraper never leaves its site. */
export class OffsiteRedirectError extends ScrapeError {
  override readonly name = 'OffsiteRedirectError';
  constructor(url: string, location: string) {
    super('offsite_redirect', false, `${url} redirects to ${location}, outside the site's origin; not followed`);
  }
}

/** The body grew past the configured cap; the fetcher stopped reading it. Retrying gets the same page. */
export class ResponseTooLargeError extends ScrapeError {
  override readonly name = 'ResponseTooLargeError';
  constructor(url: string, limitBytes: number) {
    super('response_too_large', false, `answer from ${url} is larger than the ${limitBytes} byte cap; stopped reading it`);
  }
}

/**
 * The host resolves to a private, loopback, link-local or otherwise non-public address. Refused unless the run
 * allows the private network (the fixture sites on 127.0.0.1): a scraper that follows links and redirects must not
 * become a way into the machine's own network.
 */
export class PrivateAddressError extends ScrapeError {
  override readonly name = 'PrivateAddressError';
  constructor(
    readonly host: string,
    readonly address: string,
    readonly range: string,
  ) {
    super(
      'private_address',
      false,
      `${host} resolves to ${address} (${range}); requests to private networks are refused unless allowed (--allow-private-network)`,
    );
  }
}

/** Wraps anything else a handler throws, so it is retried and then reported with its message. */
export function toScrapeError(error: unknown): ScrapeError {
  if (error instanceof ScrapeError) return error;
  const message = error instanceof Error ? error.message : String(error);
  return new ScrapeError('handler_error', true, message, { cause: error });
}
