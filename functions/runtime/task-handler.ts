import middy from '@middy/core';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import type { Context } from 'aws-lambda';
import type { IngestDependencies, IngestTaskName } from '../../shared/steps/tasks';
import { ingestTasks } from '../../shared/steps/tasks';
import type { Metrics } from '../../shared/ports/metrics';
import { ingestDependencies, logger } from './aws-dependencies';
import { lambdaMetrics, recordIngestTask, stepMetrics } from './metrics';

/**
 * A Lambda handler for one ingest task: dependencies built at init (a missing variable fails the cold start with
 * its name), Powertools context in every log line, errors thrown with their own name so Retry/Catch can match,
 * the result's counts flushed as CloudWatch metrics (functions/runtime/metrics.ts).
 */
export function ingestTaskHandler(task: IngestTaskName, deps: IngestDependencies = ingestDependencies(), metrics: Metrics = lambdaMetrics()) {
  const run = ingestTasks[task];
  return middy(async (event: unknown, _context: Context) => run(event, deps))
    .use(injectLambdaContext(logger, { resetKeys: true }))
    .use(stepMetrics(metrics, recordIngestTask(task)));
}
