import { TransientError } from '../../ports/errors';
import { WarehouseError } from '../../ports/warehouse';

interface AwsErrorShape {
  name?: string;
  message?: string;
  code?: string;
  $retryable?: unknown;
  $metadata?: { httpStatusCode?: number };
}

/** Redshift Data API and SDK error names worth retrying as is. */
const TRANSIENT_NAMES = new Set([
  'ThrottlingException',
  'TooManyRequestsException',
  'RequestLimitExceeded',
  'InternalServerException',
  'ServiceUnavailable',
  'ServiceUnavailableException',
  'RequestTimeout',
  'RequestTimeoutException',
  'TimeoutError',
  'ActiveStatementsExceededException',
  'ActiveSessionsExceededException',
  'ActiveWaitingRequestsExceededException',
  'DatabaseConnectionException',
  'QueryTimeoutException',
]);

const NETWORK_CODES = new Set(['ECONNRESET', 'ECONNREFUSED', 'ETIMEDOUT', 'EPIPE', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH']);

export function isTransientAwsError(error: unknown): boolean {
  if (typeof error !== 'object' || error === null) return false;
  const shape = error as AwsErrorShape;
  if (shape.name && TRANSIENT_NAMES.has(shape.name)) return true;
  if (shape.code && NETWORK_CODES.has(shape.code)) return true;
  if (shape.$retryable) return true;
  const status = shape.$metadata?.httpStatusCode;
  return status !== undefined && (status >= 500 || status === 429);
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
