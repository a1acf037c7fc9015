import { SendEmailCommand, SESv2Client, type SESv2ClientConfig } from '@aws-sdk/client-sesv2';
import { TransientError } from '../../ports/errors';
import { MailerError, type EmailMessage, type Mailer, type SentEmail } from '../../ports/mailer';
import { isTransientAwsError } from '../aws/is-transient-aws-error';
import { composeMime } from '../outbox/compose-mime';

/**
 * Mailer over Amazon SES v2. The message goes as raw MIME (SendEmail `Content.Raw`): the only form that carries
 * inline images (cid) beside the HTML. SES's limit is 40 MB per raw message; our emails hold a few small PNGs.
 * `configurationSetName` routes bounces and complaints where the stage wants them.
 */
export class SesMailer implements Mailer {
  private readonly client: SESv2Client;

  constructor(
    client: SESv2Client | SESv2ClientConfig = {},
    private readonly options: { configurationSetName?: string } = {},
  ) {
    this.client = client instanceof SESv2Client ? client : new SESv2Client(client);
  }

  async send(message: EmailMessage): Promise<SentEmail> {
    const raw = await composeMime(message);
    try {
      const out = await this.client.send(
        new SendEmailCommand({
          FromEmailAddress: message.from,
          Destination: { ToAddresses: [...message.to] },
          Content: { Raw: { Data: raw } },
          ...(this.options.configurationSetName ? { ConfigurationSetName: this.options.configurationSetName } : {}),
        }),
      );
      if (!out.MessageId) throw new MailerError('SES SendEmail answered without a MessageId');
      return { messageId: out.MessageId, deliveredTo: 'ses' };
    } catch (error) {
      if (error instanceof MailerError) throw error;
      const name = (error as { name?: string }).name ?? 'Error';
      if (isTransientAwsError(error)) throw new TransientError(`SES SendEmail failed: ${name}`, { cause: error });
      throw new MailerError(`SES SendEmail failed: ${name}: ${(error as Error).message}`, { cause: error });
    }
  }
}
