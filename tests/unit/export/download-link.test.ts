import type { Log } from '../../../shared/ports/log';
import { download, type ObjectLinks } from '../../../shared/download-token/download';
import { DownloadTokenError, issueDownloadToken, verifyDownloadToken } from '../../../shared/download-token/download-token';

const KEY = 'k'.repeat(16) + 'test-signing-key-0123456789';
const WORKBOOK = 'reports/sales/2026-12-06/sales-2026-12-06.xlsx';
const SENT_AT = new Date('2026-12-06T04:00:00Z');
const days = (n: number) => new Date(SENT_AT.getTime() + n * 86_400_000);

function recordingLog(): Log & { lines: { level: string; message: string; extra?: Record<string, unknown> }[] } {
  const lines: { level: string; message: string; extra?: Record<string, unknown> }[] = [];
  const at = (level: string) => (message: string, extra?: Record<string, unknown>) => void lines.push({ level, message, ...(extra ? { extra } : {}) });
  return { lines, debug: at('debug'), info: at('info'), warn: at('warn'), error: at('error') };
}

const links: ObjectLinks = {
  presignGet: async (ref, options) => `https://s3.example/${ref.bucket}/${ref.key}?X-Amz-Expires=${options.expiresInSeconds}`,
};

describe('download links', () => {
  const { token, expiresAt } = issueDownloadToken({ key: KEY, objectKey: WORKBOOK, validDays: 7, now: SENT_AT });

  it('says when the link stops working: the days the email promises', () => {
    // Assess
    expect(expiresAt).toEqual(days(7));
  });

  it('opens the workbook on day 6', async () => {
    // Prepare
    const log = recordingLog();
    // Act
    const response = await download({ token, sourceIp: '203.0.113.7', userAgent: 'Outlook' }, { links, exportsBucket: 'xecu-dev-exports', tokenKey: KEY, log, now: () => days(6) });
    // Assess
    expect(response).toMatchObject({ status: 302, location: `https://s3.example/xecu-dev-exports/${WORKBOOK}?X-Amz-Expires=300` });
    const granted = log.lines.find((line) => line.message === 'download granted');
    expect(granted?.extra).toMatchObject({ key: WORKBOOK, tokenId: expect.stringMatching(/^[0-9a-f]{16}$/) });
    // who, without PII: the address only as a hash
    expect(JSON.stringify(log.lines)).not.toContain('203.0.113.7');
    expect(granted?.extra?.caller).toMatch(/^[0-9a-f]{16}$/);
  });

  it('refuses it on day 8', async () => {
    // Prepare
    const log = recordingLog();
    // Act
    const response = await download({ token }, { links, exportsBucket: 'xecu-dev-exports', tokenKey: KEY, log, now: () => days(8) });
    // Assess
    expect(response.status).toBe(403);
    expect(log.lines).toEqual([expect.objectContaining({ level: 'warn', message: 'download refused', extra: expect.objectContaining({ reason: 'expired' }) })]);
  });

  it('refuses a token whose payload was changed to another file or a later expiry', () => {
    // Prepare
    const [version, payload, signature] = token.split('.') as [string, string, string];
    const decoded = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as Record<string, unknown>;
    const forge = (change: Record<string, unknown>) =>
      `${version}.${Buffer.from(JSON.stringify({ ...decoded, ...change })).toString('base64url')}.${signature}`;
    // Act + Assess
    for (const forged of [forge({ k: 'reports/other/2026-12-06/secret.xlsx' }), forge({ exp: Number(decoded.exp) + 86_400 * 365 })]) {
      expect(() => verifyDownloadToken(forged, KEY, days(1))).toThrow(new DownloadTokenError('bad_signature'));
    }
  });

  it('refuses a flipped signature, another key, and garbage, all with the same answer', async () => {
    // Prepare
    const flipped = token.slice(0, -2) + (token.endsWith('AA') ? 'AB' : 'AA');
    const otherKey = issueDownloadToken({ key: 'x'.repeat(40), objectKey: WORKBOOK, validDays: 7, now: SENT_AT }).token;
    const log = recordingLog();
    // Act
    const answers = await Promise.all(
      [flipped, otherKey, 'v1.e30.AAAA', 'not-a-token', ''].map((candidate) =>
        download({ token: candidate }, { links, exportsBucket: 'xecu-dev-exports', tokenKey: KEY, log, now: () => days(1) }),
      ),
    );
    // Assess
    expect(answers.map((answer) => answer.status)).toEqual([403, 403, 403, 403, 400]);
    expect(new Set(answers.map((answer) => ('body' in answer ? answer.body : ''))).size).toBe(1);
    expect(log.lines.map((line) => line.extra?.reason)).toEqual(['bad_signature', 'bad_signature', 'bad_signature', 'malformed', 'missing']);
  });

  it('signs only workbooks under reports/', () => {
    // Act + Assess
    expect(() => issueDownloadToken({ key: KEY, objectKey: 'rejects/customers/x.ndjson.gz', validDays: 7, now: SENT_AT })).toThrow();
    expect(() => issueDownloadToken({ key: KEY, objectKey: 'reports/../raw/customers.xlsx', validDays: 7, now: SENT_AT })).toThrow();
    expect(() => issueDownloadToken({ key: 'short', objectKey: WORKBOOK, validDays: 7, now: SENT_AT })).toThrow(RangeError);
  });
});
