import middy from '@middy/core';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import type { Context } from 'aws-lambda';
import { TriggerEventSchema, trigger, type TriggerResult } from '../../shared/steps/trigger';
import { executions, logger, stepLog } from '../runtime/aws-dependencies';
import { requireEnv } from '../runtime/environment';

const stateMachineArn = requireEnv('INGEST_STATE_MACHINE_ARN');
const starter = executions();

/** S3 ObjectCreated (direct or via EventBridge) → one ingest execution per object, named after its batch id. */
export const handler = middy(async (event: unknown, _context: Context): Promise<TriggerResult> =>
  trigger(TriggerEventSchema.parse(event), { executions: starter, stateMachineArn, log: stepLog }),
).use(injectLambdaContext(logger, { resetKeys: true }));
