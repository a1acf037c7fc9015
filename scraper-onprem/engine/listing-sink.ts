import { createHash, randomBytes } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { mkdir, open, rename, rm, stat, type FileHandle } from 'node:fs/promises';
import { dirname } from 'node:path';
import { Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { createGzip } from 'node:zlib';
import { ListingSchema, type Listing } from '../../shared/contracts/listing';

export type AddOutcome = 'written' | 'duplicate' | 'invalid';

export interface OutputSummary {
  path: string;
  bytes: number;
  lines: number;
  /** SHA-256 of the gzip file, hex. */
  sha256: string;
}

/** Where an invalid listing failed validation: field paths and messages only, never the values (PII). */
export interface InvalidListingSample {
  listingId: string | null;
  issues: string[];
}

const MAX_INVALID_SAMPLES = 20;

/**
 * The run's output while it is being written: plain NDJSON in `<out>.part`, one validated, deduplicated listing per
 * line. On resume the part file is the truth about what is already written: its ids fill the dedupe set and a
 * torn last line (the process was killed mid-write) is cut off. `finalize` gzips it beside the final name and
 * renames it into place, so `<out>` either does not exist or is complete.
 */
export class ListingSink {
  private buffer: string[] = [];
  private readonly seen = new Set<string>();
  private lineCount = 0;
  private writing: Promise<void> = Promise.resolve();
  readonly invalidSamples: InvalidListingSample[] = [];

  private constructor(
    readonly partPath: string,
    private handle: FileHandle | null,
  ) {}

  /** Opens the part file; with `resume`, keeps its complete lines, else starts empty. */
  static async open(partPath: string, options: { resume: boolean }): Promise<ListingSink> {
    await mkdir(dirname(partPath), { recursive: true });
    if (!options.resume) await rm(partPath, { force: true });
    const handle = await open(partPath, 'a+');
    const sink = new ListingSink(partPath, handle);
    if (options.resume) await sink.recover();
    return sink;
  }

  get lines(): number {
    return this.lineCount;
  }

  /** Validates against the listing contract and buffers the line unless its id was already written. */
  add(candidate: Listing): AddOutcome {
    const parsed = ListingSchema.safeParse(candidate);
    if (!parsed.success) {
      if (this.invalidSamples.length < MAX_INVALID_SAMPLES) {
        this.invalidSamples.push({
          listingId: typeof candidate.listing_id === 'string' ? candidate.listing_id : null,
          issues: parsed.error.issues.map((issue) => `${issue.path.join('.') || '(root)'}: ${issue.message}`),
        });
      }
      return 'invalid';
    }
    const key = `${parsed.data.source}:${parsed.data.listing_id}`;
    if (this.seen.has(key)) return 'duplicate';
    this.seen.add(key);
    this.buffer.push(`${JSON.stringify(parsed.data)}\n`);
    this.lineCount += 1;
    return 'written';
  }

  /** Writes buffered lines and syncs them to disk; calls are serialised. */
  flush(): Promise<void> {
    const next = this.writing.then(async () => {
      if (this.buffer.length === 0 || !this.handle) return;
      const chunk = this.buffer.join('');
      this.buffer = [];
      await this.handle.write(chunk);
      await this.handle.datasync();
    });
    // Keep the chain alive after a failure so later flushes still run (and report their own error).
    this.writing = next.catch(() => undefined);
    return next;
  }

  async close(): Promise<void> {
    await this.flush();
    await this.handle?.close();
    this.handle = null;
  }

  /** Gzips the complete part file to `outPath` via a temp file and rename, then removes the part file. */
  async finalize(outPath: string): Promise<OutputSummary> {
    await this.close();
    await mkdir(dirname(outPath), { recursive: true });
    const tempPath = `${outPath}.tmp-${randomBytes(4).toString('hex')}`;
    const hash = createHash('sha256');
    let bytes = 0;
    const measure = new Transform({
      transform(chunk: Buffer, _encoding, callback) {
        hash.update(chunk);
        bytes += chunk.length;
        callback(null, chunk);
      },
    });
    try {
      await pipeline(createReadStream(this.partPath), createGzip({ level: 6 }), measure, createWriteStream(tempPath));
      const written = await open(tempPath, 'r+');
      try {
        await written.sync();
      } finally {
        await written.close();
      }
      await rename(tempPath, outPath);
    } catch (error) {
      await rm(tempPath, { force: true });
      throw error;
    }
    await rm(this.partPath, { force: true });
    return { path: outPath, bytes, lines: this.lineCount, sha256: hash.digest('hex') };
  }

  private async recover(): Promise<void> {
    if (!this.handle) return;
    const size = (await stat(this.partPath)).size;
    if (size === 0) return;
    let keepBytes = 0;
    let carry = Buffer.alloc(0);
    let position = 0;
    const chunk = Buffer.alloc(1 << 20);
    for (;;) {
      const { bytesRead } = await this.handle.read(chunk, 0, chunk.length, position);
      if (bytesRead === 0) break;
      position += bytesRead;
      let data = Buffer.concat([carry, chunk.subarray(0, bytesRead)]);
      let newline = data.indexOf(0x0a);
      while (newline !== -1) {
        const line = data.subarray(0, newline).toString('utf8');
        const id = ListingSink.idOf(line);
        // The first unreadable line marks where a crash tore the file; nothing after it is trusted.
        if (id === null) {
          await this.truncate(keepBytes);
          return;
        }
        if (!this.seen.has(id)) {
          this.seen.add(id);
          this.lineCount += 1;
        }
        keepBytes += newline + 1;
        data = data.subarray(newline + 1);
        newline = data.indexOf(0x0a);
      }
      carry = Buffer.from(data);
    }
    if (keepBytes < size) await this.truncate(keepBytes);
  }

  private async truncate(bytes: number): Promise<void> {
    await this.handle?.truncate(bytes);
    await this.handle?.datasync();
  }

  private static idOf(line: string): string | null {
    try {
      const value: unknown = JSON.parse(line);
      if (typeof value !== 'object' || value === null) return null;
      const { source, listing_id: listingId } = value as { source?: unknown; listing_id?: unknown };
      return typeof source === 'string' && typeof listingId === 'string' ? `${source}:${listingId}` : null;
    } catch {
      return null;
    }
  }
}
