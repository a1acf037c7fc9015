import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { CreateBucketCommand, S3Client } from '@aws-sdk/client-s3';
import { S3ObjectLinks } from '../../../shared/adapters/s3-presign/s3-object-links';
import { S3ObjectStore } from '../../../shared/adapters/s3/s3-object-store';
import { startMotoServer, type MotoServer } from '../../support/moto-server';
import { venvPython } from './smtp-server';

const KEY = 'reports/sales/2026-12-06/sales-2026-12-06.xlsx';
const CREDENTIALS = { accessKeyId: 'AKIAIOSFODNN7EXAMPLE', secretAccessKey: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY' };

describe('S3ObjectLinks', () => {
  it('signs exactly as the AWS SDK for Python does (same request, same time, same signature)', async () => {
    // Prepare
    const at = '2026-12-06T04:00:00Z';
    const links = new S3ObjectLinks({ region: 'ap-southeast-1', credentials: CREDENTIALS }, () => new Date(at));
    const reference = spawnSync(venvPython, [join(__dirname, 'presign_reference.py'), 'xecu-test-exports', KEY, 'sales-2026-12-06.xlsx', at], { encoding: 'utf8' });
    if (reference.status !== 0) throw new Error(reference.stderr);
    // Act
    const ours = new URL(await links.presignGet({ bucket: 'xecu-test-exports', key: KEY }, { expiresInSeconds: 300, downloadName: 'sales-2026-12-06.xlsx' }));
    // Assess
    const theirs = new URL(reference.stdout.trim());
    expect(`${ours.origin}${ours.pathname}`).toBe(`${theirs.origin}${theirs.pathname}`);
    expect(Object.fromEntries(ours.searchParams)).toEqual(Object.fromEntries(theirs.searchParams));
  });

  describe('against moto_server', () => {
    let moto: MotoServer;

    beforeAll(async () => {
      moto = await startMotoServer();
      const client = new S3Client(moto.awsConfig);
      await client.send(new CreateBucketCommand({ Bucket: 'xecu-test-exports' }));
      client.destroy();
      await new S3ObjectStore(moto.awsConfig, { checksumAlgorithm: null }).putBytes({ bucket: 'xecu-test-exports', key: KEY }, 'PK workbook');
    }, 60_000);

    afterAll(async () => moto?.stop());

    it('gives a URL a plain HTTP client downloads the workbook from, under its own file name', async () => {
      // Prepare
      const links = new S3ObjectLinks(moto.awsConfig);
      // Act
      const url = await links.presignGet({ bucket: 'xecu-test-exports', key: KEY }, { expiresInSeconds: 300, downloadName: 'sales-2026-12-06.xlsx' });
      const response = await fetch(url);
      // Assess
      expect(url.startsWith(`${moto.endpoint}/xecu-test-exports/${KEY}?`)).toBe(true);
      expect(response.status).toBe(200);
      expect(await response.text()).toBe('PK workbook');
      expect(response.headers.get('content-disposition')).toBe('attachment; filename="sales-2026-12-06.xlsx"');
    });
  });
});
