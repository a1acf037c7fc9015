import { createReadStream } from 'node:fs';
import type { Listing } from '../../shared/contracts/listing';
import type { ObjectStore } from '../../shared/ports/object-store';
import type { OutputSummary } from '../engine/listing-sink';

/** Where listings go: an object store (S3 or the offline filesystem store), a bucket and a key prefix. */
export interface UploadTarget {
  store: ObjectStore;
  bucket: string;
  /** Key prefix without leading or trailing slash; '' for the bucket root. */
  prefix: string;
}

export interface UploadResult {
  bucket: string;
  key: string;
  etag: string | null;
  bytes: number;
}

export class UploadVerificationError extends Error {
  override readonly name = 'UploadVerificationError';
  constructor(readonly bucket: string, readonly key: string, reason: string) {
    super(`upload of ${bucket}/${key} not confirmed: ${reason}`);
  }
}

/** `<prefix>/listings/source=<site>/dt=<YYYY-MM-DD>/<run-id>.ndjson.gz`: Hive-style partitions the loader lists. */
export function listingObjectKey(prefix: string, site: Listing['source'], date: string, runId: string): string {
  const trimmed = prefix.replace(/^\/+|\/+$/g, '');
  return `${trimmed ? `${trimmed}/` : ''}listings/source=${site}/dt=${date}/${runId}.ndjson.gz`;
}

/**
 * Streams the finished gzip file to its final key with putStream (multipart with a checksum on S3: the object
 * appears only once complete) and checks the stored size. Called only on a finalized file, never on a part file.
 */
export async function uploadListings(
  target: UploadTarget,
  output: OutputSummary,
  run: { site: Listing['source']; date: string; runId: string },
): Promise<UploadResult> {
  const key = listingObjectKey(target.prefix, run.site, run.date, run.runId);
  const ref = { bucket: target.bucket, key };
  const { etag } = await target.store.putStream(ref, createReadStream(output.path), {
    contentType: 'application/gzip',
    metadata: { 'xecu-run-id': run.runId, 'xecu-site': run.site, 'xecu-lines': String(output.lines), 'xecu-sha256': output.sha256 },
  });
  const stored = await target.store.head(ref);
  if (!stored) throw new UploadVerificationError(target.bucket, key, 'object not found after upload');
  if (stored.size !== output.bytes) throw new UploadVerificationError(target.bucket, key, `size ${stored.size} ≠ local ${output.bytes}`);
  return { bucket: target.bucket, key, etag: etag ?? stored.etag ?? null, bytes: stored.size };
}
