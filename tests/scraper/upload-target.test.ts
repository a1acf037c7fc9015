import { Readable } from 'node:stream';
import { MemoryObjectStore } from '../../shared/adapters/memory/memory-object-store';
import type { ObjectStore } from '../../shared/ports/object-store';
import { listingObjectKey, uploadListings, UploadVerificationError } from '../../scraper-onprem/upload/upload-listings';
import { parseUploadTargetUrl, UploadUrlError } from '../../scraper-onprem/upload/upload-target-url';
import { join } from 'node:path';
import { writeFile } from 'node:fs/promises';
import { tempDir } from './scrape-test-kit';

describe('upload target', () => {
  it('reads s3:// and file:// targets', () => {
    // Act, Assess
    expect(parseUploadTargetUrl('s3://xecu-landing')).toEqual({ kind: 's3', bucket: 'xecu-landing' });
    expect(parseUploadTargetUrl('s3://xecu-landing/')).toEqual({ kind: 's3', bucket: 'xecu-landing' });
    expect(parseUploadTargetUrl('file:///srv/xecu/s3')).toEqual({ kind: 'file', root: '/srv/xecu/s3', bucket: 'xecu-local-landing' });
    expect(parseUploadTargetUrl('file:///srv/s3?bucket=my-landing')).toEqual({ kind: 'file', root: '/srv/s3', bucket: 'my-landing' });
    expect(() => parseUploadTargetUrl('s3://Bad_Bucket')).toThrow(UploadUrlError);
    expect(() => parseUploadTargetUrl('gs://bucket')).toThrow(UploadUrlError);
    expect(() => parseUploadTargetUrl('file:///srv/s3?bukket=my-landing')).toThrow(/unknown parameter "bukket"/);
  });

  it.each(['s3://xecu-landing/nightly', 's3://xecu-landing/nightly/listings/', 'file:///srv/s3?prefix=nightly', 'file:///srv/s3?bucket=b&prefix=p'])(
    'refuses a key prefix, saying only listings/ at the bucket root is ingested: %s',
    (url) => {
      // Act, Assess
      expect(() => parseUploadTargetUrl(url)).toThrow(UploadUrlError);
      expect(() => parseUploadTargetUrl(url)).toThrow(/key prefix is not supported.*listings\/source=<site>\/… at the bucket root.*uploader policy/);
    },
  );

  it('lays keys out at the bucket root as Hive partitions by source and date', () => {
    // Act, Assess
    expect(listingObjectKey('chotot', '2026-10-01', 'chotot-1')).toBe('listings/source=chotot/dt=2026-10-01/chotot-1.ndjson.gz');
    expect(listingObjectKey('xetot', '2026-10-01', 'xetot-1')).toBe('listings/source=xetot/dt=2026-10-01/xetot-1.ndjson.gz');
  });

  it('streams the finished file and checks the stored size', async () => {
    // Prepare
    const dir = await tempDir('upload');
    try {
      const path = join(dir.path, 'out.ndjson.gz');
      await writeFile(path, Buffer.from('gzip bytes'));
      const store = new MemoryObjectStore();
      // Act
      const result = await uploadListings({ store, bucket: 'xecu-landing' }, { path, bytes: 10, lines: 1, sha256: 'a'.repeat(64) }, { site: 'chotot', date: '2026-10-01', runId: 'r1' });
      // Assess
      expect(result).toMatchObject({ bucket: 'xecu-landing', key: 'listings/source=chotot/dt=2026-10-01/r1.ndjson.gz', bytes: 10 });
      expect(store.bytes({ bucket: 'xecu-landing', key: result.key })?.toString()).toBe('gzip bytes');
    } finally {
      await dir.remove();
    }
  });

  it('fails, leaving no object, when the file on disk is not the finalized one', async () => {
    // Prepare
    const dir = await tempDir('upload');
    try {
      const path = join(dir.path, 'out.ndjson.gz');
      await writeFile(path, Buffer.from('gzip bytes'));
      const store = new MemoryObjectStore();
      // Act, Assess: the summary says 12 bytes, the file holds 10 (it changed after it was finalized).
      await expect(
        uploadListings({ store, bucket: 'xecu-landing' }, { path, bytes: 12, lines: 1, sha256: 'a'.repeat(64) }, { site: 'chotot', date: '2026-10-01', runId: 'r1' }),
      ).rejects.toThrow(UploadVerificationError);
      expect(store.bytes({ bucket: 'xecu-landing', key: 'listings/source=chotot/dt=2026-10-01/r1.ndjson.gz' })).toBeUndefined();
    } finally {
      await dir.remove();
    }
  });
});
