import { once } from 'node:events';
import type { Writable } from 'node:stream';

const BATCH_BYTES = 64 * 1024;

/**
 * Writes text and byte ranges to a stream in 64 KiB buffers. Appending is synchronous and cheap and hands full
 * buffers to the stream without waiting; the caller bounds what is queued by awaiting drain() at points of its
 * choosing (clean: before each partition's rows, so gzip compresses one partition while the next is deduped).
 * Byte ranges are copied, so a caller may reuse its buffer once the append returns.
 */
export class ByteSink {
  private buffer = Buffer.allocUnsafe(BATCH_BYTES);
  private length = 0;

  constructor(private readonly stream: Writable) {}

  /** Bytes handed to the stream and not yet taken by it. */
  get queuedBytes(): number {
    return this.stream.writableLength;
  }

  writeText(text: string): void {
    // UTF-8 takes at most 3 bytes per UTF-16 unit.
    if (this.length + text.length * 3 > BATCH_BYTES) {
      this.pushBuffer();
      if (text.length * 3 > BATCH_BYTES) {
        this.stream.write(Buffer.from(text, 'utf8'));
        return;
      }
    }
    this.length += this.buffer.write(text, this.length, 'utf8');
  }

  writeBytes(source: Buffer, start: number, end: number): void {
    const size = end - start;
    if (this.length + size > BATCH_BYTES) {
      this.pushBuffer();
      if (size > BATCH_BYTES) {
        this.stream.write(Buffer.from(source.subarray(start, end)));
        return;
      }
    }
    source.copy(this.buffer, this.length, start, end);
    this.length += size;
  }

  /** Waits until the stream has taken what it was given (down to its high-water mark). */
  async drain(): Promise<void> {
    if (this.stream.writableNeedDrain) await once(this.stream, 'drain');
  }

  async end(): Promise<void> {
    this.pushBuffer();
    await this.drain();
    this.stream.end();
  }

  /** Hands the filled part to the stream; the stream keeps that memory, so a new buffer is taken. */
  private pushBuffer(): void {
    if (this.length === 0) return;
    const filled = this.buffer.subarray(0, this.length);
    this.buffer = Buffer.allocUnsafe(BATCH_BYTES);
    this.length = 0;
    this.stream.write(filled);
  }
}
