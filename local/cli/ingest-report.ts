import path from 'node:path';
import { loadSql } from '../../shared/sql';
import type { LocalEnvironment } from '../runtime/local-environment';
import { ingestObjects, type BatchSummary, type InputObject } from '../runtime/run-ingest';
import { count, progressLine, table } from './format';

function summaryTable(batches: readonly BatchSummary[]): string {
  const rows = batches.map((batch) => [
    path.basename(batch.file),
    batch.kind,
    count(batch.rowsIn),
    count(batch.valid),
    count(batch.rejected),
    count(batch.duplicates),
    count(batch.loaded),
    batch.alreadyIngested ? `${batch.status} (earlier)` : batch.status,
  ]);
  return table(['file', 'kind', 'rows in', 'valid', 'rejected', 'duplicates', 'loaded', 'status'], rows, new Set([2, 3, 4, 5, 6]));
}

export async function warehouseTotals(env: LocalEnvironment): Promise<Record<string, number>> {
  const [row] = await env.warehouse.query(loadSql('ops/warehouse_totals'));
  const [conflicts] = await env.warehouse.query(loadSql('ops/identity_conflicts_open'));
  return Object.fromEntries(Object.entries({ ...row, ...conflicts }).map(([key, value]) => [key, Number(value)]));
}

/** Ingests the given files and prints the summary; shared by `run` and `demo`. Returns the exit code. */
export async function ingestAndReport(env: LocalEnvironment, objects: InputObject[], options: { json: boolean; rerun: boolean; force?: boolean; logFile: string }): Promise<number> {
  const progress = progressLine(process.stderr);
  const batches = await ingestObjects(env, objects, {
    rerun: options.rerun,
    force: options.force ?? false,
    onFileStart: (file, index, total) => progress.update(`[${index + 1}/${total}] ${path.basename(file.path)}: starting`),
    onCleanProgress: (file, p) => {
      const share = p.sourceBytes ? ` (${Math.min(100, Math.round((100 * p.sourceBytesRead) / p.sourceBytes))}% of the file)` : '';
      progress.update(`${path.basename(file.path)}: ${p.phase} — ${count(p.rowsRead)} rows read${share}`);
    },
  });
  progress.done();
  const totals = await warehouseTotals(env);
  if (options.json) {
    process.stdout.write(`${JSON.stringify({ batches, totals, warehouse: env.warehouseLabel, log: options.logFile }, null, 2)}\n`);
  } else {
    const out: string[] = ['', summaryTable(batches), ''];
    for (const batch of batches) {
      if (batch.error) out.push(`✗ ${path.basename(batch.file)}: ${batch.error}`);
      if (batch.rejectsFile && (batch.rejected ?? 0) > 0) {
        const reasons = Object.entries(batch.rejectReasons)
          .sort((a, b) => b[1] - a[1])
          .map(([reason, n]) => `${reason} ${count(n)}`)
          .join(', ');
        out.push(`  rejects of ${path.basename(batch.file)}: ${path.relative(process.cwd(), batch.rejectsFile)}`);
        out.push(`    ${reasons}`);
      }
    }
    out.push('', `Warehouse (${env.warehouseLabel}):`);
    out.push(
      `  ${count(totals.customer_vehicles)} customer vehicles of ${count(totals.customers)} customers, ${count(totals.listings)} listings;` +
        ` batches loaded ${count(totals.batches_loaded)}, failed ${count(totals.batches_failed)}`,
    );
    if (totals.open_identity_conflicts) {
      out.push(`  ${count(totals.open_identity_conflicts)} identity conflicts to resolve: select * from ops.identity_conflicts where resolved_at is null`);
    }
    out.push(`  log: ${path.relative(process.cwd(), options.logFile)}`, '');
    process.stdout.write(`${out.join('\n')}\n`);
  }
  return batches.some((batch) => batch.status === 'failed') ? 1 : 0;
}

