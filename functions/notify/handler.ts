import middy from '@middy/core';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import type { Context } from 'aws-lambda';
import { S3ObjectStore } from '../../shared/adapters/s3/s3-object-store';
import { SesMailer } from '../../shared/adapters/ses/ses-mailer';
import { deliverySettingsFromEnvironment, notifyTask, type NotifyResult, type NotifyTaskDependencies } from '../../shared/steps/notify';
import { logger, stepLog } from '../runtime/aws-dependencies';
import { optionalEnv, requireEnv } from '../runtime/environment';

/**
 * Built at init: SES v2 in the function's region (SES_CONFIGURATION_SET when the stage has one), the charts read
 * from the exports bucket, and the delivery settings (REPORT_FROM, SALES_EMAILS, DOWNLOAD_BASE_URL,
 * DOWNLOAD_TOKEN_KEY) — a missing one fails the cold start by name.
 */
function dependencies(): NotifyTaskDependencies {
  const region = requireEnv('AWS_REGION');
  const configurationSetName = optionalEnv('SES_CONFIGURATION_SET');
  return {
    objectStore: new S3ObjectStore({ region }),
    mailer: new SesMailer({ region }, configurationSetName ? { configurationSetName } : {}),
    delivery: deliverySettingsFromEnvironment(process.env),
    log: stepLog,
  };
}

/** The report's Notify: the summary email with the charts and a download link (NotifyResult, no link in it). */
export function notifyHandler(deps: NotifyTaskDependencies = dependencies()) {
  return middy(async (event: unknown, _context: Context): Promise<NotifyResult> => notifyTask(event, deps)).use(
    injectLambdaContext(logger, { resetKeys: true }),
  );
}

export const handler = notifyHandler();
