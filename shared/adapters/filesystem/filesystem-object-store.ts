import { once } from 'node:events';
import { createHash, randomBytes } from 'node:crypto';
import { createReadStream, createWriteStream, type Stats } from 'node:fs';
import { mkdir, open, readdir, rename, rm, stat, unlink, rmdir } from 'node:fs/promises';
import { dirname, join, resolve, sep } from 'node:path';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { ObjectRef } from '../../contracts/object-ref';
import { ObjectNotFoundError, type ObjectInfo, type ObjectStore, type PutOptions } from '../../ports/object-store';

/** A bucket or key the filesystem cannot hold safely (`..`, absolute, NUL, empty segment, …). */
export class InvalidObjectKeyError extends Error {
  override readonly name = 'InvalidObjectKeyError';
  constructor(readonly bucket: string, readonly key: string, reason: string) {
    super(`invalid object ${JSON.stringify(`${bucket}/${key}`)} for the filesystem store: ${reason}`);
  }
}

// Temp files live beside their final name so the rename stays on one filesystem (atomic); list() skips them.
const TEMP_MARKER = '.xecu-part-';
// Bucket names as S3 allows them (no uppercase, no `_`), which also keeps them safe as a directory name.
const BUCKET_PATTERN = /^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/;
// 255 bytes is the usual file-name limit; leave room for the temp suffix.
const MAX_SEGMENT_BYTES = 255 - TEMP_MARKER.length - 16;

/**
 * ObjectStore on a local directory, for the offline runtime: object `bucket/key` is the file `<root>/<bucket>/<key>`.
 * Writes go to `<file>.xecu-part-<random>` and are renamed into place, so no reader ever sees half an object.
 * ETag is the quoted MD5 of the content, as S3 gives for single-part uploads.
 * Not kept: content type, encoding and metadata (the port has no way to read them back).
 * A key cannot be both an object and a folder of other keys (`a` and `a/b`): the second write fails.
 */
export class FilesystemObjectStore implements ObjectStore {
  readonly root: string;
  // MD5 of files, keyed by path and stat identity, so head/list do not re-read unchanged files.
  private readonly etags = new Map<string, string>();

  constructor(root: string) {
    this.root = resolve(root);
  }

  async getStream(ref: ObjectRef): Promise<Readable> {
    const path = this.pathOf(ref);
    let handle;
    try {
      handle = await open(path, 'r');
    } catch (error) {
      if (isMissing(error)) throw new ObjectNotFoundError(ref, { cause: error });
      throw error;
    }
    try {
      // Opening a folder succeeds on Linux; a folder of keys is not an object.
      if (!(await handle.stat()).isFile()) throw new ObjectNotFoundError(ref);
    } catch (error) {
      await handle.close();
      throw error;
    }
    return handle.createReadStream();
  }

  async head(ref: ObjectRef): Promise<ObjectInfo | null> {
    const path = this.pathOf(ref);
    const info = await statFile(path);
    if (!info) return null;
    return { key: ref.key, size: info.size, etag: await this.etagOf(path, info), lastModified: info.mtime };
  }

  async putStream(ref: ObjectRef, body: Readable, _options?: PutOptions): Promise<{ etag?: string }> {
    const path = this.pathOf(ref);
    const temp = await this.tempPathFor(path);
    const hash = createHash('md5');
    // flush: fsync before close, so the renamed file is never empty after a crash.
    const out = createWriteStream(temp, { flags: 'wx', flush: true });
    try {
      await pipeline(
        body,
        async function* (source: AsyncIterable<Buffer | string>) {
          for await (const chunk of source) {
            const bytes = typeof chunk === 'string' ? Buffer.from(chunk, 'utf8') : chunk;
            hash.update(bytes);
            yield bytes;
          }
        },
        out,
      );
      return { etag: await this.publish(temp, path, hash.digest('hex')) };
    } catch (error) {
      // A body that fails at once can beat the file's own open: wait until the stream has closed its file, or the
      // temp file would appear after it was removed.
      if (!out.closed) await once(out, 'close').catch(() => undefined);
      await rm(temp, { force: true });
      throw error;
    }
  }

  async putBytes(ref: ObjectRef, body: string | Uint8Array, _options?: PutOptions): Promise<{ etag?: string }> {
    const path = this.pathOf(ref);
    const bytes = typeof body === 'string' ? Buffer.from(body, 'utf8') : body;
    const temp = await this.tempPathFor(path);
    try {
      const handle = await open(temp, 'wx');
      try {
        await handle.writeFile(bytes);
        await handle.sync();
      } finally {
        await handle.close();
      }
      return { etag: await this.publish(temp, path, createHash('md5').update(bytes).digest('hex')) };
    } catch (error) {
      await rm(temp, { force: true });
      throw error;
    }
  }

  /** Keys in S3's order (UTF-8 bytes); temp files of writes in progress are not objects and are skipped. */
  async *list(bucket: string, prefix: string): AsyncIterable<ObjectInfo> {
    validateBucket(bucket, prefix);
    const bucketDir = join(this.root, bucket);
    // Only walk the folder the prefix names: `a/b/c` → `a/b/`, then filter by the whole prefix.
    const slash = prefix.lastIndexOf('/');
    const startKeyDir = slash >= 0 ? prefix.slice(0, slash + 1) : '';
    if (prefix.includes('\u0000') || prefix.includes('\\') || prefix.startsWith('/')) {
      throw new InvalidObjectKeyError(bucket, prefix, 'prefix with NUL, backslash or a leading /');
    }
    const folders = startKeyDir.split('/').slice(0, -1);
    if (folders.some((segment) => segment === '.' || segment === '..')) {
      throw new InvalidObjectKeyError(bucket, prefix, 'prefix with a "." or ".." path segment');
    }
    // No valid key has an empty segment, so `a//` matches nothing (and must not be read as `a/`).
    if (folders.some((segment) => segment === '')) return;
    const keys: string[] = [];
    await collectKeys(bucketDir, startKeyDir, prefix, keys);
    keys.sort((a, b) => Buffer.compare(Buffer.from(a, 'utf8'), Buffer.from(b, 'utf8')));
    for (const key of keys) {
      const path = join(bucketDir, key);
      const info = await statFile(path);
      // Deleted since the walk: S3's listing is a snapshot too, but skipping is the honest answer here.
      if (!info) continue;
      yield { key, size: info.size, etag: await this.etagOf(path, info), lastModified: info.mtime };
    }
  }

  async delete(ref: ObjectRef): Promise<void> {
    const path = this.pathOf(ref);
    const info = await statFile(path);
    if (!info) return;
    await unlink(path).catch((error: unknown) => {
      if (!isMissing(error)) throw error;
    });
    await this.removeEmptyFolders(path, ref.bucket);
  }

  /**
   * S3 has no folders: the ones a delete leaves empty go too, up to the bucket's own. Not after a failed write:
   * another write may have just made the same folder and not opened its file yet.
   */
  private async removeEmptyFolders(path: string, bucket: string): Promise<void> {
    const bucketDir = join(this.root, bucket);
    for (let dir = dirname(path); dir.startsWith(bucketDir + sep); dir = dirname(dir)) {
      try {
        await rmdir(dir);
      } catch {
        return; // not empty (or already gone): the folders above are in use too
      }
    }
  }

  /** The file that holds `ref`, after checking the key cannot escape `<root>/<bucket>`. */
  pathOf(ref: ObjectRef): string {
    validateBucket(ref.bucket, ref.key);
    validateKey(ref.bucket, ref.key);
    const path = join(this.root, ref.bucket, ref.key);
    // Belt and braces: validation already forbids anything that would resolve outside the bucket.
    if (!path.startsWith(join(this.root, ref.bucket) + sep)) {
      throw new InvalidObjectKeyError(ref.bucket, ref.key, 'resolves outside the bucket');
    }
    return path;
  }

  private async tempPathFor(path: string): Promise<string> {
    await mkdir(dirname(path), { recursive: true }).catch((error: unknown) => {
      if ((error as NodeJS.ErrnoException).code === 'ENOTDIR' || (error as NodeJS.ErrnoException).code === 'EEXIST') {
        throw new Error(`cannot write ${path}: a parent of the key is itself an object`, { cause: error });
      }
      throw error;
    });
    return `${path}${TEMP_MARKER}${randomBytes(8).toString('hex')}`;
  }

  private async publish(temp: string, path: string, md5: string): Promise<string> {
    try {
      await rename(temp, path);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'EISDIR') {
        throw new Error(`cannot write ${path}: other keys use it as a folder`, { cause: error });
      }
      throw error;
    }
    const etag = `"${md5}"`;
    const info = await statFile(path);
    if (info) this.remember(cacheKey(path, info), etag);
    return etag;
  }

  private remember(id: string, etag: string): void {
    // Entries of replaced files are never hit again; a crude bound keeps a long-running process flat.
    if (this.etags.size >= 10_000) this.etags.clear();
    this.etags.set(id, etag);
  }

  private async etagOf(path: string, info: Stats): Promise<string> {
    const id = cacheKey(path, info);
    const known = this.etags.get(id);
    if (known) return known;
    const hash = createHash('md5');
    await pipeline(createReadStream(path), async function (source: AsyncIterable<Buffer>) {
      for await (const chunk of source) hash.update(chunk);
    });
    const etag = `"${hash.digest('hex')}"`;
    this.remember(id, etag);
    return etag;
  }
}

function cacheKey(path: string, info: Stats): string {
  return `${path}\u0000${info.ino}\u0000${info.size}\u0000${info.mtimeMs}`;
}

function isMissing(error: unknown): boolean {
  const code = (error as NodeJS.ErrnoException | null)?.code;
  return code === 'ENOENT' || code === 'ENOTDIR';
}

async function statFile(path: string): Promise<Stats | null> {
  try {
    const info = await stat(path);
    return info.isFile() ? info : null;
  } catch (error) {
    if (isMissing(error)) return null;
    throw error;
  }
}

function validateBucket(bucket: string, key: string): void {
  if (!BUCKET_PATTERN.test(bucket) || bucket.includes('..')) {
    throw new InvalidObjectKeyError(bucket, key, 'bucket must be 3–63 of a-z 0-9 . - as S3 allows');
  }
}

function validateKey(bucket: string, key: string): void {
  const fail = (reason: string): never => {
    throw new InvalidObjectKeyError(bucket, key, reason);
  };
  if (key.length === 0) fail('empty key');
  if (key.includes('\u0000')) fail('NUL character');
  if (key.includes('\\')) fail('backslash (a path separator on Windows)');
  if (key.startsWith('/')) fail('absolute key (leading /)');
  if (key.endsWith('/')) fail('trailing / (a folder, not an object)');
  for (const segment of key.split('/')) {
    if (segment === '') fail('empty path segment (//)');
    if (segment === '.' || segment === '..') fail(`"${segment}" path segment`);
    if (segment.includes(TEMP_MARKER)) fail(`"${TEMP_MARKER}" is reserved for writes in progress`);
    if (Buffer.byteLength(segment, 'utf8') > MAX_SEGMENT_BYTES) fail(`a path segment is longer than ${MAX_SEGMENT_BYTES} bytes`);
  }
}

/** Adds every object key under `keyDir` (a key prefix ending in `/`, or '') that starts with `prefix`. */
async function collectKeys(bucketDir: string, keyDir: string, prefix: string, keys: string[]): Promise<void> {
  let entries;
  try {
    entries = await readdir(join(bucketDir, keyDir), { withFileTypes: true });
  } catch (error) {
    if (isMissing(error)) return;
    throw error;
  }
  for (const entry of entries) {
    const key = keyDir + entry.name;
    if (entry.isDirectory()) {
      const asFolder = `${key}/`;
      // Descend only where keys can still match the prefix.
      if (asFolder.startsWith(prefix) || prefix.startsWith(asFolder)) await collectKeys(bucketDir, asFolder, prefix, keys);
    } else if (entry.isFile() && key.startsWith(prefix) && !entry.name.includes(TEMP_MARKER)) {
      keys.push(key);
    }
  }
}
