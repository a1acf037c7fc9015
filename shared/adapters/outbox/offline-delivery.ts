import { randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Mailer } from '../../ports/mailer';
import { SmtpMailer } from '../smtp/smtp-mailer';
import { OutboxMailer } from './outbox-mailer';

/**
 * The offline mailer: SMTP when SMTP_URL is set (the on-prem mail server), else `.eml` files in `<home>/outbox/`.
 */
export function offlineMailer(home: string, env: NodeJS.ProcessEnv = process.env): Mailer {
  const smtpUrl = env.SMTP_URL?.trim();
  return smtpUrl ? new SmtpMailer(smtpUrl) : new OutboxMailer(join(home, 'outbox'));
}

/**
 * The offline download-token key: DOWNLOAD_TOKEN_KEY when set, else a random key made once and kept in
 * `<home>/download-token.key` (mode 600), so links issued offline stay checkable across runs.
 */
export function offlineTokenKey(home: string, env: NodeJS.ProcessEnv = process.env): string {
  const fromEnv = env.DOWNLOAD_TOKEN_KEY?.trim();
  if (fromEnv) return fromEnv;
  const file = join(home, 'download-token.key');
  if (!existsSync(file)) {
    mkdirSync(home, { recursive: true });
    writeFileSync(file, randomBytes(32).toString('hex'), { flag: 'wx', mode: 0o600 });
  }
  chmodSync(file, 0o600);
  return readFileSync(file, 'utf8').trim();
}
