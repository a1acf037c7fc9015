import { closeSync, mkdtempSync, openSync, readSync, rmSync, writeSync } from 'node:fs';
import { StringDecoder } from 'node:string_decoder';
import { tmpdir } from 'node:os';
import path from 'node:path';

const FLUSH_CHARS = 256 * 1024;
const READ_BYTES = 1 << 20;

/** FNV-1a over the key: a stable, fast partition choice (not security relevant). */
function partitionOf(key: string, partitions: number): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < key.length; i++) {
    hash ^= key.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return (hash >>> 0) % partitions;
}

/** One spilled entry, as read back: the row as JSON text from disk, or the row itself when it never left memory. */
export interface SpilledEntry<Row> {
  groupKey: string;
  recordHash: string;
  row: string | Row;
}

/** Where clean puts valid rows between reading and deduping. */
export interface RowSpill<Row> {
  readonly partitions: number;
  add(groupKey: string, recordHash: string, row: Row): void;
  finishWriting(): void;
  partitionEntries(): Generator<SpilledEntry<Row>[]>;
  dispose(): void;
}

/**
 * A single partition kept in memory: for inputs small enough that one partition holds them anyway, writing them to
 * disk and parsing them back would only cost time. Memory is the same as reading that one partition from disk.
 */
export class MemorySpill<Row> implements RowSpill<Row> {
  readonly partitions = 1;
  private entries: SpilledEntry<Row>[] = [];

  add(groupKey: string, recordHash: string, row: Row): void {
    this.entries.push({ groupKey, recordHash, row });
  }

  finishWriting(): void {}

  *partitionEntries(): Generator<SpilledEntry<Row>[]> {
    const entries = this.entries;
    this.entries = [];
    yield entries;
  }

  dispose(): void {
    this.entries = [];
  }
}

/**
 * Hash-partitioned spill files on local disk (/tmp in Lambda). Rows that may merge share a group key and so a
 * partition; exact duplicates share a record hash and the group key too. Deduping one partition at a time keeps
 * memory at one partition's size whatever the file's size. Order within a partition is file order.
 */
export class PartitionSpill<Row> implements RowSpill<Row> {
  private readonly dir: string;
  private readonly fds: number[];
  private readonly buffers: string[];

  constructor(readonly partitions: number, parentDir = tmpdir()) {
    this.dir = mkdtempSync(path.join(parentDir, 'xecu-clean-'));
    this.fds = Array.from({ length: partitions }, (_, index) => openSync(path.join(this.dir, `p${index}.tsv`), 'w'));
    this.buffers = Array.from({ length: partitions }, () => '');
  }

  /** Keys and hashes must not hold tabs or newlines; JSON text never holds raw ones. */
  add(groupKey: string, recordHash: string, row: Row): void {
    const index = partitionOf(groupKey, this.partitions);
    const buffer = `${this.buffers[index]}${groupKey}\t${recordHash}\t${JSON.stringify(row)}\n`;
    if (buffer.length >= FLUSH_CHARS) {
      writeSync(this.fds[index] as number, buffer);
      this.buffers[index] = '';
    } else {
      this.buffers[index] = buffer;
    }
  }

  /** Flushes and closes the files; call once, before reading. */
  finishWriting(): void {
    this.fds.forEach((fd, index) => {
      if (this.buffers[index]) writeSync(fd, this.buffers[index] as string);
      closeSync(fd);
    });
    this.buffers.fill('');
  }

  /**
   * Each partition's entries, one partition in memory at a time. The file is read in 1 MiB pieces, so no string
   * is larger than that: V8 keeps very large strings in a space it frees only on full collections.
   */
  *partitionEntries(): Generator<SpilledEntry<Row>[]> {
    const buffer = Buffer.allocUnsafe(READ_BYTES);
    for (let index = 0; index < this.partitions; index++) {
      const fd = openSync(path.join(this.dir, `p${index}.tsv`), 'r');
      const decoder = new StringDecoder('utf8');
      const entries: SpilledEntry<Row>[] = [];
      let carry = '';
      try {
        for (let read = readSync(fd, buffer, 0, READ_BYTES, null); read > 0; read = readSync(fd, buffer, 0, READ_BYTES, null)) {
          const text = carry + decoder.write(buffer.subarray(0, read));
          let start = 0;
          for (let end = text.indexOf('\n'); end >= 0; end = text.indexOf('\n', start)) {
            const firstTab = text.indexOf('\t', start);
            const secondTab = text.indexOf('\t', firstTab + 1);
            entries.push({
              groupKey: text.slice(start, firstTab),
              recordHash: text.slice(firstTab + 1, secondTab),
              row: text.slice(secondTab + 1, end),
            });
            start = end + 1;
          }
          carry = text.slice(start);
        }
      } finally {
        closeSync(fd);
      }
      yield entries;
    }
  }

  dispose(): void {
    rmSync(this.dir, { recursive: true, force: true });
  }
}

/** Enough partitions that one holds about `targetBytes` of the input (gzip input counted as 8× its size; unknown size: 16). Spilled rows take about 3× their input bytes in memory.. */
export function partitionCountFor(sourceBytes: number | undefined, gzipped: boolean, targetBytes = 8 * 1024 * 1024): number {
  if (!sourceBytes || sourceBytes <= 0) return 16;
  const expanded = gzipped ? sourceBytes * 8 : sourceBytes;
  return Math.min(512, Math.max(1, Math.ceil(expanded / targetBytes)));
}
