import type { Readable } from 'node:stream';
import type { ObjectRef } from '../contracts/object-ref';

export interface ObjectInfo {
  key: string;
  size: number;
  etag?: string;
  lastModified?: Date;
}

export interface PutOptions {
  contentType?: string;
  contentEncoding?: string;
  metadata?: Record<string, string>;
}

/**
 * Blob storage with S3's bucket/key layout. Bodies are streams so memory does not grow with object size.
 * `putStream` must make the object visible under its key only once it is complete (S3 multipart semantics;
 * the filesystem store writes a temp file and renames it).
 */
/** Which version of an object to read; stores without versioning ignore it. */
export interface GetOptions {
  /** S3 version id: read exactly the version an event announced, even if the key was overwritten since. */
  versionId?: string;
}

export interface ObjectStore {
  getStream(ref: ObjectRef, options?: GetOptions): Promise<Readable>;
  head(ref: ObjectRef): Promise<ObjectInfo | null>;
  putStream(ref: ObjectRef, body: Readable, options?: PutOptions): Promise<{ etag?: string }>;
  putBytes(ref: ObjectRef, body: string | Uint8Array, options?: PutOptions): Promise<{ etag?: string }>;
  /** Every object under the prefix, following pagination. */
  list(bucket: string, prefix: string): AsyncIterable<ObjectInfo>;
  delete(ref: ObjectRef): Promise<void>;
}

/** Raised when an object does not exist; adapters map their own not-found errors to it. */
export class ObjectNotFoundError extends Error {
  override readonly name = 'ObjectNotFoundError';
  constructor(readonly ref: ObjectRef, options?: { cause?: unknown }) {
    super(`object not found: ${ref.bucket}/${ref.key}`, options);
  }
}
