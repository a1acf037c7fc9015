import { closeSync, fstatSync, mkdtempSync, openSync, readSync, rmSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

/** Write buffers of all partitions together take about this much; each is between the bounds below. */
const WRITE_BUFFERS_BYTES = 16 * 1024 * 1024;
const MIN_WRITE_BUFFER_BYTES = 64 * 1024;
const MAX_WRITE_BUFFER_BYTES = 1024 * 1024;
const TAB = 9;

/** FNV-1a over the key: a stable, fast partition choice (not security relevant). */
function partitionOf(key: string, partitions: number): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < key.length; i++) {
    hash ^= key.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return (hash >>> 0) % partitions;
}

/**
 * Where clean puts valid rows between reading and deduping: hash partitions by group key, so rows that may merge
 * (same group key) and exact duplicates (same record hash, hence same group key) share a partition. Deduping one
 * partition at a time keeps memory at one partition's size whatever the file's size.
 *
 * An entry is bytes: `groupKey \t recordHash \t`, the CSV line's byte length (uint32 LE), the CSV line. Keeping the
 * row as its finished CSV line means a row that does not merge is never parsed again: its bytes go to the output
 * as they are. Keys and hashes must not hold tabs.
 */
export abstract class RowSpill {
  private readonly buffers: Buffer[];
  private readonly lengths: number[];

  protected constructor(readonly partitions: number) {
    const size = Math.min(MAX_WRITE_BUFFER_BYTES, Math.max(MIN_WRITE_BUFFER_BYTES, Math.floor(WRITE_BUFFERS_BYTES / partitions)));
    this.buffers = Array.from({ length: partitions }, () => Buffer.allocUnsafe(size));
    this.lengths = new Array<number>(partitions).fill(0);
  }

  add(groupKey: string, recordHash: string, csvLine: string): void {
    const index = this.partitions === 1 ? 0 : partitionOf(groupKey, this.partitions);
    const head = `${groupKey}\t${recordHash}\t`;
    // UTF-8 takes at most 3 bytes per UTF-16 unit.
    const most = 3 * (head.length + csvLine.length) + 4;
    let buffer = this.buffers[index] as Buffer;
    let at = this.lengths[index] as number;
    if (at + most > buffer.length) {
      if (at > 0) this.store(index, buffer.subarray(0, at));
      at = 0;
      if (most > buffer.length) {
        // A record larger than the write buffer goes out in a buffer of its own.
        buffer = Buffer.allocUnsafe(most);
        this.store(index, buffer.subarray(0, encode(buffer, 0, head, csvLine)));
        this.lengths[index] = 0;
        return;
      }
    }
    this.lengths[index] = encode(buffer, at, head, csvLine);
  }

  /** Hands out the rest of the write buffers; call once, before reading. */
  finishWriting(): void {
    for (let index = 0; index < this.partitions; index++) {
      const length = this.lengths[index] as number;
      if (length > 0) this.store(index, (this.buffers[index] as Buffer).subarray(0, length));
      this.lengths[index] = 0;
    }
    this.buffers.length = 0;
    this.finishStoring();
  }

  /** Each partition's entries as one buffer, one partition at a time; the buffer may be reused for the next one. */
  abstract partitionBytes(): Generator<Buffer>;

  abstract dispose(): void;

  /** Takes a full part of a write buffer; the buffer is written over after this returns. */
  protected abstract store(index: number, bytes: Buffer): void;

  protected abstract finishStoring(): void;
}

function encode(buffer: Buffer, at: number, head: string, csvLine: string): number {
  const lengthAt = at + buffer.write(head, at, 'utf8');
  const lineBytes = buffer.write(csvLine, lengthAt + 4, 'utf8');
  buffer.writeUInt32LE(lineBytes, lengthAt);
  return lengthAt + 4 + lineBytes;
}

/** Reads a partition's entries in order; the fields hold the current entry after next() returned true. */
export class SpillCursor {
  groupKey = '';
  recordHash = '';
  /** Byte range of the entry's CSV line (line break included). */
  lineStart = 0;
  lineEnd = 0;

  constructor(private readonly bytes: Buffer) {}

  next(): boolean {
    const bytes = this.bytes;
    const at = this.lineEnd;
    if (at >= bytes.length) return false;
    let tab = at;
    let high = 0;
    while (bytes[tab] !== TAB) high |= bytes[tab++] as number;
    // Latin-1 decoding is the cheap path and exact while every byte is ASCII.
    this.groupKey = bytes.toString(high < 0x80 ? 'latin1' : 'utf8', at, tab);
    let hashEnd = tab + 1;
    high = 0;
    while (bytes[hashEnd] !== TAB) high |= bytes[hashEnd++] as number;
    this.recordHash = bytes.toString(high < 0x80 ? 'latin1' : 'utf8', tab + 1, hashEnd);
    this.lineStart = hashEnd + 5;
    this.lineEnd = this.lineStart + bytes.readUInt32LE(hashEnd + 1);
    return true;
  }
}

/** End of the CSV line that starts at `lineStart` (as SpillCursor reported it). */
export function spilledLineEnd(bytes: Buffer, lineStart: number): number {
  return lineStart + bytes.readUInt32LE(lineStart - 4);
}

/**
 * A single partition kept in memory: for inputs small enough that one partition holds them anyway, writing them to
 * disk and reading them back would only cost time. Memory is the same as reading that one partition from disk.
 */
export class MemorySpill extends RowSpill {
  private parts: Buffer[] = [];

  constructor() {
    super(1);
  }

  protected store(_index: number, bytes: Buffer): void {
    this.parts.push(Buffer.from(bytes));
  }

  protected finishStoring(): void {}

  *partitionBytes(): Generator<Buffer> {
    const bytes = Buffer.concat(this.parts);
    this.parts = [];
    yield bytes;
  }

  dispose(): void {
    this.parts = [];
  }
}

/** Hash-partitioned spill files on local disk (/tmp in Lambda). */
export class PartitionSpill extends RowSpill {
  private readonly dir: string;
  private readonly fds: number[];

  constructor(partitions: number, parentDir = tmpdir()) {
    super(partitions);
    this.dir = mkdtempSync(path.join(parentDir, 'xecu-clean-'));
    this.fds = Array.from({ length: partitions }, (_, index) => openSync(this.fileOf(index), 'w'));
  }

  protected store(index: number, bytes: Buffer): void {
    writeSync(this.fds[index] as number, bytes);
  }

  protected finishStoring(): void {
    for (const fd of this.fds) closeSync(fd);
    this.fds.length = 0;
  }

  /** One partition file at a time, read whole into one buffer that grows to the largest partition and is reused. */
  *partitionBytes(): Generator<Buffer> {
    let buffer = Buffer.alloc(0);
    for (let index = 0; index < this.partitions; index++) {
      const fd = openSync(this.fileOf(index), 'r');
      let length = 0;
      try {
        const size = fstatSync(fd).size;
        if (size > buffer.length) buffer = Buffer.allocUnsafe(size);
        while (length < size) {
          const read = readSync(fd, buffer, length, size - length, null);
          if (read === 0) break;
          length += read;
        }
      } finally {
        closeSync(fd);
      }
      yield buffer.subarray(0, length);
    }
  }

  dispose(): void {
    for (const fd of this.fds) closeSync(fd);
    rmSync(this.dir, { recursive: true, force: true });
  }

  private fileOf(index: number): string {
    return path.join(this.dir, `p${index}.bin`);
  }
}

/** Enough partitions that one holds about `targetBytes` of the input (gzip input counted as 8× its size; unknown size: 16). */
export function partitionCountFor(sourceBytes: number | undefined, gzipped: boolean, targetBytes = 8 * 1024 * 1024): number {
  if (!sourceBytes || sourceBytes <= 0) return 16;
  const expanded = gzipped ? sourceBytes * 8 : sourceBytes;
  return Math.min(512, Math.max(1, Math.ceil(expanded / targetBytes)));
}
