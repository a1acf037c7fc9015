import middy from '@middy/core';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import type { Context } from 'aws-lambda';
import type { IngestDependencies, IngestTaskName } from '../../shared/steps/tasks';
import { ingestTasks } from '../../shared/steps/tasks';
import { ingestDependencies, logger } from './aws-dependencies';

/**
 * A Lambda handler for one ingest task: dependencies built at init (a missing variable fails the cold start with
 * its name), Powertools context in every log line, errors thrown with their own name so Retry/Catch can match.
 */
export function ingestTaskHandler(task: IngestTaskName, deps: IngestDependencies = ingestDependencies()) {
  const run = ingestTasks[task];
  return middy(async (event: unknown, _context: Context) => run(event, deps)).use(injectLambdaContext(logger, { resetKeys: true }));
}
