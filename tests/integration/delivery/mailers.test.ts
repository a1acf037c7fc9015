import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SESv2Client, SendEmailCommand } from '@aws-sdk/client-sesv2';
import { mockClient } from 'aws-sdk-client-mock';
import { OutboxMailer } from '../../../shared/adapters/outbox/outbox-mailer';
import { SesMailer } from '../../../shared/adapters/ses/ses-mailer';
import { SmtpMailer } from '../../../shared/adapters/smtp/smtp-mailer';
import { TransientError } from '../../../shared/ports/errors';
import { MailerError, type EmailMessage } from '../../../shared/ports/mailer';
import { readMail, startSmtpServer, type LocalSmtpServer } from './smtp-server';

// The smallest valid PNG (1×1), as a chart stand-in.
const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8DwHwAFBQIAX8jx0gAAAABJRU5ErkJggg==', 'base64');

const MESSAGE: EmailMessage = {
  from: 'xecu <bao-cao@xecu.example.vn>',
  to: ['sales@xecu.example.vn', 'truong-phong@xecu.example.vn'],
  subject: 'Báo cáo: 3 khách hàng đang bán xe',
  text: 'Tải về: https://dl.example/x (7 ngày)',
  html: '<p>Khách hàng <b>Nguyễn Thị Đức</b></p><img src="cid:chart-1@xecu" alt="chart">',
  attachments: [{ filename: 'chart-1.png', content: PNG, contentType: 'image/png', cid: 'chart-1@xecu' }],
};

describe('mailers', () => {
  let root: string;

  beforeAll(() => {
    root = mkdtempSync(join(tmpdir(), 'xecu-mailers-'));
  });

  afterAll(() => rmSync(root, { recursive: true, force: true }));

  describe('SmtpMailer against a real SMTP server (aiosmtpd on 127.0.0.1)', () => {
    let server: LocalSmtpServer;

    beforeAll(async () => {
      server = await startSmtpServer(join(root, 'maildir'));
    }, 60_000);

    afterAll(async () => server?.stop());

    it('delivers the HTML, the text and the inline chart, Vietnamese intact', async () => {
      // Prepare
      const mailer = new SmtpMailer(server.url);
      // Act
      const sent = await mailer.send(MESSAGE);
      mailer.close();
      // Assess
      expect(sent.deliveredTo).toBe(server.url);
      const [mail, ...more] = readMail(server.maildir);
      expect(more).toHaveLength(0);
      expect(mail?.subject).toBe('Báo cáo: 3 khách hàng đang bán xe');
      expect(mail?.to).toBe('sales@xecu.example.vn, truong-phong@xecu.example.vn');
      expect(mail?.html).toContain('Nguyễn Thị Đức');
      expect(mail?.text).toContain('7 ngày');
      expect(mail?.parts).toEqual([{ type: 'image/png', cid: 'chart-1@xecu', disposition: 'inline', filename: 'chart-1.png', size: PNG.length, png: true }]);
    });

    it('fails with MailerError when no server answers', async () => {
      // Prepare: a port nothing listens on
      const mailer = new SmtpMailer('smtp://127.0.0.1:1', { connectionTimeoutMs: 2_000 });
      // Act + Assess
      await expect(mailer.send(MESSAGE)).rejects.toBeInstanceOf(MailerError);
    });
  });

  describe('OutboxMailer', () => {
    it('writes one complete .eml a mail program can read, and nothing else', async () => {
      // Prepare
      const dir = join(root, 'outbox');
      const mailer = new OutboxMailer(dir, () => new Date('2026-12-06T04:00:00Z'));
      // Act
      const sent = await mailer.send(MESSAGE);
      // Assess
      expect(readdirSync(dir)).toEqual([sent.deliveredTo.slice(dir.length + 1)]);
      expect(sent.deliveredTo).toMatch(/2026-12-06T04-00-00-000Z-[0-9a-f]{8}\.eml$/);
      expect(sent.messageId).toMatch(/^<.+@.+>$/);
      const [mail] = readMail(sent.deliveredTo);
      expect(mail?.subject).toBe(MESSAGE.subject);
      expect(mail?.parts[0]).toMatchObject({ cid: 'chart-1@xecu', png: true });
    });
  });

  describe('SesMailer (SES mocked: it cannot run here)', () => {
    const ses = mockClient(SESv2Client);

    afterEach(() => ses.reset());

    it('sends the same MIME as raw content, inline chart included', async () => {
      // Prepare
      ses.on(SendEmailCommand).resolves({ MessageId: 'ses-0001' });
      const mailer = new SesMailer(new SESv2Client({ region: 'ap-southeast-1' }), { configurationSetName: 'xecu-dev' });
      // Act
      const sent = await mailer.send(MESSAGE);
      // Assess
      expect(sent).toEqual({ messageId: 'ses-0001', deliveredTo: 'ses' });
      const input = ses.commandCalls(SendEmailCommand)[0]?.args[0].input;
      expect(input?.FromEmailAddress).toBe(MESSAGE.from);
      expect(input?.Destination?.ToAddresses).toEqual(MESSAGE.to);
      expect(input?.ConfigurationSetName).toBe('xecu-dev');
      const raw = Buffer.from(input?.Content?.Raw?.Data ?? new Uint8Array()).toString('utf8');
      expect(raw).toMatch(/Content-Type: multipart\/related/);
      expect(raw).toMatch(/Content-Id: <chart-1@xecu>/i);
    });

    it('maps throttling to TransientError and a refusal to MailerError', async () => {
      // Prepare
      const mailer = new SesMailer(new SESv2Client({ region: 'ap-southeast-1' }));
      ses.on(SendEmailCommand).rejectsOnce(Object.assign(new Error('slow down'), { name: 'TooManyRequestsException', $metadata: { httpStatusCode: 429 } }));
      // Act + Assess
      await expect(mailer.send(MESSAGE)).rejects.toBeInstanceOf(TransientError);
      ses.on(SendEmailCommand).rejectsOnce(Object.assign(new Error('Email address is not verified'), { name: 'MessageRejected', $metadata: { httpStatusCode: 400 } }));
      await expect(mailer.send(MESSAGE)).rejects.toBeInstanceOf(MailerError);
    });
  });
});
