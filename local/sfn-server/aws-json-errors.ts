/**
 * An error the Step Functions API answers with: HTTP 400 and `{"__type": <code>, "message": …}` (AWS JSON 1.0), so
 * the AWS SDKs and botocore raise it under its AWS name (ExecutionDoesNotExist, InvalidArn, …).
 */
export class SfnApiError extends Error {
  override readonly name = 'SfnApiError';
  constructor(
    readonly code: string,
    message: string,
    readonly httpStatus = 400,
  ) {
    super(message);
  }
}
