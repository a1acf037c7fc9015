import { mkdtemp, readdir, rm, writeFile, mkdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough, Readable } from 'node:stream';
import { FilesystemObjectStore, InvalidObjectKeyError } from '../../../shared/adapters/filesystem/filesystem-object-store';
import { describeObjectStoreContract, listAll, md5Quoted, readAll } from './object-store-contract';

const roots: string[] = [];

async function newRoot(): Promise<string> {
  const root = await mkdtemp(join(tmpdir(), 'xecu-fs-store-'));
  roots.push(root);
  return root;
}

afterAll(async () => {
  await Promise.all(roots.map((root) => rm(root, { recursive: true, force: true })));
});

describeObjectStoreContract('FilesystemObjectStore', async () => {
  const root = await newRoot();
  await mkdir(join(root, 'xecu-test'));
  return { store: new FilesystemObjectStore(root), bucket: 'xecu-test' };
});

describe('FilesystemObjectStore', () => {
  it('keeps an object as <root>/<bucket>/<key> with an MD5 etag', async () => {
    // Prepare
    const root = await newRoot();
    const store = new FilesystemObjectStore(root);
    // Act
    const put = await store.putBytes({ bucket: 'raw-data', key: 'customers/2025/export.json' }, '{"results":[]}');
    // Assess
    expect(await readdir(join(root, 'raw-data', 'customers', '2025'))).toEqual(['export.json']);
    expect(put.etag).toBe(md5Quoted('{"results":[]}'));
  });

  it('never shows a half-written stream under its key, in head, get or list', async () => {
    // Prepare
    const store = new FilesystemObjectStore(await newRoot());
    const ref = { bucket: 'landing', key: 'listings/part-0001.ndjson' };
    const body = new PassThrough();
    const writing = store.putStream(ref, body);
    body.write(Buffer.alloc(200_000, 0x62));
    await new Promise((resolve) => setTimeout(resolve, 50));
    // Act
    const headMidway = await store.head(ref);
    const listMidway = await listAll(store, 'landing', '');
    const getMidway = store.getStream(ref);
    body.end(Buffer.from('tail'));
    await writing;
    // Assess
    expect(headMidway).toBeNull();
    expect(listMidway).toEqual([]);
    await expect(getMidway).rejects.toMatchObject({ name: 'ObjectNotFoundError' });
    expect(await store.head(ref)).toMatchObject({ size: 200_004 });
  });

  it('removes the temp file of a failed write', async () => {
    // Prepare
    const root = await newRoot();
    const store = new FilesystemObjectStore(root);
    const body = Readable.from(
      (async function* () {
        yield Buffer.from('some bytes');
        throw new Error('source closed');
      })(),
    );
    // Act
    const writing = store.putStream({ bucket: 'landing', key: 'x/y.bin' }, body);
    // Assess
    await expect(writing).rejects.toThrow('source closed');
    expect(await readdir(join(root, 'landing', 'x'))).toEqual([]);
  });

  it('removes the folders a delete leaves empty and keeps those other objects still use', async () => {
    // Prepare
    const root = await newRoot();
    const store = new FilesystemObjectStore(root);
    await store.putBytes({ bucket: 'landing', key: 'x/keep.bin' }, 'kept');
    await store.putBytes({ bucket: 'landing', key: 'x/y/gone.bin' }, 'gone');
    // Act
    await store.delete({ bucket: 'landing', key: 'x/y/gone.bin' });
    // Assess
    expect(await readdir(join(root, 'landing', 'x'))).toEqual(['keep.bin']);
  });

  it.each([
    ['../outside.txt', '".." path segment'],
    ['a/../../outside.txt', '".." path segment'],
    ['/etc/passwd', 'absolute key'],
    ['a/./b', '"." path segment'],
    ['nul\u0000byte', 'NUL character'],
    ['a//b', 'empty path segment'],
    ['folder/', 'trailing /'],
    ['a\\..\\b', 'backslash'],
    ['x.xecu-part-1234', 'reserved'],
  ])('rejects the key %j with a clear error (%s)', async (key, expectedReason) => {
    // Prepare
    const store = new FilesystemObjectStore(await newRoot());
    const ref = { bucket: 'landing', key };
    // Act
    const outcomes = await Promise.allSettled([store.putBytes(ref, 'x'), store.getStream(ref), store.head(ref), store.delete(ref)]);
    // Assess
    for (const outcome of outcomes) {
      expect(outcome.status).toBe('rejected');
      const reason: unknown = outcome.status === 'rejected' ? outcome.reason : undefined;
      expect(reason).toBeInstanceOf(InvalidObjectKeyError);
      expect((reason as Error).message).toContain(expectedReason);
    }
  });

  it('rejects a bucket name that is not an S3 bucket name', async () => {
    // Prepare
    const store = new FilesystemObjectStore(await newRoot());
    // Act
    const attempt = store.putBytes({ bucket: '../etc', key: 'passwd' }, 'x');
    // Assess
    await expect(attempt).rejects.toBeInstanceOf(InvalidObjectKeyError);
  });

  it('rejects a list prefix that climbs out of the bucket', async () => {
    // Prepare
    const root = await newRoot();
    const store = new FilesystemObjectStore(root);
    await store.putBytes({ bucket: 'other-bucket', key: 'secret.txt' }, 'x');
    // Act
    const listing = listAll(store, 'landing', '../other-bucket/');
    // Assess
    await expect(listing).rejects.toBeInstanceOf(InvalidObjectKeyError);
  });

  it('lists files dropped into the folder by hand, skipping writes in progress', async () => {
    // Prepare
    const root = await newRoot();
    await mkdir(join(root, 'raw-data', 'customers'), { recursive: true });
    await writeFile(join(root, 'raw-data', 'customers', 'dropped.json'), '[]');
    await writeFile(join(root, 'raw-data', 'customers', 'next.json.xecu-part-0011223344556677'), '[');
    const store = new FilesystemObjectStore(root);
    // Act
    const listed = await listAll(store, 'raw-data', 'customers/');
    // Assess
    expect(listed).toEqual([expect.objectContaining({ key: 'customers/dropped.json', size: 2, etag: md5Quoted('[]') })]);
    expect((await readAll(await store.getStream({ bucket: 'raw-data', key: 'customers/dropped.json' }))).toString()).toBe('[]');
  });

  it('refuses a key whose parent is already an object, naming the conflict', async () => {
    // Prepare
    const store = new FilesystemObjectStore(await newRoot());
    await store.putBytes({ bucket: 'landing', key: 'a' }, 'x');
    // Act
    const attempt = store.putBytes({ bucket: 'landing', key: 'a/b' }, 'y');
    // Assess
    await expect(attempt).rejects.toThrow('a parent of the key is itself an object');
  });

  it('recomputes the etag when a file changes on disk', async () => {
    // Prepare
    const root = await newRoot();
    const store = new FilesystemObjectStore(root);
    const ref = { bucket: 'landing', key: 'edited.txt' };
    await store.putBytes(ref, 'before');
    // Act
    await writeFile(join(root, 'landing', 'edited.txt'), 'after, longer');
    const head = await store.head(ref);
    // Assess
    expect(head?.etag).toBe(md5Quoted('after, longer'));
  });
});
