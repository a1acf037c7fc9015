import { PassThrough, Readable } from 'node:stream';
import {
  DeleteObjectCommand,
  GetObjectCommand,
  HeadObjectCommand,
  PutObjectCommand,
  S3Client,
  paginateListObjectsV2,
  type ChecksumAlgorithm,
  type S3ClientConfig,
  type ServerSideEncryption,
} from '@aws-sdk/client-s3';
import { Upload } from '@aws-sdk/lib-storage';
import type { ObjectRef } from '../../contracts/object-ref';
import { TransientError } from '../../ports/errors';
import { ObjectNotFoundError, type ObjectInfo, type ObjectStore, type PutOptions, type GetOptions } from '../../ports/object-store';
import { isTransientAwsError } from '../aws/is-transient-aws-error';

export interface S3ObjectStoreOptions {
  /** Multipart part size in bytes; S3's minimum is 5 MiB. Memory per upload ≈ (queueSize + 1) × partSize. */
  partSizeBytes?: number;
  /** Parts uploaded in parallel. */
  queueSize?: number;
  /** ListObjectsV2 MaxKeys per page (S3 caps it at 1000). */
  listPageSize?: number;
  /**
   * Checksum S3 verifies on every write. `null` sends none of our own: for S3-compatible servers that lack
   * flexible checksums (set the client's `requestChecksumCalculation: 'WHEN_REQUIRED'` there too).
   */
  checksumAlgorithm?: ChecksumAlgorithm | null;
  /** Omit to use the bucket's default encryption. */
  serverSideEncryption?: ServerSideEncryption;
  /** With `aws:kms`: the key id or ARN; omit for the AWS managed key. */
  sseKmsKeyId?: string;
}

const MIB = 1024 * 1024;

/**
 * ObjectStore over Amazon S3 (or an S3-compatible server: pass `endpoint` and `forcePathStyle: true`).
 * Reads stream; writes of streams go through multipart upload, so an object appears under its key only when
 * CompleteMultipartUpload succeeds, and a failed upload is aborted.
 * HeadObject answers 403 instead of 404 unless the role may `s3:ListBucket`: grant it, or `head` throws.
 */
export class S3ObjectStore implements ObjectStore {
  private readonly client: S3Client;
  private readonly partSize: number;
  private readonly queueSize: number;
  private readonly listPageSize: number;
  private readonly checksumAlgorithm: ChecksumAlgorithm | undefined;
  private readonly serverSideEncryption: ServerSideEncryption | undefined;
  private readonly sseKmsKeyId: string | undefined;

  constructor(client: S3Client | S3ClientConfig = {}, options: S3ObjectStoreOptions = {}) {
    this.client = client instanceof S3Client ? client : new S3Client(client);
    this.partSize = options.partSizeBytes ?? 8 * MIB;
    this.queueSize = options.queueSize ?? 4;
    this.listPageSize = options.listPageSize ?? 1000;
    this.checksumAlgorithm = options.checksumAlgorithm === null ? undefined : (options.checksumAlgorithm ?? 'CRC32');
    this.serverSideEncryption = options.serverSideEncryption;
    this.sseKmsKeyId = options.sseKmsKeyId;
    if (this.partSize < 5 * MIB) throw new RangeError(`partSizeBytes must be at least 5 MiB, got ${this.partSize}`);
    if (!Number.isInteger(this.queueSize) || this.queueSize < 1) throw new RangeError(`queueSize must be ≥ 1, got ${this.queueSize}`);
    if (!Number.isInteger(this.listPageSize) || this.listPageSize < 1 || this.listPageSize > 1000) {
      throw new RangeError(`listPageSize must be 1…1000, got ${this.listPageSize}`);
    }
  }

  async getStream(ref: ObjectRef, options: GetOptions = {}): Promise<Readable> {
    let body: unknown;
    try {
      ({ Body: body } = await this.client.send(
        new GetObjectCommand({ Bucket: ref.bucket, Key: ref.key, ...(options.versionId ? { VersionId: options.versionId } : {}) }),
      ));
    } catch (error) {
      throw this.mapError(error, ref, 'GetObject');
    }
    if (!(body instanceof Readable)) throw new TypeError(`GetObject ${ref.bucket}/${ref.key}: body is not a Node.js stream`);
    return this.mapStreamErrors(body, ref);
  }

  async head(ref: ObjectRef): Promise<ObjectInfo | null> {
    try {
      const out = await this.client.send(new HeadObjectCommand({ Bucket: ref.bucket, Key: ref.key }));
      return { key: ref.key, size: out.ContentLength ?? 0, etag: out.ETag, lastModified: out.LastModified };
    } catch (error) {
      const mapped = this.mapError(error, ref, 'HeadObject');
      if (mapped instanceof ObjectNotFoundError) return null;
      throw mapped;
    }
  }

  /**
   * HeadObject of one version (the current one when `versionId` is not given), with the version id S3 answers:
   * what an Object Created event of that version carried (replay). Null when there is no such object or version.
   */
  async headVersion(ref: ObjectRef, versionId?: string): Promise<(ObjectInfo & { versionId?: string }) | null> {
    try {
      const out = await this.client.send(new HeadObjectCommand({ Bucket: ref.bucket, Key: ref.key, ...(versionId ? { VersionId: versionId } : {}) }));
      return {
        key: ref.key,
        size: out.ContentLength ?? 0,
        ...(out.ETag ? { etag: out.ETag } : {}),
        ...(out.LastModified ? { lastModified: out.LastModified } : {}),
        // A bucket that was never versioned answers no id (or "null"): its events carry none either.
        ...(out.VersionId && out.VersionId !== 'null' ? { versionId: out.VersionId } : {}),
      };
    } catch (error) {
      const mapped = this.mapError(error, ref, 'HeadObject');
      if (mapped instanceof ObjectNotFoundError) return null;
      throw mapped;
    }
  }

  async putStream(ref: ObjectRef, body: Readable, options: PutOptions = {}): Promise<{ etag?: string }> {
    const upload = new Upload({
      client: this.client,
      params: { Bucket: ref.bucket, Key: ref.key, Body: body, ...this.writeParams(options) },
      partSize: this.partSize,
      queueSize: this.queueSize,
      // Upload aborts the multipart upload on any failure, so no invisible parts are left to pay for.
      leavePartsOnError: false,
    });
    try {
      const out = await upload.done();
      return { etag: out.ETag };
    } catch (error) {
      // Upload stops reading on failure: release whoever is producing the body.
      body.destroy();
      throw this.mapError(error, ref, 'Upload');
    }
  }

  async putBytes(ref: ObjectRef, body: string | Uint8Array, options: PutOptions = {}): Promise<{ etag?: string }> {
    try {
      const out = await this.client.send(
        new PutObjectCommand({ Bucket: ref.bucket, Key: ref.key, Body: body, ...this.writeParams(options) }),
      );
      return { etag: out.ETag };
    } catch (error) {
      throw this.mapError(error, ref, 'PutObject');
    }
  }

  async *list(bucket: string, prefix: string): AsyncIterable<ObjectInfo> {
    const pages = paginateListObjectsV2(
      { client: this.client, pageSize: this.listPageSize },
      { Bucket: bucket, Prefix: prefix },
    );
    try {
      for await (const page of pages) {
        for (const item of page.Contents ?? []) {
          if (item.Key === undefined) continue;
          yield { key: item.Key, size: item.Size ?? 0, etag: item.ETag, lastModified: item.LastModified };
        }
      }
    } catch (error) {
      throw this.mapError(error, { bucket, key: prefix }, 'ListObjectsV2');
    }
  }

  async delete(ref: ObjectRef): Promise<void> {
    try {
      await this.client.send(new DeleteObjectCommand({ Bucket: ref.bucket, Key: ref.key }));
    } catch (error) {
      throw this.mapError(error, ref, 'DeleteObject');
    }
  }

  private writeParams(options: PutOptions): {
    ContentType?: string;
    ContentEncoding?: string;
    Metadata?: Record<string, string>;
    ChecksumAlgorithm?: ChecksumAlgorithm;
    ServerSideEncryption?: ServerSideEncryption;
    SSEKMSKeyId?: string;
  } {
    return {
      ...(options.contentType !== undefined && { ContentType: options.contentType }),
      ...(options.contentEncoding !== undefined && { ContentEncoding: options.contentEncoding }),
      ...(options.metadata !== undefined && { Metadata: options.metadata }),
      ...(this.checksumAlgorithm !== undefined && { ChecksumAlgorithm: this.checksumAlgorithm }),
      ...(this.serverSideEncryption !== undefined && { ServerSideEncryption: this.serverSideEncryption }),
      ...(this.sseKmsKeyId !== undefined && { SSEKMSKeyId: this.sseKmsKeyId }),
    };
  }

  /** Not-found → ObjectNotFoundError, throttling/5xx/network → TransientError, anything else as it came. */
  private mapError(error: unknown, ref: ObjectRef, action: string): unknown {
    const e = error as { name?: unknown; $metadata?: { httpStatusCode?: unknown } } | null;
    const name = typeof e?.name === 'string' ? e.name : 'Error';
    if (name === 'NoSuchKey' || (name === 'NotFound' && e?.$metadata?.httpStatusCode === 404)) {
      return new ObjectNotFoundError(ref, { cause: error });
    }
    if (isTransientAwsError(error)) {
      return new TransientError(`S3 ${action} ${ref.bucket}/${ref.key} failed: ${name}`, { cause: error });
    }
    return error;
  }

  /**
   * A connection dropped mid-body surfaces as a stream error, after getStream returned: map it the same way.
   * The PassThrough keeps backpressure (pipe) and destroying it early frees the HTTP socket.
   */
  private mapStreamErrors(body: Readable, ref: ObjectRef): Readable {
    const out = new PassThrough();
    body.once('error', (error) => out.destroy(this.mapError(error, ref, 'GetObject body') as Error));
    out.once('close', () => {
      if (!body.destroyed) body.destroy();
    });
    body.pipe(out);
    return out;
  }
}
