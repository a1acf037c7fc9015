import { PassThrough } from 'node:stream';
import { GetObjectCommand, HeadObjectCommand, NoSuchKey, NotFound, PutObjectCommand, S3Client, S3ServiceException } from '@aws-sdk/client-s3';
import { mockClient } from 'aws-sdk-client-mock';
import { S3ObjectStore } from '../../../shared/adapters/s3/s3-object-store';
import { TransientError } from '../../../shared/ports/errors';
import { ObjectNotFoundError } from '../../../shared/ports/object-store';

const s3 = mockClient(S3Client);
const ref = { bucket: 'xecu-raw', key: 'customers/export.json' };

function serviceError(name: string, status: number): S3ServiceException {
  return new S3ServiceException({ name, $fault: status >= 500 ? 'server' : 'client', $metadata: { httpStatusCode: status }, message: name });
}

function newStore(): S3ObjectStore {
  return new S3ObjectStore(new S3Client({ region: 'ap-southeast-1', maxAttempts: 1 }));
}

beforeEach(() => {
  s3.reset();
});

describe('S3ObjectStore error mapping', () => {
  it('maps NoSuchKey to ObjectNotFoundError and a 404 head to null', async () => {
    // Prepare
    s3.on(GetObjectCommand).rejects(new NoSuchKey({ message: 'The specified key does not exist.', $metadata: { httpStatusCode: 404 } }));
    s3.on(HeadObjectCommand).rejects(new NotFound({ message: 'Not Found', $metadata: { httpStatusCode: 404 } }));
    const store = newStore();
    // Act
    const read = store.getStream(ref);
    const head = await store.head(ref);
    // Assess
    await expect(read).rejects.toBeInstanceOf(ObjectNotFoundError);
    expect(head).toBeNull();
  });

  it.each([
    ['SlowDown', 503],
    ['InternalError', 500],
    ['ServiceUnavailable', 503],
    ['RequestTimeout', 400],
  ])('maps %s (%i) to TransientError', async (name, status) => {
    // Prepare
    const failure = serviceError(name, status);
    s3.on(PutObjectCommand).rejects(failure);
    // Act
    const put = newStore().putBytes(ref, 'x');
    // Assess
    await expect(put).rejects.toBeInstanceOf(TransientError);
    await expect(put).rejects.toMatchObject({ cause: failure });
  });

  it('lets AccessDenied through unchanged, in head as well', async () => {
    // Prepare
    const failure = serviceError('AccessDenied', 403);
    s3.on(GetObjectCommand).rejects(failure).on(HeadObjectCommand).rejects(failure);
    const store = newStore();
    // Act
    const outcomes = await Promise.allSettled([store.getStream(ref), store.head(ref)]);
    // Assess
    expect(outcomes).toEqual([
      { status: 'rejected', reason: failure },
      { status: 'rejected', reason: failure },
    ]);
  });

  it('maps a connection dropped while the body streams to TransientError on the returned stream', async () => {
    // Prepare
    const body = new PassThrough();
    s3.on(GetObjectCommand).resolves({ Body: body as never });
    const stream = await newStore().getStream(ref);
    const received: Buffer[] = [];
    const ended = new Promise<unknown>((resolve) => {
      stream.on('data', (chunk: Buffer) => received.push(chunk));
      stream.on('error', resolve);
    });
    // Act
    body.write('{"results":[');
    body.destroy(Object.assign(new Error('aborted'), { code: 'ECONNRESET' }));
    const error = await ended;
    // Assess
    expect(Buffer.concat(received).toString()).toBe('{"results":[');
    expect(error).toBeInstanceOf(TransientError);
    expect(error).toMatchObject({ cause: { code: 'ECONNRESET' } });
  });

  it('releases the response body when the reader stops early', async () => {
    // Prepare
    const body = new PassThrough();
    s3.on(GetObjectCommand).resolves({ Body: body as never });
    const stream = await newStore().getStream(ref);
    // Act
    stream.destroy();
    await new Promise((resolve) => setImmediate(resolve));
    // Assess
    expect(body.destroyed).toBe(true);
  });
});
