import middy from '@middy/core';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2, Context } from 'aws-lambda';
import { S3ObjectLinks } from '../../shared/adapters/s3-presign/s3-object-links';
import { download, type DownloadDependencies } from '../../shared/download-token/download';
import { assertSigningKey } from '../../shared/download-token/download-token';
import { logger, stepLog } from '../runtime/aws-dependencies';
import { ConfigurationError, requireEnv } from '../runtime/environment';

/** Built at init: the exports bucket and the token key (DOWNLOAD_TOKEN_KEY, from Secrets Manager at deploy). */
function dependencies(): DownloadDependencies {
  const tokenKey = requireEnv('DOWNLOAD_TOKEN_KEY');
  try {
    assertSigningKey(tokenKey);
  } catch (error) {
    throw new ConfigurationError(`DOWNLOAD_TOKEN_KEY: ${(error as Error).message}`);
  }
  return { links: new S3ObjectLinks({ region: requireEnv('AWS_REGION') }), exportsBucket: requireEnv('EXPORTS_BUCKET'), tokenKey, log: stepLog };
}

/**
 * GET <function URL>?t=<token> (Lambda Function URL, payload 2.0): a valid token → 302 to a fresh presigned URL of
 * its workbook (5 minutes); otherwise 403. Only GET; nothing is cached along the way.
 */
export function downloadHandler(deps: DownloadDependencies = dependencies()) {
  return middy(async (event: APIGatewayProxyEventV2, _context: Context): Promise<APIGatewayProxyStructuredResultV2> => {
    if (event.requestContext?.http?.method !== 'GET') return { statusCode: 405, headers: { allow: 'GET' }, body: '' };
    const response = await download(
      {
        token: event.queryStringParameters?.t,
        ...(event.requestContext.http.sourceIp ? { sourceIp: event.requestContext.http.sourceIp } : {}),
        ...(event.requestContext.http.userAgent ? { userAgent: event.requestContext.http.userAgent } : {}),
      },
      deps,
    );
    return response.status === 302
      ? { statusCode: 302, headers: response.headers }
      : { statusCode: response.status, headers: response.headers, body: response.body };
  }).use(injectLambdaContext(logger, { resetKeys: true }));
}

export const handler = downloadHandler();
