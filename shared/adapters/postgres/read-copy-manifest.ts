import { z } from 'zod';
import type { ObjectRef } from '../../contracts/object-ref';
import type { ObjectStore } from '../../ports/object-store';

const ManifestSchema = z.object({
  entries: z.array(z.object({ url: z.string(), mandatory: z.boolean().optional() }).loose()),
});

export interface ManifestEntry {
  url: string;
  ref: ObjectRef;
  mandatory: boolean;
}

/** A manifest that cannot be read as Redshift's COPY manifest JSON. */
export class CopyManifestError extends Error {
  override readonly name = 'CopyManifestError';
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
  }
}

export function parseS3Url(url: string): ObjectRef {
  const match = /^s3:\/\/([^/]+)\/(.+)$/.exec(url);
  if (!match) throw new CopyManifestError(`manifest entry is not an s3://bucket/key URL: ${url}`);
  return { bucket: match[1] as string, key: match[2] as string };
}

/** Reads a Redshift COPY manifest ({"entries":[{"url":"s3://…","mandatory":true}]}) from the object store. */
export async function readCopyManifest(store: ObjectStore, manifest: ObjectRef): Promise<ManifestEntry[]> {
  const chunks: Buffer[] = [];
  for await (const chunk of await store.getStream(manifest)) chunks.push(Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk as string));
  let json: unknown;
  try {
    json = JSON.parse(Buffer.concat(chunks).toString('utf8'));
  } catch (error) {
    throw new CopyManifestError(`manifest s3://${manifest.bucket}/${manifest.key} is not JSON`, { cause: error });
  }
  const parsed = ManifestSchema.safeParse(json);
  if (!parsed.success) throw new CopyManifestError(`manifest s3://${manifest.bucket}/${manifest.key} has no valid "entries" list`);
  return parsed.data.entries.map((entry) => ({ url: entry.url, ref: parseS3Url(entry.url), mandatory: entry.mandatory === true }));
}
