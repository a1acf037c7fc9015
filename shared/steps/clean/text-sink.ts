import { once } from 'node:events';
import type { Writable } from 'node:stream';

const BATCH_CHARS = 64 * 1024;

/** Writes text to a stream in 64 KiB batches, waiting on backpressure, so a fast producer cannot flood memory. */
export class TextSink {
  private pending = '';

  constructor(private readonly stream: Writable) {}

  async write(text: string): Promise<void> {
    this.pending += text;
    if (this.pending.length >= BATCH_CHARS) await this.flush();
  }

  async flush(): Promise<void> {
    if (!this.pending) return;
    const text = this.pending;
    this.pending = '';
    if (!this.stream.write(text)) await once(this.stream, 'drain');
  }

  async end(): Promise<void> {
    await this.flush();
    this.stream.end();
  }
}
