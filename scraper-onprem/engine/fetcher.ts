/** One answer from a site, as the engine needs it to decide between handler, retry and failure. */
export interface FetchedResponse {
  readonly status: number;
  /** Final URL after redirects. */
  readonly url: string;
  header(name: string): string | null;
}

export interface FetchOptions {
  timeoutMs: number;
  signal?: AbortSignal;
}

/**
 * Gets one URL. Raises FetchTimeoutError / NetworkError; any HTTP status is an answer (the engine classifies it).
 * `release` returns resources held by the response (a browser tab) once the handler is done.
 */
export interface Fetcher<R extends FetchedResponse> {
  fetch(url: string, options: FetchOptions): Promise<R>;
  release(response: R): Promise<void>;
  close(): Promise<void>;
}
