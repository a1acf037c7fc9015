import middy from '@middy/core';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import type { Context } from 'aws-lambda';
import { logger, redshiftWarehouse } from '../runtime/aws-dependencies';

const warehouse = redshiftWarehouse();

/**
 * Creates or updates the warehouse schemas and tables (shared/sql/ddl/redshift; every file is idempotent).
 * Run once after each deploy: `make migrate STAGE=dev` (sls invoke -f migrate). Ingest fails at Stage until it has.
 */
export const handler = middy(async (_event: unknown, _context: Context): Promise<{ migrated: true }> => {
  await warehouse.migrate();
  logger.info('warehouse migrated');
  return { migrated: true };
}).use(injectLambdaContext(logger, { resetKeys: true }));
