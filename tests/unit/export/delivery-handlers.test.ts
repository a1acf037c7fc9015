import type { APIGatewayProxyEventV2, Context } from 'aws-lambda';
import { issueDownloadToken } from '../../../shared/download-token/download-token';

const context = {
  functionName: 'xecu-test-download',
  functionVersion: '$LATEST',
  invokedFunctionArn: 'arn:aws:lambda:ap-southeast-1:123456789012:function:xecu-test-download',
  memoryLimitInMB: '256',
  awsRequestId: 'req-1',
  getRemainingTimeInMillis: () => 30000,
} as unknown as Context;

const KEY = 'handler-test-signing-key-0123456789abcdef';
const WORKBOOK = 'reports/sales/2026-12-06/sales-2026-12-06.xlsx';

function event(method: string, token?: string): APIGatewayProxyEventV2 {
  return {
    version: '2.0',
    rawPath: '/',
    rawQueryString: token ? `t=${token}` : '',
    queryStringParameters: token ? { t: token } : undefined,
    headers: {},
    isBase64Encoded: false,
    routeKey: '$default',
    requestContext: { http: { method, path: '/', protocol: 'HTTP/1.1', sourceIp: '203.0.113.9', userAgent: 'Mozilla/5.0' } },
  } as unknown as APIGatewayProxyEventV2;
}

describe('delivery Lambda handlers', () => {
  const saved = { ...process.env };

  beforeEach(() => {
    process.env.AWS_REGION = 'ap-southeast-1';
    process.env.AWS_ACCESS_KEY_ID = 'AKIAIOSFODNN7EXAMPLE';
    process.env.AWS_SECRET_ACCESS_KEY = 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY';
    process.env.EXPORTS_BUCKET = 'xecu-test-exports';
    process.env.DOWNLOAD_TOKEN_KEY = KEY;
    process.env.POWERTOOLS_LOG_LEVEL = 'SILENT';
  });

  afterEach(() => {
    process.env = { ...saved };
    jest.resetModules();
  });

  it('download answers a valid link with a redirect to a short presigned URL of its workbook', async () => {
    // Prepare
    const { handler } = jest.requireActual('../../../functions/download/handler') as { handler: (e: APIGatewayProxyEventV2, c: Context) => Promise<{ statusCode: number; headers?: Record<string, string> }> };
    const { token } = issueDownloadToken({ key: KEY, objectKey: WORKBOOK, validDays: 7, now: new Date() });
    // Act
    const response = await handler(event('GET', token), context);
    // Assess
    expect(response.statusCode).toBe(302);
    const location = new URL(response.headers?.location ?? '');
    expect(`${location.origin}${location.pathname}`).toBe(`https://xecu-test-exports.s3.ap-southeast-1.amazonaws.com/${WORKBOOK}`);
    expect(location.searchParams.get('X-Amz-Expires')).toBe('300');
    expect(location.searchParams.get('X-Amz-Signature')).toMatch(/^[0-9a-f]{64}$/);
    expect(location.searchParams.get('response-content-disposition')).toBe('attachment; filename="sales-2026-12-06.xlsx"');
    expect(response.headers?.['cache-control']).toBe('no-store');
  });

  it('download refuses a forged link and any method but GET', async () => {
    // Prepare
    const { handler } = jest.requireActual('../../../functions/download/handler') as { handler: (e: APIGatewayProxyEventV2, c: Context) => Promise<{ statusCode: number }> };
    const { token } = issueDownloadToken({ key: 'another-key-that-is-long-enough-0123456789', objectKey: WORKBOOK, validDays: 7, now: new Date() });
    // Act + Assess
    expect((await handler(event('GET', token), context)).statusCode).toBe(403);
    expect((await handler(event('POST', token), context)).statusCode).toBe(405);
  });

  it('download and notify fail at init without their key, naming it', () => {
    // Prepare
    delete process.env.DOWNLOAD_TOKEN_KEY;
    process.env.REPORT_FROM = 'xecu <r@xecu.example.vn>';
    process.env.SALES_EMAILS = 'sales@xecu.example.vn';
    process.env.DOWNLOAD_BASE_URL = 'https://dl.example/download';
    // Act + Assess
    expect(() => jest.requireActual('../../../functions/download/handler')).toThrow('environment variable DOWNLOAD_TOKEN_KEY is not set');
    expect(() => jest.requireActual('../../../functions/notify/handler')).toThrow('environment variable DOWNLOAD_TOKEN_KEY is not set');
  });
});
