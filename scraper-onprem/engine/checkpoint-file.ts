import { randomBytes } from 'node:crypto';
import { mkdir, open, readFile, rename, rm } from 'node:fs/promises';
import { dirname } from 'node:path';

/** A checkpoint that exists but cannot be read: resuming from it would be guesswork. */
export class CheckpointUnreadableError extends Error {
  override readonly name = 'CheckpointUnreadableError';
  constructor(readonly path: string, reason: string, options?: { cause?: unknown }) {
    super(`checkpoint ${path} is unreadable (${reason}); remove it or run with --fresh`, options);
  }
}

/** Reads a JSON checkpoint, or null when there is none. */
export async function readCheckpointFile(path: string): Promise<unknown> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw new CheckpointUnreadableError(path, 'read failed', { cause: error });
  }
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    throw new CheckpointUnreadableError(path, 'not JSON', { cause: error });
  }
}

/** Writes the checkpoint atomically: temp file beside it, fsync, rename. A crash leaves the old or the new one. */
export async function writeCheckpointFile(path: string, value: unknown): Promise<void> {
  await mkdir(dirname(path), { recursive: true });
  const temp = `${path}.tmp-${randomBytes(4).toString('hex')}`;
  const handle = await open(temp, 'w');
  try {
    await handle.writeFile(JSON.stringify(value));
    await handle.sync();
  } finally {
    await handle.close();
  }
  try {
    await rename(temp, path);
  } catch (error) {
    await rm(temp, { force: true });
    throw error;
  }
}
