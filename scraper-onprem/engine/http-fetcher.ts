import { Agent as HttpAgent, request as httpRequest, type IncomingHttpHeaders, type IncomingMessage } from 'node:http';
import { Agent as HttpsAgent, request as httpsRequest } from 'node:https';
import { isIP } from 'node:net';
import type { Readable } from 'node:stream';
import { createBrotliDecompress, createGunzip, createInflate } from 'node:zlib';
import { assertPublicAddresses, publicOnlyLookup } from '../net/private-address';
import { FetchTimeoutError, NetworkError, OffsiteRedirectError, ResponseTooLargeError, ScrapeError } from '../scrape-errors';
import type { FetchOptions, FetchedResponse, Fetcher } from './fetcher';
import { isOnSite, type SiteScope } from './site-scope';

export interface HttpResponse extends FetchedResponse {
  readonly text: string;
}

/** 5 MiB: a chotot gateway page of 100 ads is ~150 KB, a listing HTML page well under 1 MB. */
export const DEFAULT_MAX_BODY_BYTES = 5 * 1024 * 1024;

export interface HttpFetcherOptions {
  userAgent: string;
  accept?: string;
  /** Redirects are followed only within the scope's origin; non-public addresses only when the scope allows. */
  scope: SiteScope;
  /** Cap on the (decoded) body. Default DEFAULT_MAX_BODY_BYTES. */
  maxBodyBytes?: number;
  /**
   * `fail` (default): past the cap, stop reading and fail the request (ResponseTooLargeError). `truncate`: keep the
   * first maxBodyBytes (robots.txt: RFC 9309 §2.5 lets a crawler parse only the first 500 KiB).
   */
  overLimit?: 'fail' | 'truncate';
}

const REDIRECTS: ReadonlySet<number> = new Set([301, 302, 303, 307, 308]);
const MAX_REDIRECTS = 5;

interface Answer {
  status: number;
  headers: IncomingHttpHeaders;
  text: string;
}

function decoded(response: IncomingMessage): Readable {
  switch ((response.headers['content-encoding'] ?? '').trim().toLowerCase()) {
    case 'gzip':
    case 'x-gzip':
      return response.pipe(createGunzip());
    case 'deflate':
      return response.pipe(createInflate());
    case 'br':
      return response.pipe(createBrotliDecompress());
    default:
      return response;
  }
}

/**
 * Plain HTTP GET on node:http(s), the whole body read inside the timeout. Stays on the site: redirects are followed
 * by hand (≤ 5) and only within the site's origin; the body stops being read past a size cap; unless the scope
 * allows the private network, the address connected to must be public (checked in `lookup`, at connect time).
 */
export class HttpFetcher implements Fetcher<HttpResponse> {
  private readonly httpAgent = new HttpAgent({ keepAlive: true });
  private readonly httpsAgent = new HttpsAgent({ keepAlive: true });
  private readonly maxBodyBytes: number;

  constructor(private readonly options: HttpFetcherOptions) {
    this.maxBodyBytes = options.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES;
  }

  async fetch(url: string, options: FetchOptions): Promise<HttpResponse> {
    const timeout = AbortSignal.timeout(options.timeoutMs);
    const signal = options.signal ? AbortSignal.any([timeout, options.signal]) : timeout;
    let current = new URL(url);
    try {
      for (let hop = 0; ; hop += 1) {
        const answer = await this.get(current, signal);
        const location = answer.headers.location;
        if (!REDIRECTS.has(answer.status) || !location) {
          return {
            status: answer.status,
            url: current.href,
            text: answer.text,
            header: (name: string) => {
              const value = answer.headers[name.toLowerCase()];
              return value === undefined ? null : Array.isArray(value) ? value.join(', ') : value;
            },
          };
        }
        const next = new URL(location, current);
        if (!isOnSite(this.options.scope, next)) throw new OffsiteRedirectError(url, next.href);
        if (hop >= MAX_REDIRECTS) throw new NetworkError(url, { cause: new Error(`more than ${MAX_REDIRECTS} redirects`) });
        current = next;
      }
    } catch (error) {
      if (error instanceof ScrapeError) throw error;
      if (timeout.aborted) throw new FetchTimeoutError(url, options.timeoutMs, { cause: error });
      throw new NetworkError(url, { cause: error });
    }
  }

  private get(url: URL, signal: AbortSignal): Promise<Answer> {
    const https = url.protocol === 'https:';
    if (!https && url.protocol !== 'http:') return Promise.reject(new Error(`unsupported protocol ${url.protocol}`));
    const guard = !this.options.scope.allowPrivateNetwork;
    // Node does not call `lookup` for an IP literal: check it here.
    const literal = url.hostname.replace(/^\[|\]$/g, '');
    if (guard && isIP(literal) !== 0) assertPublicAddresses(url.hostname, [literal]);
    const send = https ? httpsRequest : httpRequest;
    const cap = this.maxBodyBytes;
    const truncate = this.options.overLimit === 'truncate';
    return new Promise<Answer>((resolve, reject) => {
      const request = send(
        url,
        {
          method: 'GET',
          signal,
          agent: https ? this.httpsAgent : this.httpAgent,
          ...(guard && { lookup: publicOnlyLookup }),
          headers: {
            'user-agent': this.options.userAgent,
            accept: this.options.accept ?? 'application/json, text/plain, */*',
            'accept-encoding': 'gzip, deflate, br',
          },
        },
        (response) => {
          const status = response.statusCode ?? 0;
          if (REDIRECTS.has(status) && response.headers.location) {
            response.resume();
            resolve({ status, headers: response.headers, text: '' });
            return;
          }
          const declared = Number(response.headers['content-length']);
          if (!truncate && Number.isFinite(declared) && declared > cap) {
            request.destroy();
            reject(new ResponseTooLargeError(url.href, cap));
            return;
          }
          const body = decoded(response);
          const chunks: Buffer[] = [];
          let bytes = 0;
          let settled = false;
          const finish = (): void => {
            if (settled) return;
            settled = true;
            resolve({ status, headers: response.headers, text: Buffer.concat(chunks).subarray(0, cap).toString('utf8') });
          };
          body.on('data', (chunk: Buffer) => {
            if (settled) return;
            bytes += chunk.length;
            chunks.push(chunk);
            if (bytes <= cap) return;
            // Past the cap: stop reading (the socket is closed, not drained).
            request.destroy();
            if (body !== response) body.destroy();
            if (truncate) finish();
            else {
              settled = true;
              reject(new ResponseTooLargeError(url.href, cap));
            }
          });
          body.on('end', finish);
          body.on('error', (error) => {
            if (!settled) {
              settled = true;
              reject(error);
            }
          });
          response.on('error', (error) => {
            if (!settled) {
              settled = true;
              reject(error);
            }
          });
          // A connection cut mid-body (timeout, server gone) must not leave the request waiting forever.
          response.on('close', () => {
            if (!settled && !response.complete) {
              settled = true;
              reject(new Error('connection closed before the body ended'));
            }
          });
        },
      );
      request.on('error', reject);
      request.end();
    });
  }

  async release(): Promise<void> {}

  async close(): Promise<void> {
    this.httpAgent.destroy();
    this.httpsAgent.destroy();
  }
}
