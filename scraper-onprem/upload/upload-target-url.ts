/** The offline runtime's landing bucket (local/runtime), used when a file:// target names no bucket. */
export const DEFAULT_LOCAL_LANDING_BUCKET = 'xecu-local-landing';

export type UploadTargetUrl = { kind: 's3'; bucket: string } | { kind: 'file'; root: string; bucket: string };

export class UploadUrlError extends Error {
  override readonly name = 'UploadUrlError';
  constructor(url: string, reason: string) {
    super(`--upload ${url}: ${reason} (expected s3://bucket or file://DIR[?bucket=NAME])`);
  }
}

// Why no key prefix: the uploader's IAM policy, the landing bucket's ObjectCreated rule and the trigger all accept
// keys that start with listings/ at the bucket root, so an object under any prefix would never be ingested.
const NO_PREFIX_REASON =
  'a key prefix is not supported: listings are written to listings/source=<site>/… at the bucket root, the only keys the uploader policy, the landing event rule and the trigger accept';

/**
 * `s3://bucket` → S3 (endpoint from AWS_ENDPOINT_URL_S3 if set); `file://DIR` → the filesystem object store rooted
 * at DIR, bucket `xecu-local-landing` unless `?bucket=` says otherwise. A key prefix is refused (see above).
 */
export function parseUploadTargetUrl(url: string): UploadTargetUrl {
  if (url.startsWith('s3://')) {
    const rest = url.slice('s3://'.length);
    const slash = rest.indexOf('/');
    const bucket = slash === -1 ? rest : rest.slice(0, slash);
    const prefix = slash === -1 ? '' : rest.slice(slash + 1).replace(/^\/+|\/+$/g, '');
    if (!/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/.test(bucket)) throw new UploadUrlError(url, `"${bucket}" is not a bucket name`);
    if (prefix !== '') throw new UploadUrlError(url, NO_PREFIX_REASON);
    return { kind: 's3', bucket };
  }
  if (url.startsWith('file://')) {
    let parsed: URL;
    try {
      parsed = new URL(url);
    } catch {
      throw new UploadUrlError(url, 'not a URL');
    }
    // file://relative/dir parses "relative" as a host; keep it as part of the path so relative roots work.
    const root = decodeURIComponent(`${parsed.host}${parsed.pathname}`);
    if (!root) throw new UploadUrlError(url, 'no directory');
    for (const key of parsed.searchParams.keys()) {
      if (key === 'prefix') throw new UploadUrlError(url, NO_PREFIX_REASON);
      if (key !== 'bucket') throw new UploadUrlError(url, `unknown parameter "${key}"`);
    }
    const bucket = parsed.searchParams.get('bucket') || DEFAULT_LOCAL_LANDING_BUCKET;
    return { kind: 'file', root, bucket };
  }
  throw new UploadUrlError(url, 'unknown scheme');
}
