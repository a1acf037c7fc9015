import middy from '@middy/core';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import type { Context } from 'aws-lambda';
import { reportTasks, type ReportWarehouseDependencies } from '../../shared/steps/report/report-tasks';
import { logger, redshiftWarehouse, stepLog } from '../runtime/aws-dependencies';

type OwnReportTask = 'wait-for-loads' | 'refresh-marts' | 'refresh-marts-status';

/** The warehouse for the report's own tasks, built at the first cold start (a missing variable fails it by name). */
let warehouseDeps: ReportWarehouseDependencies | undefined;
function dependencies(): ReportWarehouseDependencies {
  warehouseDeps ??= { warehouse: redshiftWarehouse(), log: stepLog };
  return warehouseDeps;
}

/**
 * A Lambda handler for one of the report's own tasks, as ingestTaskHandler does for ingest: Powertools context in
 * every log line, errors thrown with their own name so the ASL's Retry/Catch can match them.
 */
export function reportTaskHandler(task: OwnReportTask, deps: ReportWarehouseDependencies = dependencies()) {
  const run = reportTasks[task];
  return middy(async (event: unknown, _context: Context) => run(event, deps)).use(injectLambdaContext(logger, { resetKeys: true }));
}
