import { once } from 'node:events';
import type { Writable } from 'node:stream';

const BATCH_BYTES = 64 * 1024;

/**
 * Writes text and byte ranges to a stream in 64 KiB buffers. Appending is synchronous and cheap; when a buffer is
 * full, `full` turns true and the caller awaits flush(), which waits on backpressure. Byte ranges are copied, so a
 * caller may reuse its buffer once the append returns.
 */
export class ByteSink {
  private buffer = Buffer.allocUnsafe(BATCH_BYTES);
  private length = 0;

  constructor(private readonly stream: Writable) {}

  /** True when the caller should `await flush()` before appending more. */
  get full(): boolean {
    return this.length >= BATCH_BYTES - 4096;
  }

  writeText(text: string): void {
    // UTF-8 takes at most 3 bytes per UTF-16 unit.
    if (this.length + text.length * 3 > this.buffer.length) {
      this.pushBuffer();
      if (text.length * 3 > this.buffer.length) {
        this.stream.write(Buffer.from(text, 'utf8'));
        return;
      }
    }
    this.length += this.buffer.write(text, this.length, 'utf8');
  }

  writeBytes(source: Buffer, start: number, end: number): void {
    const size = end - start;
    if (this.length + size > this.buffer.length) {
      this.pushBuffer();
      if (size > this.buffer.length) {
        this.stream.write(Buffer.from(source.subarray(start, end)));
        return;
      }
    }
    source.copy(this.buffer, this.length, start, end);
    this.length += size;
  }

  async flush(): Promise<void> {
    if (!this.pushBuffer()) await once(this.stream, 'drain');
  }

  async end(): Promise<void> {
    await this.flush();
    this.stream.end();
  }

  /** Hands the filled part to the stream (it keeps the buffer, so a new one is taken); false means wait for drain. */
  private pushBuffer(): boolean {
    if (this.length === 0) return !this.stream.writableNeedDrain;
    const filled = this.buffer.subarray(0, this.length);
    this.buffer = Buffer.allocUnsafe(BATCH_BYTES);
    this.length = 0;
    return this.stream.write(filled);
  }
}
