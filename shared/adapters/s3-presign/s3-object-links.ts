import { createHash, createHmac, type Hash, type Hmac } from 'node:crypto';
import { S3Client, type S3ClientConfig } from '@aws-sdk/client-s3';
import { SignatureV4 } from '@smithy/signature-v4';
import type { ObjectLinks } from '../../download-token/download';

type SourceData = string | ArrayBuffer | ArrayBufferView;

function toBytes(data: SourceData): string | Uint8Array {
  if (typeof data === 'string') return data;
  if (ArrayBuffer.isView(data)) return new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
  return new Uint8Array(data);
}

/** SHA-256 / HMAC-SHA256 for SignatureV4, from node:crypto. */
class NodeSha256 {
  private hash: Hash | Hmac;
  constructor(secret?: SourceData) {
    this.hash = secret === undefined ? createHash('sha256') : createHmac('sha256', toBytes(secret));
  }
  update(data: SourceData): void {
    this.hash.update(toBytes(data));
  }
  async digest(): Promise<Uint8Array> {
    return new Uint8Array(this.hash.digest());
  }
  reset(): void {
    throw new Error('NodeSha256 cannot be reset');
  }
}

const encodeKey = (key: string): string => key.split('/').map((segment) => encodeURIComponent(segment)).join('/');

/**
 * Presigned GET URLs for S3 objects (SigV4 query signing, as @aws-sdk/s3-request-presigner does), signed with the
 * credentials the client resolves — in Lambda, the function role's. Those credentials live hours, which is why the
 * email never carries such a URL: the download function makes one per click, valid for minutes.
 * `endpoint` + `forcePathStyle` serve S3-compatible servers (moto in tests).
 */
export class S3ObjectLinks implements ObjectLinks {
  private readonly client: S3Client;

  constructor(
    client: S3Client | S3ClientConfig = {},
    private readonly now: () => Date = () => new Date(),
  ) {
    this.client = client instanceof S3Client ? client : new S3Client(client);
  }

  async presignGet(ref: { bucket: string; key: string }, options: { expiresInSeconds: number; downloadName: string }): Promise<string> {
    const config = this.client.config;
    const region = await config.region();
    const endpoint = config.endpoint ? await config.endpoint() : undefined;
    const pathStyle = Boolean(config.forcePathStyle) || endpoint !== undefined;
    const protocol = endpoint?.protocol ?? 'https:';
    const hostname = endpoint?.hostname ?? (pathStyle ? `s3.${region}.amazonaws.com` : `${ref.bucket}.s3.${region}.amazonaws.com`);
    const port = endpoint?.port;
    const path = pathStyle ? `/${ref.bucket}/${encodeKey(ref.key)}` : `/${encodeKey(ref.key)}`;
    const host = port ? `${hostname}:${port}` : hostname;
    const signer = new SignatureV4({ credentials: config.credentials, region, service: 's3', sha256: NodeSha256, uriEscapePath: false, applyChecksum: false });
    const signed = await signer.presign(
      {
        method: 'GET',
        protocol,
        hostname,
        ...(port ? { port } : {}),
        path,
        // The file keeps its name when saved, whatever the browser makes of the URL.
        query: { 'response-content-disposition': `attachment; filename="${options.downloadName.replace(/["\\\r\n]/g, '_')}"` },
        // S3 query signing hashes no payload: UNSIGNED-PAYLOAD, read from this header, which itself is neither
        // signed nor put in the URL (as the AWS SDKs' presigners do).
        headers: { host, 'x-amz-content-sha256': 'UNSIGNED-PAYLOAD' },
      },
      {
        expiresIn: options.expiresInSeconds,
        signingDate: this.now(),
        unsignableHeaders: new Set(['x-amz-content-sha256']),
        unhoistableHeaders: new Set(['x-amz-content-sha256']),
      },
    );
    const query = Object.entries(signed.query ?? {})
      .map(([name, value]) => `${encodeURIComponent(name)}=${encodeURIComponent(String(value))}`)
      .join('&');
    return `${protocol}//${host}${path}?${query}`;
  }
}
