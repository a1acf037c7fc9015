import { createHash } from 'node:crypto';
import { Readable } from 'node:stream';
import {
  CreateBucketCommand,
  HeadObjectCommand,
  PutBucketVersioningCommand,
  PutObjectCommand,
  ListMultipartUploadsCommand,
  S3Client,
} from '@aws-sdk/client-s3';
import { S3ObjectStore } from '../../../shared/adapters/s3/s3-object-store';
import { startMotoServer, type MotoServer } from '../../support/moto-server';
import { describeObjectStoreContract, failingStream, listAll } from './object-store-contract';

const MIB = 1024 * 1024;

let moto: MotoServer;
let client: S3Client;
let bucketCount = 0;

/** Counts the commands a client sends, by name (e.g. `UploadPartCommand`). */
function countCommands(target: S3Client): Map<string, number> {
  const counts = new Map<string, number>();
  target.middlewareStack.add(
    (next, context) => async (args) => {
      const name = context.commandName ?? '?';
      counts.set(name, (counts.get(name) ?? 0) + 1);
      return next(args);
    },
    { step: 'initialize' },
  );
  return counts;
}

async function newBucket(): Promise<string> {
  bucketCount += 1;
  const bucket = `xecu-test-${bucketCount}`;
  await client.send(new CreateBucketCommand({ Bucket: bucket }));
  return bucket;
}

/** A deterministic pseudo-random stream of `size` bytes, made chunk by chunk (never held whole), and its sha256. */
function generatedStream(size: number): { body: Readable; sha256: string } {
  const whole = createHash('sha256');
  const chunkSize = 256 * 1024;
  const chunks: Buffer[] = [];
  for (let offset = 0, n = 0; offset < size; offset += chunkSize, n += 1) {
    // Hash-derived bytes: cheap, and different in every chunk so a reordered part would show.
    const seed = createHash('sha512').update(`chunk-${n}`).digest();
    const chunk = Buffer.alloc(Math.min(chunkSize, size - offset));
    for (let i = 0; i < chunk.length; i += seed.length) seed.copy(chunk, i, 0, Math.min(seed.length, chunk.length - i));
    chunk.writeUInt32BE(n, 0);
    whole.update(chunk);
    chunks.push(chunk);
  }
  return { body: Readable.from(chunks), sha256: whole.digest('hex') };
}

beforeAll(async () => {
  moto = await startMotoServer();
  client = new S3Client(moto.awsConfig);
});

afterAll(async () => {
  client?.destroy();
  await moto?.stop();
});

describeObjectStoreContract('S3ObjectStore on moto', async () => ({ store: new S3ObjectStore(client), bucket: await newBucket() }));

describe('S3ObjectStore', () => {
  it('follows continuation tokens across list pages, within a prefix', async () => {
    // Prepare
    const bucket = await newBucket();
    const pagedClient = new S3Client(moto.awsConfig);
    const counts = countCommands(pagedClient);
    const store = new S3ObjectStore(pagedClient, { listPageSize: 7 });
    const keys = Array.from({ length: 20 }, (_, i) => `listings/2025-07-01/part-${String(i).padStart(4, '0')}.ndjson.gz`);
    await Promise.all(keys.map((key) => store.putBytes({ bucket, key }, key)));
    await store.putBytes({ bucket, key: 'listings/2025-07-02/part-0000.ndjson.gz' }, 'other day');
    await store.putBytes({ bucket, key: 'customers/export.json' }, '[]');
    counts.clear();
    // Act
    const listed = await listAll(store, bucket, 'listings/2025-07-01/');
    // Assess
    expect(listed.map((info) => info.key)).toEqual(keys);
    expect(counts.get('ListObjectsV2Command')).toBe(3);
    pagedClient.destroy();
  });

  it('uploads a 20 MiB stream in 8 MiB parts and reads it back identical', async () => {
    // Prepare
    const bucket = await newBucket();
    const partsClient = new S3Client(moto.awsConfig);
    const counts = countCommands(partsClient);
    const store = new S3ObjectStore(partsClient);
    const { body, sha256 } = generatedStream(20 * MIB + 123);
    const ref = { bucket, key: 'exports/big.xlsx' };
    // Act
    const put = await store.putStream(ref, body, { contentType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' });
    // Assess
    expect(counts.get('CreateMultipartUploadCommand')).toBe(1);
    expect(counts.get('UploadPartCommand')).toBe(3);
    expect(counts.get('CompleteMultipartUploadCommand')).toBe(1);
    expect(put.etag).toMatch(/-3"$/);
    const read = createHash('sha256');
    let size = 0;
    for await (const chunk of await store.getStream(ref)) {
      read.update(chunk as Buffer);
      size += (chunk as Buffer).length;
    }
    expect(size).toBe(20 * MIB + 123);
    expect(read.digest('hex')).toBe(sha256);
    partsClient.destroy();
  });

  it('aborts a multipart upload whose body fails after some parts, leaving no object and no parts', async () => {
    // Prepare
    const bucket = await newBucket();
    const partsClient = new S3Client(moto.awsConfig);
    const counts = countCommands(partsClient);
    const store = new S3ObjectStore(partsClient);
    const ref = { bucket, key: 'exports/broken.xlsx' };
    // Act
    const upload = store.putStream(ref, failingStream(17 * MIB, 'disk read failed'));
    // Assess
    await expect(upload).rejects.toThrow('disk read failed');
    expect(counts.get('UploadPartCommand')).toBeGreaterThanOrEqual(1);
    expect(counts.get('AbortMultipartUploadCommand')).toBe(1);
    expect(await store.head(ref)).toBeNull();
    const pending = await client.send(new ListMultipartUploadsCommand({ Bucket: bucket }));
    expect(pending.Uploads ?? []).toEqual([]);
    partsClient.destroy();
  });

  it('writes with the configured checksum, encryption, content type and metadata, in both put paths', async () => {
    // Prepare
    const bucket = await newBucket();
    // WHEN_REQUIRED: the SDK adds no checksum of its own, so what S3 keeps is what the store asked for.
    const plainClient = new S3Client({ ...moto.awsConfig, requestChecksumCalculation: 'WHEN_REQUIRED' });
    const store = new S3ObjectStore(plainClient, { checksumAlgorithm: 'SHA256', serverSideEncryption: 'AES256' });
    const options = { contentType: 'text/csv', contentEncoding: 'gzip', metadata: { 'batch-id': 'b_0123' } };
    const small = { bucket, key: 'staged/small.csv.gz' };
    const large = { bucket, key: 'staged/large.csv.gz' };
    // Act
    await store.putBytes(small, 'a,b\n', options);
    await store.putStream(large, generatedStream(11 * MIB).body, options);
    // Assess
    for (const ref of [small, large]) {
      const head = await client.send(new HeadObjectCommand({ Bucket: ref.bucket, Key: ref.key, ChecksumMode: 'ENABLED' }));
      expect(head).toMatchObject({ ContentType: 'text/csv', ContentEncoding: 'gzip', ServerSideEncryption: 'AES256', Metadata: { 'batch-id': 'b_0123' } });
      expect(head.ChecksumSHA256).toEqual(expect.any(String));
    }
    plainClient.destroy();
  });

  it('maps a refused connection to TransientError so the state machine retries it', async () => {
    // Prepare
    const stopped = await startMotoServer();
    await stopped.stop();
    const deadClient = new S3Client({ ...stopped.awsConfig, maxAttempts: 1 });
    const store = new S3ObjectStore(deadClient);
    const ref = { bucket: 'xecu-test-dead', key: 'x.txt' };
    // Act
    const outcomes = await Promise.allSettled([store.getStream(ref), store.head(ref), store.putBytes(ref, 'x'), listAll(store, ref.bucket, '')]);
    // Assess
    expect(outcomes).toEqual(
      Array(4).fill({ status: 'rejected', reason: expect.objectContaining({ name: 'TransientError', cause: expect.anything() }) }),
    );
    deadClient.destroy();
  });

  it('streams a large object without reading it all first', async () => {
    // Prepare
    const bucket = await newBucket();
    const store = new S3ObjectStore(client);
    const ref = { bucket, key: 'raw/big.ndjson' };
    await store.putStream(ref, generatedStream(12 * MIB).body);
    // Act
    const stream = await store.getStream(ref);
    const first = await new Promise<Buffer>((resolve) => stream.once('data', (chunk: Buffer) => resolve(chunk)));
    stream.destroy();
    // Assess
    expect(first.length).toBeLessThan(MIB);
    expect(first.readUInt32BE(0)).toBe(0);
  });
});

describe('S3ObjectStore on a versioned bucket', () => {
  it('reads the version an event announced, not the newer one written since', async () => {
    // Prepare
    const bucket = await newBucket();
    await client.send(new PutBucketVersioningCommand({ Bucket: bucket, VersioningConfiguration: { Status: 'Enabled' } }));
    const first = await client.send(new PutObjectCommand({ Bucket: bucket, Key: 'customers/a.json', Body: 'version one' }));
    await client.send(new PutObjectCommand({ Bucket: bucket, Key: 'customers/a.json', Body: 'version two' }));
    const store = new S3ObjectStore(client);
    // Act
    const read = async (versionId?: string) => {
      const chunks: Buffer[] = [];
      for await (const chunk of await store.getStream({ bucket, key: 'customers/a.json' }, versionId ? { versionId } : {})) chunks.push(chunk as Buffer);
      return Buffer.concat(chunks).toString('utf8');
    };
    // Assess
    expect(first.VersionId).toBeTruthy();
    expect(await read(first.VersionId)).toBe('version one');
    expect(await read()).toBe('version two');
  });
});
