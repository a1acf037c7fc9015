import { Logger } from '@aws-lambda-powertools/logger';
import { S3ObjectStore } from '../../shared/adapters/s3/s3-object-store';
import { SfnExecutions } from '../../shared/adapters/sfn/sfn-executions';
import { createRedshiftDataWarehouse } from '../../shared/adapters/aws/create-redshift-data-warehouse';
import type { RedshiftDataWarehouse } from '../../shared/adapters/redshift-data/redshift-data-warehouse';
import type { Log } from '../../shared/ports/log';
import type { IngestDependencies } from '../../shared/steps/tasks';
import { optionalEnv, requireEnv } from './environment';

/** One Powertools logger per Lambda; service name and level come from POWERTOOLS_* variables. */
export const logger = new Logger({ serviceName: optionalEnv('POWERTOOLS_SERVICE_NAME') ?? 'xecu' });

type LogAttributes = Parameters<Logger['appendKeys']>[0];

/** The steps' Log port over Powertools (its extra-attributes type is narrower than Record<string, unknown>). */
export const stepLog: Log = {
  debug: (message, extra) => logger.debug(message, (extra ?? {}) as LogAttributes),
  info: (message, extra) => logger.info(message, (extra ?? {}) as LogAttributes),
  warn: (message, extra) => logger.warn(message, (extra ?? {}) as LogAttributes),
  error: (message, extra) => logger.error(message, (extra ?? {}) as LogAttributes),
};

/** The Redshift Data API warehouse from REDSHIFT_* variables (workgroup for Serverless, or a provisioned cluster). */
export function redshiftWarehouse(): RedshiftDataWarehouse {
  const region = requireEnv('AWS_REGION');
  const workgroupName = optionalEnv('REDSHIFT_WORKGROUP_NAME');
  const clusterIdentifier = optionalEnv('REDSHIFT_CLUSTER_IDENTIFIER');
  // Only migrate has a secret (the admin's); a provisioned cluster's other functions name their own database user.
  const secretArn = optionalEnv('REDSHIFT_SECRET_ARN');
  const dbUser = optionalEnv('REDSHIFT_DB_USER');
  return createRedshiftDataWarehouse({
    database: requireEnv('REDSHIFT_DATABASE'),
    copyIamRoleArn: requireEnv('REDSHIFT_COPY_ROLE_ARN'),
    region,
    // Short reads (batch summary) must end well inside the shortest task timeout (statement-status, 60 s).
    queryTimeoutMs: 20_000,
    ...(workgroupName ? { workgroupName } : {}),
    ...(clusterIdentifier ? { clusterIdentifier } : {}),
    ...(secretArn ? { secretArn } : {}),
    ...(dbUser ? { dbUser } : {}),
  });
}

/** The ingest tasks' dependencies in AWS: S3 + Redshift Data API. Built once per container, at init. */
export function ingestDependencies(): IngestDependencies {
  return {
    objectStore: new S3ObjectStore({ region: requireEnv('AWS_REGION') }),
    warehouse: redshiftWarehouse(),
    processedBucket: requireEnv('PROCESSED_BUCKET'),
    log: stepLog,
  };
}

export function executions(): SfnExecutions {
  return new SfnExecutions({ region: requireEnv('AWS_REGION') });
}
