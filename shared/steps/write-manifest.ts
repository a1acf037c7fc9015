import type { IngestState, ManifestResult } from '../contracts/batch';
import type { ObjectRef } from '../contracts/object-ref';
import type { ObjectStore } from '../ports/object-store';
import type { Warehouse } from '../ports/warehouse';
import { silentLog, type Log } from '../ports/log';
import { loadSql } from '../sql';
import { BATCH_TABLES } from './batch-tables';
import { StepInputError } from './step-input-error';

export interface WriteManifestDependencies {
  objectStore: ObjectStore;
  warehouse: Warehouse;
  processedBucket: string;
  log?: Log;
}

export function manifestRef(bucket: string, kind: string, batchId: string): ObjectRef {
  return { bucket, key: `manifests/${kind}/batch=${batchId}.manifest` };
}

/**
 * write-manifest: write the COPY manifest for the batch's processed files (every entry mandatory, so a missing file fails
 * the COPY instead of loading less) and record the batch, with clean's counts, in ops.batches as 'staged'.
 */
export async function writeManifest(state: IngestState, deps: WriteManifestDependencies): Promise<ManifestResult> {
  if (!state.clean) throw new StepInputError('write-manifest needs the clean result ($.clean)');
  const { batchId, kind, source } = state;
  const processed = state.clean.processed;
  const manifest = manifestRef(deps.processedBucket, kind, batchId);
  const body = { entries: [{ url: `s3://${processed.bucket}/${processed.key}`, mandatory: true }] };
  await deps.objectStore.putBytes(manifest, `${JSON.stringify(body, null, 2)}\n`, { contentType: 'application/json' });
  const counts = state.clean.counts;
  await deps.warehouse.query(loadSql('ops/upsert_batch_staged'), {
    batch_id: batchId,
    kind,
    source_bucket: source.bucket,
    source_key: source.key,
    source_etag: source.etag ?? source.versionId ?? null,
    rows_in: counts.rowsIn,
    valid_rows: counts.valid,
    rejected_rows: counts.rejected,
    duplicate_rows: counts.duplicates,
    processed_key: processed.key,
    rejects_key: state.clean.rejects.key,
  });
  (deps.log ?? silentLog).info('batch staged', { batchId, kind, manifest: manifest.key });
  return { ref: manifest, table: BATCH_TABLES[kind].stagingTable, files: body.entries.length };
}
