import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { z } from 'zod';

/**
 * A download link's token: which report file it opens and until when, signed with HMAC-SHA256 under a key only
 * the notify and download functions hold. A presigned S3 URL cannot be the link itself: signed with a Lambda
 * role's temporary credentials it dies when they do (hours), not after the days the email promises. The token
 * lives as long as we say; the download function checks it and then presigns a fresh URL good for minutes.
 *
 * Format: `v1.<base64url(JSON payload)>.<base64url(HMAC-SHA256(key, "v1." + payload))>`.
 */
const VERSION = 'v1';

export const DownloadTokenPayloadSchema = z.object({
  /** Object key in the exports bucket; only workbooks under reports/. */
  k: z.string().regex(/^reports\/[^\0]+\.xlsx$/).refine((key) => !key.split('/').includes('..'), 'no .. segments'),
  /** Expiry, Unix seconds. */
  exp: z.number().int().positive(),
  /** Issued at, Unix seconds. */
  iat: z.number().int().positive(),
  /** Token id: logged with each download instead of any recipient's address. */
  jti: z.string().regex(/^[0-9a-f]{16}$/),
});
export type DownloadTokenPayload = z.infer<typeof DownloadTokenPayloadSchema>;

export type DownloadTokenRefusal = 'malformed' | 'bad_signature' | 'expired' | 'not_a_report';

/** A token that opens nothing; `reason` says why, for the log (the caller answers every reason the same way). */
export class DownloadTokenError extends Error {
  override readonly name = 'DownloadTokenError';
  constructor(readonly reason: DownloadTokenRefusal) {
    super(`download token refused: ${reason}`);
  }
}

/** The signing key must be long enough to resist guessing: at least 32 bytes of secret. */
export function assertSigningKey(key: string | Buffer): Buffer {
  const bytes = typeof key === 'string' ? Buffer.from(key, 'utf8') : key;
  if (bytes.length < 32) throw new RangeError('the download token key must be at least 32 bytes');
  return bytes;
}

function mac(key: Buffer, signed: string): Buffer {
  return createHmac('sha256', key).update(signed).digest();
}

export interface IssueOptions {
  key: string | Buffer;
  objectKey: string;
  validDays: number;
  now: Date;
}

/** A token for one workbook, valid `validDays` days from `now`. */
export function issueDownloadToken(options: IssueOptions): { token: string; expiresAt: Date; payload: DownloadTokenPayload } {
  if (!Number.isInteger(options.validDays) || options.validDays < 1 || options.validDays > 90) throw new RangeError('validDays must be 1…90');
  const iat = Math.floor(options.now.getTime() / 1000);
  const payload = DownloadTokenPayloadSchema.parse({ k: options.objectKey, iat, exp: iat + options.validDays * 86_400, jti: randomBytes(8).toString('hex') });
  const body = `${VERSION}.${Buffer.from(JSON.stringify(payload), 'utf8').toString('base64url')}`;
  const token = `${body}.${mac(assertSigningKey(options.key), body).toString('base64url')}`;
  return { token, expiresAt: new Date(payload.exp * 1000), payload };
}

/**
 * The token's payload when the signature is ours, the token has not expired at `now` and it names a report
 * workbook; else DownloadTokenError. The signature is checked before anything in the payload is believed, in
 * constant time.
 */
export function verifyDownloadToken(token: string, key: string | Buffer, now: Date): DownloadTokenPayload {
  const parts = token.split('.');
  if (parts.length !== 3 || parts[0] !== VERSION || !parts[1] || !parts[2] || token.length > 2048) throw new DownloadTokenError('malformed');
  const body = `${parts[0]}.${parts[1]}`;
  const expected = mac(assertSigningKey(key), body);
  const given = Buffer.from(parts[2], 'base64url');
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) throw new DownloadTokenError('bad_signature');
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(parts[1], 'base64url').toString('utf8'));
  } catch {
    throw new DownloadTokenError('malformed');
  }
  const payload = DownloadTokenPayloadSchema.safeParse(parsed);
  if (!payload.success) throw new DownloadTokenError(typeof (parsed as { k?: unknown })?.k === 'string' ? 'not_a_report' : 'malformed');
  if (Math.floor(now.getTime() / 1000) >= payload.data.exp) throw new DownloadTokenError('expired');
  return payload.data;
}
