import { createHash } from 'node:crypto';
import { z } from 'zod';
import type { BatchKind, IngestInput } from '../contracts/batch';
import type { Executions } from '../ports/executions';
import { silentLog, type Log } from '../ports/log';

/** S3 → Lambda notification (keys URL-encoded, spaces as '+'). */
const S3NotificationSchema = z.object({
  Records: z.array(
    z.object({
      eventName: z.string(),
      s3: z.object({
        bucket: z.object({ name: z.string() }),
        object: z.object({ key: z.string(), size: z.number().optional(), eTag: z.string().optional(), versionId: z.string().optional() }),
      }),
    }),
  ),
});

/** S3 → EventBridge "Object Created" (keys not encoded). */
const EventBridgeObjectCreatedSchema = z.object({
  'detail-type': z.literal('Object Created'),
  source: z.literal('aws.s3'),
  detail: z.object({
    bucket: z.object({ name: z.string() }),
    object: z.object({ key: z.string(), size: z.number().optional(), etag: z.string().optional(), 'version-id': z.string().optional() }),
  }),
});

export const TriggerEventSchema = z.union([S3NotificationSchema, EventBridgeObjectCreatedSchema]);
export type TriggerEvent = z.infer<typeof TriggerEventSchema>;

export interface CreatedObject {
  bucket: string;
  key: string;
  size?: number;
  etag?: string;
  versionId?: string;
}

export function createdObjects(event: TriggerEvent): CreatedObject[] {
  if ('Records' in event) {
    return event.Records.filter((record) => record.eventName.startsWith('ObjectCreated')).map((record) => ({
      bucket: record.s3.bucket.name,
      key: decodeURIComponent(record.s3.object.key.replace(/\+/g, ' ')),
      ...(record.s3.object.size === undefined ? {} : { size: record.s3.object.size }),
      ...(record.s3.object.eTag === undefined ? {} : { etag: record.s3.object.eTag }),
      ...(record.s3.object.versionId === undefined ? {} : { versionId: record.s3.object.versionId }),
    }));
  }
  const object = event.detail.object;
  return [
    {
      bucket: event.detail.bucket.name,
      key: object.key,
      ...(object.size === undefined ? {} : { size: object.size }),
      ...(object.etag === undefined ? {} : { etag: object.etag }),
      ...(object['version-id'] === undefined ? {} : { versionId: object['version-id'] }),
    },
  ];
}

/**
 * The event S3 sends EventBridge when `object` is created: what `xecu replay` re-sends for an object whose
 * ingest never started (a dead-lettered or missed event). Only the fields the trigger reads.
 */
export function objectCreatedEvent(object: CreatedObject): z.infer<typeof EventBridgeObjectCreatedSchema> {
  return {
    'detail-type': 'Object Created',
    source: 'aws.s3',
    detail: {
      bucket: { name: object.bucket },
      object: {
        key: object.key,
        ...(object.size === undefined ? {} : { size: object.size }),
        ...(object.etag === undefined ? {} : { etag: object.etag.replace(/"/g, '') }),
        ...(object.versionId === undefined ? {} : { 'version-id': object.versionId }),
      },
    },
  };
}

/** Which pipeline a key belongs to, by its prefix; null for anything else (logged and skipped). */
export function kindOfKey(key: string): BatchKind | null {
  if (key.startsWith('customers/')) return 'customers';
  if (key.startsWith('listings/')) return 'listings';
  return null;
}

/**
 * The batch id, also the execution name: the same object version always gives the same id, so a re-delivered
 * event starts nothing new and re-loading it replaces the same batch.
 */
export function batchIdFor(object: CreatedObject): string {
  const version = object.versionId ?? object.etag?.replace(/"/g, '') ?? '';
  return `b_${createHash('sha256').update(`${object.bucket}\n${object.key}\n${version}`).digest('hex').slice(0, 32)}`;
}

export function ingestInputFor(object: CreatedObject, kind: BatchKind): IngestInput {
  return {
    batchId: batchIdFor(object),
    kind,
    source: {
      bucket: object.bucket,
      key: object.key,
      ...(object.etag === undefined ? {} : { etag: object.etag.replace(/"/g, '') }),
      ...(object.versionId === undefined ? {} : { versionId: object.versionId }),
      ...(object.size === undefined ? {} : { size: object.size }),
    },
  };
}

export interface TriggerResult {
  started: { batchId: string; key: string; executionArn: string; alreadyStarted: boolean }[];
  skipped: { key: string; reason: string }[];
}

/** trigger: start one ingest execution per created object under customers/ or listings/. */
export async function trigger(
  event: TriggerEvent,
  deps: { executions: Executions; stateMachineArn: string; log?: Log },
): Promise<TriggerResult> {
  const log = deps.log ?? silentLog;
  const result: TriggerResult = { started: [], skipped: [] };
  for (const object of createdObjects(event)) {
    const kind = kindOfKey(object.key);
    if (!kind || object.key.endsWith('/')) {
      result.skipped.push({ key: object.key, reason: 'not under customers/ or listings/' });
      log.warn('object skipped', { bucket: object.bucket, key: object.key });
      continue;
    }
    const input = ingestInputFor(object, kind);
    const started = await deps.executions.start({ stateMachineArn: deps.stateMachineArn, name: input.batchId, input });
    log.info('ingest started', { batchId: input.batchId, key: object.key, alreadyStarted: started.alreadyStarted });
    result.started.push({ batchId: input.batchId, key: object.key, ...started });
  }
  return result;
}
