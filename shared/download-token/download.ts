import { createHash } from 'node:crypto';
import type { Log } from '../ports/log';
import { DownloadTokenError, verifyDownloadToken } from './download-token';

/** Presigns a short-lived GET of one object (the S3 adapter; offline, a local file URL). */
export interface ObjectLinks {
  presignGet(ref: { bucket: string; key: string }, options: { expiresInSeconds: number; downloadName: string }): Promise<string>;
}

export interface DownloadRequest {
  token: string | undefined;
  /** The caller's address, only ever logged as a salted hash (no PII in logs). */
  sourceIp?: string;
  userAgent?: string;
}

export type DownloadResponse =
  | { status: 302; location: string; headers: Record<string, string> }
  | { status: 403 | 400; body: string; headers: Record<string, string> };

export interface DownloadDependencies {
  links: ObjectLinks;
  exportsBucket: string;
  tokenKey: string | Buffer;
  log: Log;
  now?: () => Date;
  /** How long the redirect's presigned URL lives; minutes are plenty to start a download. */
  presignSeconds?: number;
}

const NO_STORE = { 'cache-control': 'no-store', 'referrer-policy': 'no-referrer' };
const REFUSED =
  'This download link is not valid (it may have expired). Ask the sales report\u2019s sender for a new one. / ' +
  'Liên kết tải xuống không hợp lệ hoặc đã hết hạn.';

function pseudonym(value: string | undefined, salt: string): string | undefined {
  return value ? createHash('sha256').update(`${salt}:${value}`).digest('hex').slice(0, 16) : undefined;
}

/**
 * The download function's step: a valid token → 302 to a fresh presigned URL of its workbook; anything else → 403
 * with one message for every reason (a tamperer learns nothing), the reason in the log. Each outcome is logged
 * with the token id, the object key and a hash of the caller's address: who downloaded what, without PII.
 */
export async function download(request: DownloadRequest, deps: DownloadDependencies): Promise<DownloadResponse> {
  const now = (deps.now ?? (() => new Date()))();
  const caller = { caller: pseudonym(request.sourceIp, String(deps.exportsBucket)), userAgent: request.userAgent?.slice(0, 120) };
  if (!request.token) {
    deps.log.warn('download refused', { reason: 'missing', ...caller });
    return { status: 400, body: REFUSED, headers: { ...NO_STORE, 'content-type': 'text/plain; charset=utf-8' } };
  }
  let payload;
  try {
    payload = verifyDownloadToken(request.token, deps.tokenKey, now);
  } catch (error) {
    if (!(error instanceof DownloadTokenError)) throw error;
    deps.log.warn('download refused', { reason: error.reason, ...caller });
    return { status: 403, body: REFUSED, headers: { ...NO_STORE, 'content-type': 'text/plain; charset=utf-8' } };
  }
  const downloadName = payload.k.slice(payload.k.lastIndexOf('/') + 1);
  const location = await deps.links.presignGet(
    { bucket: deps.exportsBucket, key: payload.k },
    { expiresInSeconds: deps.presignSeconds ?? 300, downloadName },
  );
  deps.log.info('download granted', { tokenId: payload.jti, key: payload.k, issuedAt: new Date(payload.iat * 1000).toISOString(), ...caller });
  return { status: 302, location, headers: { ...NO_STORE, location } };
}
