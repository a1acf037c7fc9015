import { Readable } from 'node:stream';
import { issueDownloadToken } from '../../download-token/download-token';
import type { Log } from '../../ports/log';
import type { EmailAttachment, Mailer } from '../../ports/mailer';
import type { ObjectStore } from '../../ports/object-store';
import type { NotifyInput, NotifyResult } from './contracts';
import { buildEmailContent, type EmailChart } from './email-content';

export const DEFAULT_LINK_DAYS = 7;

export interface NotifyDependencies {
  mailer: Mailer;
  objectStore: ObjectStore;
  /** HMAC key of download tokens (the download function holds the same). */
  tokenKey: string | Buffer;
  /** The download function's URL; the token goes in its `t` query parameter. */
  downloadBaseUrl: string;
  from: string;
  /** The stage's sales list, used when the input names no one. */
  recipients: readonly string[];
  log: Log;
  now?: () => Date;
}

async function readAll(stream: Readable): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(typeof chunk === 'string' ? Buffer.from(chunk) : (chunk as Buffer));
  return Buffer.concat(chunks);
}

/**
 * The Notify step. Stages: sign a download token for the workbook valid `linkDays` (default 7) days; fetch the
 * charts Export stored beside it and attach them inline; build the HTML + text summary; send it to the sales list
 * (or the run's own recipients) through the Mailer port (SES, SMTP or the offline outbox).
 */
export async function notify(input: NotifyInput, deps: NotifyDependencies): Promise<NotifyResult> {
  const now = (deps.now ?? (() => new Date()))();
  const recipients = input.email ?? [...deps.recipients];
  if (recipients.length === 0) throw new RangeError('no recipients: set the stage\u2019s sales list or pass email');
  const days = input.linkDays ?? DEFAULT_LINK_DAYS;
  const { token, expiresAt, payload } = issueDownloadToken({ key: deps.tokenKey, objectKey: input.workbook.key, validDays: days, now });
  const url = new URL(deps.downloadBaseUrl);
  url.searchParams.set('t', token);

  const attachments: EmailAttachment[] = [];
  const charts: EmailChart[] = [];
  for (const [index, chart] of input.charts.entries()) {
    const cid = `chart-${index + 1}@xecu`;
    attachments.push({ filename: `chart-${index + 1}.png`, content: await readAll(await deps.objectStore.getStream(chart.ref)), contentType: 'image/png', cid });
    charts.push({ title: chart.title, cid, widthPx: chart.widthPx });
  }
  const content = buildEmailContent(input, { url: url.toString(), days, expiresAt }, charts);
  const sent = await deps.mailer.send({ from: deps.from, to: recipients, ...content, attachments });
  deps.log.info('notify: report email sent', { messageId: sent.messageId, recipients: recipients.length, tokenId: payload.jti, key: input.workbook.key, linkExpiresAt: expiresAt.toISOString() });
  return { messageId: sent.messageId, deliveredTo: sent.deliveredTo, recipients: recipients.length, linkDays: days, linkExpiresAt: expiresAt.toISOString() };
}
