import { TransientError } from '../../ports/errors';
import { WarehouseError } from '../../ports/warehouse';
import { isTransientAwsError } from '../aws/is-transient-aws-error';

interface AwsErrorShape {
  name?: string;
  message?: string;
}

/** Throttling, 5xx and network failures → TransientError; anything else → WarehouseError with the API's message. */
export function toWarehouseFailure(error: unknown, action: string): Error {
  const shape = (typeof error === 'object' && error !== null ? error : {}) as AwsErrorShape;
  const text = `Redshift Data API ${action} failed: ${shape.name ?? 'Error'}: ${shape.message ?? String(error)}`;
  if (isTransientAwsError(error)) return new TransientError(text, { cause: error });
  return new WarehouseError(text, { cause: error });
}

/** Configuration that cannot work, found at construction (fail fast, naming the option). */
export class RedshiftDataConfigError extends Error {
  override readonly name = 'RedshiftDataConfigError';
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
  }
}
