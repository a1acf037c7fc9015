import middy from '@middy/core';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import type { Context } from 'aws-lambda';
import { S3ObjectStore } from '../../shared/adapters/s3/s3-object-store';
import { exportTask, type ExportTaskDependencies } from '../../shared/steps/export';
import type { ExportResult } from '../../shared/steps/export/contracts';
import { logger, redshiftWarehouse, stepLog } from '../runtime/aws-dependencies';
import { requireEnv } from '../runtime/environment';
import { lambdaMetrics, recordExport, stepMetrics, type MetricsRecorder } from '../runtime/metrics';

/** Built at init: a missing variable fails the cold start by name. */
function dependencies(): ExportTaskDependencies {
  return {
    warehouse: redshiftWarehouse(),
    // Multipart upload of the workbook as it is written; the bucket's default encryption applies.
    objectStore: new S3ObjectStore({ region: requireEnv('AWS_REGION') }),
    exportsBucket: requireEnv('EXPORTS_BUCKET'),
    log: stepLog,
  };
}

/**
 * ExportRows / ExportBytes, the size taken from the result: the export role may write reports/ but not read them,
 * so no HEAD of the workbook.
 */
const recordFromResult: MetricsRecorder<unknown, ExportResult> = (event, result, metrics) =>
  recordExport({ head: async (ref) => ({ key: ref.key, size: result.workbookBytes }) })(event, result, metrics);

/** The report's Export: the marts streamed into the sales workbook at reports/<report>/<date>/ (ExportResult). */
export function exportHandler(deps: ExportTaskDependencies = dependencies()) {
  return middy(async (event: unknown, _context: Context): Promise<ExportResult> => exportTask(event, deps))
    .use(injectLambdaContext(logger, { resetKeys: true }))
    .use(stepMetrics(lambdaMetrics(), recordFromResult));
}

export const handler = exportHandler();
