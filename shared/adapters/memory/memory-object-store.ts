import { Readable } from 'node:stream';
import { createHash } from 'node:crypto';
import type { ObjectRef } from '../../contracts/object-ref';
import { ObjectNotFoundError, type ObjectInfo, type ObjectStore, type PutOptions } from '../../ports/object-store';

interface StoredObject {
  body: Buffer;
  etag: string;
  lastModified: Date;
  options: PutOptions;
}

/** An ObjectStore held in memory: for unit tests and fakes. Not for big data. */
export class MemoryObjectStore implements ObjectStore {
  private readonly objects = new Map<string, StoredObject>();

  private static id(ref: ObjectRef): string {
    return `${ref.bucket}\u0000${ref.key}`;
  }

  async getStream(ref: ObjectRef): Promise<Readable> {
    const found = this.objects.get(MemoryObjectStore.id(ref));
    if (!found) throw new ObjectNotFoundError(ref);
    return Readable.from([found.body]);
  }

  async head(ref: ObjectRef): Promise<ObjectInfo | null> {
    const found = this.objects.get(MemoryObjectStore.id(ref));
    return found ? { key: ref.key, size: found.body.length, etag: found.etag, lastModified: found.lastModified } : null;
  }

  async putStream(ref: ObjectRef, body: Readable, options: PutOptions = {}): Promise<{ etag?: string }> {
    const chunks: Buffer[] = [];
    for await (const chunk of body) chunks.push(Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk as string));
    return this.putBytes(ref, Buffer.concat(chunks), options);
  }

  async putBytes(ref: ObjectRef, body: string | Uint8Array, options: PutOptions = {}): Promise<{ etag?: string }> {
    const buffer = typeof body === 'string' ? Buffer.from(body, 'utf8') : Buffer.from(body);
    const etag = `"${createHash('md5').update(buffer).digest('hex')}"`;
    this.objects.set(MemoryObjectStore.id(ref), { body: buffer, etag, lastModified: new Date(), options });
    return { etag };
  }

  async *list(bucket: string, prefix: string): AsyncIterable<ObjectInfo> {
    const keys = [...this.objects.keys()]
      .filter((id) => id.startsWith(`${bucket}\u0000${prefix}`))
      .sort();
    for (const id of keys) {
      const key = id.slice(bucket.length + 1);
      const found = this.objects.get(id);
      if (found) yield { key, size: found.body.length, etag: found.etag, lastModified: found.lastModified };
    }
  }

  async delete(ref: ObjectRef): Promise<void> {
    this.objects.delete(MemoryObjectStore.id(ref));
  }

  /** Test helper: the object's bytes, or undefined. */
  bytes(ref: ObjectRef): Buffer | undefined {
    return this.objects.get(MemoryObjectStore.id(ref))?.body;
  }
}
