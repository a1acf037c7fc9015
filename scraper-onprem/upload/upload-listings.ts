import { Transform } from 'node:stream';
import { createReadStream } from 'node:fs';
import type { Listing } from '../../shared/contracts/listing';
import type { ObjectStore } from '../../shared/ports/object-store';
import type { OutputSummary } from '../engine/listing-sink';

/**
 * Where listings go: an object store (S3 or the offline filesystem store) and a bucket. Keys always start at the
 * bucket root (listingObjectKey): the uploader policy, the landing event rule and the trigger accept nothing else.
 */
export interface UploadTarget {
  store: ObjectStore;
  bucket: string;
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

/** `listings/source=<site>/dt=<YYYY-MM-DD>/<run-id>.ndjson.gz` at the bucket root: Hive-style partitions the loader lists. */
export function listingObjectKey(site: Listing['source'], date: string, runId: string): string {
  return `listings/source=${site}/dt=${date}/${runId}.ndjson.gz`;
}

/**
 * Streams the finished gzip file to its final key with putStream (multipart with a CRC32 checksum on S3, which S3
 * checks per part and for the whole object; the object appears only once complete). Called only on a finalized
 * file, never on a part file. No HEAD afterwards: the uploader's IAM policy may put under listings/ and nothing
 * else, so it cannot read back; instead the bytes streamed are counted against the finalized file's size.
 */
export async function uploadListings(
  target: UploadTarget,
  output: OutputSummary,
  run: { site: Listing['source']; date: string; runId: string },
): Promise<UploadResult> {
  const key = listingObjectKey(run.site, run.date, run.runId);
  const ref = { bucket: target.bucket, key };
  let streamed = 0;
  const counted = createReadStream(output.path).pipe(
    new Transform({
      transform(chunk: Buffer, _encoding, callback) {
        streamed += chunk.length;
        if (streamed > output.bytes) callback(new UploadVerificationError(target.bucket, key, `file grew past its finalized ${output.bytes} bytes`));
        else callback(null, chunk);
      },
      flush(callback) {
        callback(streamed === output.bytes ? null : new UploadVerificationError(target.bucket, key, `streamed ${streamed} bytes ≠ finalized ${output.bytes}`));
      },
    }),
  );
  const { etag } = await target.store.putStream(ref, counted, {
    contentType: 'application/gzip',
    metadata: { 'xecu-run-id': run.runId, 'xecu-site': run.site, 'xecu-lines': String(output.lines), 'xecu-sha256': output.sha256 },
  });
  return { bucket: target.bucket, key, etag: etag ?? null, bytes: streamed };
}
