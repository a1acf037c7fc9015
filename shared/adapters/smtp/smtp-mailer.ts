import nodemailer, { type Transporter } from 'nodemailer';
import type SMTPTransport from 'nodemailer/lib/smtp-transport';
import { MailerError, type EmailMessage, type Mailer, type SentEmail } from '../../ports/mailer';

/**
 * Mailer over SMTP (nodemailer), for the on-prem mail server: `SMTP_URL` such as `smtp://relay.local:25` or
 * `smtps://user:pass@mail.example.vn:465`. A refused recipient or a server error is a MailerError.
 */
export class SmtpMailer implements Mailer {
  private readonly transport: Transporter<SMTPTransport.SentMessageInfo>;
  private readonly label: string;

  constructor(smtpUrl: string, options: { connectionTimeoutMs?: number } = {}) {
    const url = new URL(smtpUrl);
    if (url.protocol !== 'smtp:' && url.protocol !== 'smtps:') throw new MailerError(`SMTP_URL must start with smtp:// or smtps://, not ${url.protocol}`);
    this.label = `${url.protocol}//${url.hostname}:${url.port || (url.protocol === 'smtps:' ? '465' : '25')}`;
    const timeout = options.connectionTimeoutMs ?? 30_000;
    this.transport = nodemailer.createTransport({ url: smtpUrl, connectionTimeout: timeout, greetingTimeout: timeout, socketTimeout: timeout * 2 } as SMTPTransport.Options);
  }

  async send(message: EmailMessage): Promise<SentEmail> {
    try {
      const info = await this.transport.sendMail({
        from: message.from,
        to: [...message.to],
        subject: message.subject,
        text: message.text,
        html: message.html,
        attachments: (message.attachments ?? []).map((attachment) => ({
          filename: attachment.filename,
          content: attachment.content,
          contentType: attachment.contentType,
          ...(attachment.cid ? { cid: attachment.cid, contentDisposition: 'inline' as const } : {}),
        })),
      });
      if (info.rejected.length > 0) throw new MailerError(`SMTP server ${this.label} refused ${info.rejected.length} recipient(s)`);
      return { messageId: info.messageId, deliveredTo: this.label };
    } catch (error) {
      if (error instanceof MailerError) throw error;
      throw new MailerError(`SMTP send through ${this.label} failed: ${(error as Error).message}`, { cause: error });
    }
  }

  close(): void {
    this.transport.close();
  }
}
