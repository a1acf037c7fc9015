import { FetchTimeoutError, NetworkError } from '../scrape-errors';
import type { FetchOptions, FetchedResponse, Fetcher } from './fetcher';

export interface HttpResponse extends FetchedResponse {
  readonly text: string;
}

export interface HttpFetcherOptions {
  userAgent: string;
  accept?: string;
}

/** Plain HTTP GET with Node's fetch; the whole body is read inside the timeout. */
export class HttpFetcher implements Fetcher<HttpResponse> {
  constructor(private readonly options: HttpFetcherOptions) {}

  async fetch(url: string, options: FetchOptions): Promise<HttpResponse> {
    const timeout = AbortSignal.timeout(options.timeoutMs);
    const signal = options.signal ? AbortSignal.any([timeout, options.signal]) : timeout;
    try {
      const response = await fetch(url, {
        signal,
        redirect: 'follow',
        headers: { 'user-agent': this.options.userAgent, accept: this.options.accept ?? 'application/json, text/plain, */*' },
      });
      const text = await response.text();
      return {
        status: response.status,
        url: response.url || url,
        text,
        header: (name: string) => response.headers.get(name),
      };
    } catch (error) {
      if (timeout.aborted) throw new FetchTimeoutError(url, options.timeoutMs, { cause: error });
      throw new NetworkError(url, { cause: error instanceof Error && error.cause instanceof Error ? error.cause : error });
    }
  }

  async release(): Promise<void> {}

  async close(): Promise<void> {}
}
