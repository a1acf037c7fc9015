import { randomBytes } from 'node:crypto';
import { mkdir, open, rename, rm } from 'node:fs/promises';
import { join } from 'node:path';
import type { EmailMessage, Mailer, SentEmail } from '../../ports/mailer';
import { composeMime, messageIdOf } from './compose-mime';

/**
 * Mailer for offline runs: each email becomes an `.eml` file (open it in any mail program) in the outbox folder,
 * default `.xecu/outbox/`. Written to a temp name and renamed, so a reader never sees half a message.
 */
export class OutboxMailer implements Mailer {
  constructor(
    private readonly dir: string,
    private readonly now: () => Date = () => new Date(),
  ) {}

  async send(message: EmailMessage): Promise<SentEmail> {
    const date = this.now();
    const mime = await composeMime(message, { date });
    await mkdir(this.dir, { recursive: true });
    const stamp = date.toISOString().replace(/[:.]/g, '-');
    const file = join(this.dir, `${stamp}-${randomBytes(4).toString('hex')}.eml`);
    const temp = `${file}.part`;
    try {
      const handle = await open(temp, 'wx');
      try {
        await handle.writeFile(mime);
        await handle.sync();
      } finally {
        await handle.close();
      }
      await rename(temp, file);
    } catch (error) {
      await rm(temp, { force: true });
      throw error;
    }
    return { messageId: messageIdOf(mime), deliveredTo: file };
  }
}
