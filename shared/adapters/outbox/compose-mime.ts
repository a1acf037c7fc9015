import MailComposer from 'nodemailer/lib/mail-composer';
import type { EmailMessage } from '../../ports/mailer';

/**
 * The message as RFC 5322 bytes (multipart/related HTML with inline images, a text alternative, attachments), built
 * by nodemailer's MailComposer — the same MIME for the .eml outbox and for SES's raw content.
 */
export async function composeMime(message: EmailMessage, options: { messageId?: string; date?: Date } = {}): Promise<Buffer> {
  const composer = new MailComposer({
    from: message.from,
    to: [...message.to],
    subject: message.subject,
    text: message.text,
    html: message.html,
    ...(options.messageId ? { messageId: options.messageId } : {}),
    ...(options.date ? { date: options.date } : {}),
    attachments: (message.attachments ?? []).map((attachment) => ({
      filename: attachment.filename,
      content: attachment.content,
      contentType: attachment.contentType,
      ...(attachment.cid ? { cid: attachment.cid, contentDisposition: 'inline' as const } : {}),
    })),
  });
  return composer.compile().build();
}

/** The Message-ID header of composed MIME (MailComposer makes one when none is given). */
export function messageIdOf(mime: Buffer): string {
  const head = mime.subarray(0, Math.min(mime.length, 16_384)).toString('utf8');
  const match = /^Message-ID:\s*(<[^>\r\n]+>)/im.exec(head);
  return match?.[1] ?? '';
}
