/**
 * The Export step of the report state machine (issue 8 §3): the sales workbook, streamed from the marts.
 *
 * README for whoever wires it (the report ASL's `Export` state, `shared/steps/report/report-tasks.ts`):
 * - `exportTask(input, deps)` is the task; `exportTasks.export` the same in a tasks object like shared/steps/tasks.ts.
 *   Input: the report state (`report` default "sales", `reportDate` optional, `thresholds` optional; other keys
 *   pass through). Deps: `{ warehouse, objectStore, exportsBucket, log, now? }` (ReportDependencies fits).
 *   Output (ResultPath `$.export`, a few KB): ExportResult — `workbook` {bucket, key} at
 *   `reports/<report>/<date>/<report>-<date>.xlsx`, sheets with row counts, leads/newLeads/prospects,
 *   topPriceDrops, charts (PNGs stored beside the workbook under `charts/`).
 * - It reads the marts through shared/sql/export/*.sql (keyset pages of 5,000 rows): marts.leads, .prospects,
 *   .market_preference, .resale_value, .price_drops, marts.listing_matches (band 'review'), ops.batches,
 *   core.listings. A column renamed in a mart is renamed in its export/*.sql file.
 * - Errors: WarehouseError / TransientError from the adapters, PageKeyError for a broken page query.
 */
import type { Log } from '../../ports/log';
import type { ObjectStore } from '../../ports/object-store';
import { ExportInputSchema, type ExportResult } from './contracts';
import { exportWorkbook, type WarehouseReader } from './export-workbook';

export interface ExportTaskDependencies {
  warehouse: WarehouseReader;
  objectStore: ObjectStore;
  exportsBucket: string;
  log: Log;
  now?: () => Date;
}

export async function exportTask(input: unknown, deps: ExportTaskDependencies): Promise<ExportResult> {
  return exportWorkbook(ExportInputSchema.parse(input), {
    warehouse: deps.warehouse,
    objectStore: deps.objectStore,
    exportsBucket: deps.exportsBucket,
    log: deps.log,
    ...(deps.now ? { now: deps.now } : {}),
  });
}

export const exportTasks = { export: exportTask } as const;

export { exportWorkbook, reportKey, XLSX_CONTENT_TYPE } from './export-workbook';
export { ExportInputSchema, ExportResultSchema, type ExportInput, type ExportResult } from './contracts';
export { writeWorkbook, EXCEL_MAX_DATA_ROWS } from './workbook-writer';
export { neutralizeFormula } from './neutralize-formula';
