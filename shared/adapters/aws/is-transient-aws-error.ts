// The one answer to "is this AWS failure worth trying again later?" for every AWS adapter (S3, Redshift Data API,
// Step Functions, SES, SQS, …): throttling, a 5xx, a timeout, a busy service or a dropped connection. The SDK has
// already retried these (standard retry mode, 3 attempts) by the time we see them; what remains is for the caller's
// own retry (Step Functions Retry on TransientError) to try again later.
const THROTTLING_NAMES = new Set([
  'BandwidthLimitExceeded', 'EC2ThrottledException', 'LimitExceededException', 'PriorRequestNotComplete',
  'ProvisionedThroughputExceededException', 'RequestLimitExceeded', 'RequestThrottled', 'RequestThrottledException',
  'SlowDown', 'ThrottledException', 'Throttling', 'ThrottlingException', 'TooManyRequestsException',
  'TransactionInProgressException',
]);
const TRANSIENT_NAMES = new Set([
  'TimeoutError', 'RequestTimeout', 'RequestTimeoutException', 'InternalError', 'InternalFailure',
  'InternalServerException', 'InternalServerError', 'ServiceUnavailable', 'ServiceUnavailableException',
  // Redshift Data API: too many statements or sessions at once, or the warehouse not reachable yet (resuming).
  'ActiveStatementsExceededException', 'ActiveSessionsExceededException', 'ActiveWaitingRequestsExceededException',
  'DatabaseConnectionException', 'QueryTimeoutException',
  // Step Functions: too many running executions clears as they finish.
  'ExecutionLimitExceeded',
]);
const TRANSIENT_STATUS = new Set([429, 500, 502, 503, 504]);
const NETWORK_CODES = new Set([
  'ECONNRESET', 'ECONNREFUSED', 'ECONNABORTED', 'EPIPE', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENETUNREACH', 'ENETDOWN',
  'ENOTFOUND', 'EAI_AGAIN', 'UND_ERR_SOCKET', 'UND_ERR_CONNECT_TIMEOUT',
]);

// The SDK wraps a throwable that is not `instanceof Error` (a socket error from another realm, as under jest's
// sandbox) into a plain Error whose message alone keeps the code.
const WRAPPED_PREFIX = 'AWS SDK error wrapper for ';
const NETWORK_CODE_IN_MESSAGE = new RegExp(`\\b(${[...NETWORK_CODES].join('|')})\\b`);

interface AwsLikeError {
  name?: unknown;
  message?: unknown;
  code?: unknown;
  $retryable?: unknown;
  $metadata?: { httpStatusCode?: unknown };
  cause?: unknown;
}

/** True when an AWS SDK v3 error (or a socket error under it) is throttling, a 5xx, a timeout or a dropped connection. */
export function isTransientAwsError(error: unknown, depth = 0): boolean {
  if (typeof error !== 'object' || error === null || depth > 3) return false;
  const e = error as AwsLikeError;
  if (typeof e.name === 'string' && (THROTTLING_NAMES.has(e.name) || TRANSIENT_NAMES.has(e.name))) return true;
  if (typeof e.code === 'string' && (NETWORK_CODES.has(e.code) || THROTTLING_NAMES.has(e.code))) return true;
  if (e.$retryable !== undefined && e.$retryable !== null && e.$retryable !== false) return true;
  const status = e.$metadata?.httpStatusCode;
  if (typeof status === 'number' && TRANSIENT_STATUS.has(status)) return true;
  if (typeof e.message === 'string' && e.message.startsWith(WRAPPED_PREFIX) && NETWORK_CODE_IN_MESSAGE.test(e.message)) return true;
  return isTransientAwsError(e.cause, depth + 1);
}
