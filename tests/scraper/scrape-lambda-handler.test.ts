import { CreateBucketCommand, GetObjectCommand, S3Client } from '@aws-sdk/client-s3';
import type { Context } from 'aws-lambda';
import { existsSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import os from 'node:os';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { ListingSchema } from '../../shared/contracts/listing';
import { startFixtureSites, type FixtureSites } from '../../local/fixture-sites';
import { startMotoServer, type MotoServer } from '../support/moto-server';
import { ensureChromium, tempDir } from './scrape-test-kit';

describe('scrape Lambda handler', () => {
  let moto: MotoServer;
  let sites: FixtureSites;
  let dir: Awaited<ReturnType<typeof tempDir>>;
  let chromiumTmp: string;
  const saved = { ...process.env };
  beforeAll(async () => {
    ensureChromium();
    [moto, sites, dir] = await Promise.all([startMotoServer(), startFixtureSites({ seed: 4, chototListings: 1, xetotListings: 40 }), tempDir('lambda')]);
    const s3 = new S3Client(moto.awsConfig);
    await s3.send(new CreateBucketCommand({ Bucket: 'xecu-test-landing' }));
    // @sparticuz/chromium unpacks ~200 MB (chromium, fonts/, SwiftShader lib*.so) into os.tmpdir(): point that
    // into this test's directory so afterAll removes it with the rest. os.tmpdir() reads the real environment, and
    // jest hands the test a copy of process.env, so it is stubbed; TMPDIR still goes to Chromium's environment.
    chromiumTmp = join(dir.path, 'tmp');
    await mkdir(chromiumTmp);
    jest.spyOn(os, 'tmpdir').mockReturnValue(chromiumTmp);
    Object.assign(process.env, {
      TMPDIR: chromiumTmp,
      LANDING_BUCKET: 'xecu-test-landing',
      AWS_REGION: moto.awsConfig.region,
      AWS_ENDPOINT_URL_S3: moto.endpoint,
      AWS_ACCESS_KEY_ID: 'test',
      AWS_SECRET_ACCESS_KEY: 'test',
      XECU_SCRAPE_DIR: dir.path,
      POWERTOOLS_LOG_LEVEL: 'WARN',
      // The deployment's switch for the fixture sites on 127.0.0.1 (a scrape event cannot set it).
      XECU_SCRAPE_ALLOW_PRIVATE_NETWORK: '1',
    });
  }, 120_000);
  afterAll(async () => {
    jest.restoreAllMocks();
    process.env = saved;
    await Promise.all([moto?.stop(), sites?.stop(), dir?.remove()]);
  });

  it('scrapes xetot with @sparticuz/chromium and uploads the NDJSON.gz under listings/ at the bucket root', async () => {
    // Prepare
    const { handler } = await import('../../functions/scrape/handler');
    const context = { getRemainingTimeInMillis: () => 900_000 } as Context;
    // Act
    const result = await handler(
      { site: 'xetot', baseUrl: sites.xetotBaseUrl, maxPages: 1, politeness: { delayMs: 0, maxRequestsPerMinute: 0, concurrency: 4 } },
      context,
    );
    // Assess
    expect(result).toMatchObject({ status: 'ok', listings: 20, bucket: 'xecu-test-landing' });
    // The only keys the scrape role may put and the landing event rule and trigger accept.
    expect(result.key).toMatch(/^listings\/source=xetot\/dt=\d{4}-\d{2}-\d{2}\/xetot-[\w-]+\.ndjson\.gz$/);
    expect(existsSync(join(chromiumTmp, 'chromium'))).toBe(true);
    const object = await new S3Client(moto.awsConfig).send(new GetObjectCommand({ Bucket: 'xecu-test-landing', Key: result.key ?? '' }));
    const lines = gunzipSync(Buffer.from(await object.Body?.transformToByteArray() ?? [])).toString('utf8').trim().split('\n');
    expect(lines).toHaveLength(20);
    for (const line of lines) expect(ListingSchema.safeParse(JSON.parse(line)).success).toBe(true);
  });

  it('rejects an event without a known site', async () => {
    // Prepare
    const { handler } = await import('../../functions/scrape/handler');
    // Act, Assess
    await expect(handler({ site: 'otofun' }, { getRemainingTimeInMillis: () => 900_000 } as Context)).rejects.toThrow(/site/);
  });

  it('rejects an event that asks for a key prefix instead of uploading where nothing ingests it', async () => {
    // Prepare
    const { handler } = await import('../../functions/scrape/handler');
    // Act, Assess
    await expect(handler({ site: 'chotot', prefix: 'landing' }, { getRemainingTimeInMillis: () => 900_000 } as Context)).rejects.toThrow(/prefix/);
  });
});
