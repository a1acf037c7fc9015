import { createHash, randomBytes } from 'node:crypto';
import { createWriteStream, existsSync, statSync } from 'node:fs';
import { mkdir, readdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { dirname, join, resolve, sep } from 'node:path';
import { pipeline } from 'node:stream/promises';
import type { ObjectInfo, ObjectStore } from '../../ports/object-store';

/** Where sync remembers what it has: a small JSON file in the target folder. */
export const SYNC_STATE_FILE = '.xecu-sync-state.json';
const PART_SUFFIX = '.xecu-part';

interface SyncedObject {
  etag: string;
  size: number;
  file: string;
  syncedAt: string;
}

interface SyncState {
  version: 1;
  bucket: string;
  objects: Record<string, SyncedObject>;
}

export interface SyncProgress {
  key: string;
  index: number;
  of: number;
  bytes: number;
  size: number;
}

export interface SyncOptions {
  store: ObjectStore;
  bucket: string;
  toDir: string;
  /** Only workbooks whose report date (from the key `reports/<report>/<date>/…`) is on or after this day. */
  since?: string;
  prefix?: string;
  onProgress?: (progress: SyncProgress) => void;
  now?: () => Date;
}

export interface SyncSummary {
  listed: number;
  downloaded: { key: string; file: string; bytes: number }[];
  upToDate: number;
  skippedBeforeSince: number;
  failed: { key: string; error: string }[];
  bytes: number;
}

/** A downloaded object that is not what the listing promised (size, or MD5 for a single-part ETag). */
export class SyncIntegrityError extends Error {
  override readonly name = 'SyncIntegrityError';
}

const REPORT_KEY = /^reports\/([^/]+)\/(\d{4}-\d{2}-\d{2})\/([^/]+\.xlsx)$/;

async function readState(dir: string, bucket: string): Promise<SyncState> {
  try {
    const parsed = JSON.parse(await readFile(join(dir, SYNC_STATE_FILE), 'utf8')) as SyncState;
    if (parsed.version === 1 && parsed.bucket === bucket && parsed.objects && typeof parsed.objects === 'object') return parsed;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
  return { version: 1, bucket, objects: {} };
}

/** The state file is replaced atomically too: a crash leaves the old state or the new, never half of one. */
async function writeState(dir: string, state: SyncState): Promise<void> {
  const temp = join(dir, `${SYNC_STATE_FILE}.${randomBytes(4).toString('hex')}${PART_SUFFIX}`);
  await writeFile(temp, `${JSON.stringify(state, null, 2)}\n`, { flag: 'wx' });
  await rename(temp, join(dir, SYNC_STATE_FILE));
}

/** The local file of a workbook key: `<dir>/<report>/<date>/<name>.xlsx`, never outside `dir`. */
function localPathOf(dir: string, key: string): string | null {
  const match = REPORT_KEY.exec(key);
  if (!match) return null;
  const [, report, date, name] = match as unknown as [string, string, string, string];
  if ([report, name].some((segment) => segment === '.' || segment === '..' || segment.startsWith('.'))) return null;
  const path = resolve(dir, report, date, name);
  return path.startsWith(resolve(dir) + sep) ? path : null;
}

const isPlainMd5 = (etag: string): boolean => /^"?[0-9a-f]{32}"?$/i.test(etag);

async function download(store: ObjectStore, bucket: string, info: ObjectInfo, file: string, onBytes: (bytes: number) => void): Promise<number> {
  await mkdir(dirname(file), { recursive: true });
  const temp = `${file}.${randomBytes(4).toString('hex')}${PART_SUFFIX}`;
  const md5 = createHash('md5');
  let bytes = 0;
  try {
    await pipeline(
      await store.getStream({ bucket, key: info.key }),
      async function* (source: AsyncIterable<Buffer>) {
        for await (const chunk of source) {
          md5.update(chunk);
          bytes += chunk.length;
          onBytes(bytes);
          yield chunk;
        }
      },
      createWriteStream(temp, { flags: 'wx', flush: true }),
    );
    if (bytes !== info.size) throw new SyncIntegrityError(`${info.key}: got ${bytes} bytes, the listing says ${info.size}`);
    if (info.etag && isPlainMd5(info.etag) && md5.digest('hex') !== info.etag.replace(/"/g, '').toLowerCase()) {
      throw new SyncIntegrityError(`${info.key}: content does not match its ETag`);
    }
    await rename(temp, file);
    return bytes;
  } catch (error) {
    await rm(temp, { force: true });
    throw error;
  }
}

/**
 * Copies new and changed report workbooks from the exports bucket into a folder, for the on-prem server:
 * - idempotent by ETag: the state file records each key's ETag and size; an object already there (same ETag,
 *   file present with that size) is not downloaded again; a changed one is;
 * - atomic: each file is written to a temp name beside its final one, checked (size, MD5 when the ETag is one),
 *   and renamed; nobody opening the folder sees half a workbook;
 * - resumable: the state is saved after every file, so a run stopped half-way starts where it stopped;
 * - one object failing does not stop the others: it is reported in the summary (and the caller's exit code).
 * Temp files left by a killed run are removed at the start.
 */
export async function syncExports(options: SyncOptions): Promise<SyncSummary> {
  const dir = resolve(options.toDir);
  await mkdir(dir, { recursive: true });
  await removeLeftoverParts(dir);
  const state = await readState(dir, options.bucket);
  const summary: SyncSummary = { listed: 0, downloaded: [], upToDate: 0, skippedBeforeSince: 0, failed: [], bytes: 0 };
  const wanted: ObjectInfo[] = [];
  for await (const info of options.store.list(options.bucket, options.prefix ?? 'reports/')) {
    const match = REPORT_KEY.exec(info.key);
    if (!match) continue;
    summary.listed += 1;
    if (options.since && (match[2] as string) < options.since) {
      summary.skippedBeforeSince += 1;
      continue;
    }
    wanted.push(info);
  }
  for (const [index, info] of wanted.entries()) {
    const file = localPathOf(dir, info.key);
    if (!file) {
      summary.failed.push({ key: info.key, error: 'unsafe key for a local path' });
      continue;
    }
    const known = state.objects[info.key];
    const etag = info.etag ?? `size:${info.size}`;
    if (known && known.etag === etag && existsSync(file) && statSync(file).size === info.size) {
      summary.upToDate += 1;
      continue;
    }
    try {
      const bytes = await download(options.store, options.bucket, info, file, (done) =>
        options.onProgress?.({ key: info.key, index: index + 1, of: wanted.length, bytes: done, size: info.size }),
      );
      state.objects[info.key] = { etag, size: bytes, file: file.slice(dir.length + 1), syncedAt: (options.now ?? (() => new Date()))().toISOString() };
      await writeState(dir, state);
      summary.downloaded.push({ key: info.key, file, bytes });
      summary.bytes += bytes;
    } catch (error) {
      summary.failed.push({ key: info.key, error: (error as Error).message });
    }
  }
  return summary;
}

async function removeLeftoverParts(dir: string): Promise<void> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  for (const entry of entries) {
    if (entry.isFile() && entry.name.endsWith(PART_SUFFIX)) await rm(join(entry.parentPath, entry.name), { force: true });
  }
}
