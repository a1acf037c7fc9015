import { S3ObjectStore } from '../../shared/adapters/s3/s3-object-store';

/**
 * The S3 object store for uploads: region from AWS_REGION, and for an S3-compatible server (MinIO, moto) the
 * endpoint from AWS_ENDPOINT_URL_S3 with path-style addressing. Credentials come from the usual AWS chain.
 */
export function s3StoreFromEnvironment(env: NodeJS.ProcessEnv = process.env): S3ObjectStore {
  const endpoint = env.AWS_ENDPOINT_URL_S3 ?? env.AWS_ENDPOINT_URL;
  return new S3ObjectStore({
    region: env.AWS_REGION ?? env.AWS_DEFAULT_REGION ?? 'ap-southeast-1',
    ...(endpoint ? { endpoint, forcePathStyle: true } : {}),
  });
}
