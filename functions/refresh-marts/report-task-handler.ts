import middy from '@middy/core';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import type { Context } from 'aws-lambda';
import { reportTasks, type ReportWarehouseDependencies } from '../../shared/steps/report/report-tasks';
import { logger, redshiftWarehouse, stepLog } from '../runtime/aws-dependencies';

type OwnReportTask = 'wait-for-loads' | 'refresh-marts';

/** The warehouse for the report's own tasks, built at init: a missing variable fails the cold start by name. */
function dependencies(): ReportWarehouseDependencies {
  return { warehouse: redshiftWarehouse(), log: stepLog };
}

/**
 * A Lambda handler for one of the report's own tasks, as ingestTaskHandler does for ingest: Powertools context in
 * every log line, errors thrown with their own name so the ASL's Retry/Catch can match them.
 */
export function reportTaskHandler(task: OwnReportTask, deps: ReportWarehouseDependencies = dependencies()) {
  const run = reportTasks[task];
  return middy(async (event: unknown, _context: Context) => run(event, deps)).use(injectLambdaContext(logger, { resetKeys: true }));
}
