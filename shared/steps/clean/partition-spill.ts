import { closeSync, mkdtempSync, openSync, readFileSync, rmSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

const FLUSH_CHARS = 256 * 1024;

/** FNV-1a over the key: a stable, fast partition choice (not security relevant). */
function partitionOf(key: string, partitions: number): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < key.length; i++) {
    hash ^= key.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return (hash >>> 0) % partitions;
}

/** One spilled entry, as read back. */
export interface SpilledEntry {
  groupKey: string;
  recordHash: string;
  json: string;
}

/**
 * Hash-partitioned spill files on local disk (/tmp in Lambda). Rows that may merge share a group key and so a
 * partition; exact duplicates share a record hash and the group key too. Deduping one partition at a time keeps
 * memory at one partition's size whatever the file's size. Order within a partition is file order.
 */
export class PartitionSpill {
  private readonly dir: string;
  private readonly fds: number[];
  private readonly buffers: string[];

  constructor(readonly partitions: number, parentDir = tmpdir()) {
    this.dir = mkdtempSync(path.join(parentDir, 'xecu-clean-'));
    this.fds = Array.from({ length: partitions }, (_, index) => openSync(path.join(this.dir, `p${index}.tsv`), 'w'));
    this.buffers = Array.from({ length: partitions }, () => '');
  }

  /** Keys and hashes must not hold tabs or newlines; JSON text never holds raw ones. */
  add(groupKey: string, recordHash: string, json: string): void {
    const index = partitionOf(groupKey, this.partitions);
    const buffer = `${this.buffers[index]}${groupKey}\t${recordHash}\t${json}\n`;
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

  /** Each partition's entries, one partition in memory at a time. */
  *partitionEntries(): Generator<SpilledEntry[]> {
    for (let index = 0; index < this.partitions; index++) {
      const content = readFileSync(path.join(this.dir, `p${index}.tsv`), 'utf8');
      const entries: SpilledEntry[] = [];
      let start = 0;
      while (start < content.length) {
        const end = content.indexOf('\n', start);
        const firstTab = content.indexOf('\t', start);
        const secondTab = content.indexOf('\t', firstTab + 1);
        entries.push({
          groupKey: content.slice(start, firstTab),
          recordHash: content.slice(firstTab + 1, secondTab),
          json: content.slice(secondTab + 1, end),
        });
        start = end + 1;
      }
      yield entries;
    }
  }

  dispose(): void {
    rmSync(this.dir, { recursive: true, force: true });
  }
}

/** Enough partitions that one holds about `targetBytes` of the input (gzip input counted as 8× its size). */
export function partitionCountFor(sourceBytes: number | undefined, gzipped: boolean, targetBytes = 32 * 1024 * 1024): number {
  if (!sourceBytes || sourceBytes <= 0) return 16;
  const expanded = gzipped ? sourceBytes * 8 : sourceBytes;
  return Math.min(512, Math.max(1, Math.ceil(expanded / targetBytes)));
}
