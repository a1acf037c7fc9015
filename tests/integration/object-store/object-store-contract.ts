import { createHash } from 'node:crypto';
import { Readable } from 'node:stream';
import type { ObjectInfo, ObjectStore } from '../../../shared/ports/object-store';
import { ObjectNotFoundError } from '../../../shared/ports/object-store';

export interface ContractSubject {
  store: ObjectStore;
  /** An existing, empty bucket for this test alone. */
  bucket: string;
}

export async function readAll(stream: Readable): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk as string));
  return Buffer.concat(chunks);
}

export async function listAll(store: ObjectStore, bucket: string, prefix: string): Promise<ObjectInfo[]> {
  const found: ObjectInfo[] = [];
  for await (const info of store.list(bucket, prefix)) found.push(info);
  return found;
}

/** A stream that yields `bytes` in chunks, then fails: a producer dying mid-write. */
export function failingStream(bytes: number, message: string): Readable {
  return Readable.from(
    (async function* () {
      const chunk = Buffer.alloc(64 * 1024, 0x61);
      for (let sent = 0; sent < bytes; sent += chunk.length) yield chunk.subarray(0, Math.min(chunk.length, bytes - sent));
      throw new Error(message);
    })(),
  );
}

export function md5Quoted(bytes: Buffer | string): string {
  return `"${createHash('md5').update(bytes).digest('hex')}"`;
}

/**
 * The behaviour every ObjectStore shares, so code tested against MemoryObjectStore holds on S3 and on disk.
 * `makeSubject` is called before each test.
 */
export function describeObjectStoreContract(name: string, makeSubject: () => Promise<ContractSubject>): void {
  describe(`${name} (ObjectStore contract)`, () => {
    let store: ObjectStore;
    let bucket: string;

    beforeEach(async () => {
      ({ store, bucket } = await makeSubject());
    });

    it('returns the bytes it was given, for text and for binary bodies', async () => {
      // Prepare
      const binary = Uint8Array.from([0, 1, 2, 250, 255]);
      // Act
      await store.putBytes({ bucket, key: 'in/text.json' }, '{"tên":"Nguyễn Văn Ân"}');
      await store.putBytes({ bucket, key: 'in/binary.bin' }, binary);
      // Assess
      expect((await readAll(await store.getStream({ bucket, key: 'in/text.json' }))).toString('utf8')).toBe('{"tên":"Nguyễn Văn Ân"}');
      expect([...(await readAll(await store.getStream({ bucket, key: 'in/binary.bin' })))]).toEqual([...binary]);
    });

    it('reports the same etag from put, head and list', async () => {
      // Prepare
      const ref = { bucket, key: 'etag/one.txt' };
      // Act
      const put = await store.putBytes(ref, 'xe cũ');
      const head = await store.head(ref);
      const listed = await listAll(store, bucket, 'etag/');
      // Assess
      expect(put.etag).toMatch(/^".+"$/);
      expect(head?.etag).toBe(put.etag);
      expect(listed.map((info) => info.etag)).toEqual([put.etag]);
    });

    it('heads an object with its key, byte size and modification time', async () => {
      // Prepare
      const before = Date.now();
      await store.putBytes({ bucket, key: 'head/ô tô.txt' }, 'ô tô');
      // Act
      const head = await store.head({ bucket, key: 'head/ô tô.txt' });
      // Assess
      expect(head).toMatchObject({ key: 'head/ô tô.txt', size: Buffer.byteLength('ô tô') });
      // S3 keeps whole seconds.
      expect(head?.lastModified?.getTime()).toBeGreaterThanOrEqual(Math.floor(before / 1000) * 1000 - 1000);
    });

    it('heads a missing object as null and refuses to stream it with ObjectNotFoundError', async () => {
      // Prepare
      await store.putBytes({ bucket, key: 'present/a.txt' }, 'a');
      const missing = { bucket, key: 'present/b.txt' };
      // Act
      const head = await store.head(missing);
      const read = store.getStream(missing);
      // Assess
      expect(head).toBeNull();
      await expect(read).rejects.toBeInstanceOf(ObjectNotFoundError);
      await expect(store.getStream({ bucket, key: 'present' })).rejects.toMatchObject({ name: 'ObjectNotFoundError', ref: { bucket, key: 'present' } });
    });

    it('stores a stream of many chunks and returns it byte for byte', async () => {
      // Prepare
      const chunks = Array.from({ length: 50 }, (_, i) => Buffer.alloc(10_000 + i, i));
      const expected = Buffer.concat(chunks);
      const ref = { bucket, key: 'stream/many.bin' };
      // Act
      const put = await store.putStream(ref, Readable.from(chunks), { contentType: 'application/octet-stream' });
      // Assess
      expect(await readAll(await store.getStream(ref))).toEqual(expected);
      expect(await store.head(ref)).toMatchObject({ size: expected.length, etag: put.etag });
    });

    it('stores an empty stream as an empty object', async () => {
      // Prepare
      const ref = { bucket, key: 'stream/empty.txt' };
      // Act
      await store.putStream(ref, Readable.from([]));
      // Assess
      expect(await store.head(ref)).toMatchObject({ size: 0 });
      expect((await readAll(await store.getStream(ref))).length).toBe(0);
    });

    it('replaces an object written again under the same key', async () => {
      // Prepare
      const ref = { bucket, key: 'replace/x.txt' };
      const first = await store.putBytes(ref, 'first version');
      // Act
      const second = await store.putStream(ref, Readable.from([Buffer.from('second')]));
      // Assess
      expect(second.etag).not.toBe(first.etag);
      expect((await readAll(await store.getStream(ref))).toString()).toBe('second');
    });

    it('lists every object under a prefix in key order with sizes, and nothing outside it', async () => {
      // Prepare
      const keys = ['data/b/2.csv', 'data/a.csv', 'data/b/1.csv', 'data/ab.csv', 'database.txt', 'other/a.csv', 'data/b/c/3.csv'];
      for (const key of keys) await store.putBytes({ bucket, key }, key);
      // Act
      const underData = await listAll(store, bucket, 'data/');
      const partialName = await listAll(store, bucket, 'data/a');
      const all = await listAll(store, bucket, '');
      const none = await listAll(store, bucket, 'nothing/');
      // Assess
      expect(underData.map((info) => info.key)).toEqual(['data/a.csv', 'data/ab.csv', 'data/b/1.csv', 'data/b/2.csv', 'data/b/c/3.csv']);
      expect(underData.map((info) => info.size)).toEqual(underData.map((info) => info.key.length));
      expect(partialName.map((info) => info.key)).toEqual(['data/a.csv', 'data/ab.csv']);
      expect(all.map((info) => info.key)).toEqual([...keys].sort());
      expect(none).toEqual([]);
    });

    it('deletes an object, and deleting a missing one is not an error', async () => {
      // Prepare
      const ref = { bucket, key: 'gone/x.txt' };
      await store.putBytes(ref, 'x');
      // Act
      await store.delete(ref);
      await store.delete(ref);
      // Assess
      expect(await store.head(ref)).toBeNull();
      expect(await listAll(store, bucket, 'gone/')).toEqual([]);
    });

    it('rejects a stream that fails mid-write and leaves nothing new under the key', async () => {
      // Prepare
      const fresh = { bucket, key: 'fail/fresh.bin' };
      const existing = { bucket, key: 'fail/existing.txt' };
      await store.putBytes(existing, 'the old content');
      // Act
      const failedFresh = store.putStream(fresh, failingStream(300_000, 'producer died'));
      const failedExisting = store.putStream(existing, failingStream(300_000, 'producer died again'));
      // Assess
      await expect(failedFresh).rejects.toThrow('producer died');
      await expect(failedExisting).rejects.toThrow('producer died again');
      expect(await store.head(fresh)).toBeNull();
      expect((await readAll(await store.getStream(existing))).toString()).toBe('the old content');
      expect((await listAll(store, bucket, 'fail/')).map((info) => info.key)).toEqual(['fail/existing.txt']);
    });
  });
}
