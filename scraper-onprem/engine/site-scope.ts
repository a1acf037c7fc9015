/**
 * Where one run may go: the configured site's origin (scheme + host + port) and nothing else. Links and redirects
 * elsewhere are dropped; the private network is reachable only when the run says so (fixture sites on 127.0.0.1).
 */
export interface SiteScope {
  /** e.g. `https://xetot.com`, `http://127.0.0.1:8702`. */
  readonly origin: string;
  readonly allowPrivateNetwork: boolean;
}

export function siteScope(baseUrl: string, allowPrivateNetwork: boolean): SiteScope {
  return { origin: new URL(baseUrl).origin, allowPrivateNetwork };
}

/** True when `url` is on the scope's origin. Unparseable URLs are off-site. */
export function isOnSite(scope: SiteScope, url: string | URL): boolean {
  try {
    return (typeof url === 'string' ? new URL(url) : url).origin === scope.origin;
  } catch {
    return false;
  }
}

/** The host (with port) of a URL for counting, or `(invalid)`. */
export function hostOf(url: string): string {
  try {
    return new URL(url).host || new URL(url).protocol;
  } catch {
    return '(invalid)';
  }
}
