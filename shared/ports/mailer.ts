/** A file carried by an email; with `cid` it is shown inline (an HTML `<img src="cid:…">`), else attached. */
export interface EmailAttachment {
  filename: string;
  content: Buffer;
  contentType: string;
  cid?: string;
}

export interface EmailMessage {
  from: string;
  to: readonly string[];
  subject: string;
  /** Plain-text body, for clients that show no HTML. */
  text: string;
  html: string;
  attachments?: readonly EmailAttachment[];
}

export interface SentEmail {
  /** The Message-ID header, or the provider's id (SES). */
  messageId: string;
  /** Where it went, for a person to find it: "ses", "smtp://host:port", or the .eml file's path. */
  deliveredTo: string;
}

/** Sends an email: SES v2 in AWS, SMTP on-prem, or an .eml file in an outbox folder offline. */
export interface Mailer {
  send(message: EmailMessage): Promise<SentEmail>;
}

/** The mail service refused or failed the message; `name` lets Step Functions Catch it. */
export class MailerError extends Error {
  override readonly name = 'MailerError';
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
  }
}
