import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CreateBucketCommand, S3Client } from '@aws-sdk/client-s3';
import { FilesystemObjectStore } from '../../../shared/adapters/filesystem/filesystem-object-store';
import { S3ObjectStore } from '../../../shared/adapters/s3/s3-object-store';
import type { ObjectStore } from '../../../shared/ports/object-store';
import { SYNC_STATE_FILE, syncExports } from '../../../shared/steps/export/sync-exports';
import { runSyncExportsCommand } from '../../../local/cli/sync-exports-command';
import { startMotoServer, type MotoServer } from '../../support/moto-server';

const BUCKET = 'xecu-test-exports';
const KEYS = {
  old: 'reports/sales/2026-11-29/sales-2026-11-29.xlsx',
  a: 'reports/sales/2026-12-05/sales-2026-12-05.xlsx',
  b: 'reports/sales/2026-12-06/sales-2026-12-06.xlsx',
  chart: 'reports/sales/2026-12-06/charts/listings-by-province.png',
};

async function seed(store: ObjectStore): Promise<void> {
  await store.putBytes({ bucket: BUCKET, key: KEYS.old }, 'PK old workbook');
  await store.putBytes({ bucket: BUCKET, key: KEYS.a }, 'PK workbook of the 5th');
  await store.putBytes({ bucket: BUCKET, key: KEYS.b }, 'PK workbook of the 6th, Nguyễn');
  await store.putBytes({ bucket: BUCKET, key: KEYS.chart }, 'png');
}

/** Captures what a command writes to stdout and stderr. */
async function capture(run: () => Promise<number>): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const out = jest.spyOn(process.stdout, 'write').mockImplementation((chunk) => ((stdout += String(chunk)), true));
  const err = jest.spyOn(process.stderr, 'write').mockImplementation((chunk) => ((stderr += String(chunk)), true));
  try {
    return { code: await run(), stdout, stderr };
  } finally {
    out.mockRestore();
    err.mockRestore();
  }
}

/** The sync's behaviour, the same whatever the store. */
function describeSync(label: string, open: (root: string) => Promise<ObjectStore>): void {
  describe(`syncExports from ${label}`, () => {
    let root: string;
    let store: ObjectStore;

    beforeAll(async () => {
      root = mkdtempSync(join(tmpdir(), 'xecu-sync-'));
      store = await open(root);
      await seed(store);
    });

    afterAll(() => rmSync(root, { recursive: true, force: true }));

    it('copies the workbooks since a day into <dir>/<report>/<date>/, then nothing when run again', async () => {
      // Prepare
      const dir = join(root, 'a');
      // Act
      const first = await syncExports({ store, bucket: BUCKET, toDir: dir, since: '2026-12-01' });
      const second = await syncExports({ store, bucket: BUCKET, toDir: dir, since: '2026-12-01' });
      // Assess
      expect(first).toMatchObject({ listed: 3, upToDate: 0, skippedBeforeSince: 1, failed: [] });
      expect(first.downloaded.map((file) => file.key)).toEqual([KEYS.a, KEYS.b]);
      expect(readFileSync(join(dir, 'sales', '2026-12-06', 'sales-2026-12-06.xlsx'), 'utf8')).toBe('PK workbook of the 6th, Nguyễn');
      expect(existsSync(join(dir, 'sales', '2026-11-29'))).toBe(false);
      expect(second).toMatchObject({ downloaded: [], upToDate: 2, failed: [] });
    });

    it('downloads a workbook again when its ETag changed, and one whose local file went missing', async () => {
      // Prepare
      const dir = join(root, 'b');
      await syncExports({ store, bucket: BUCKET, toDir: dir });
      await store.putBytes({ bucket: BUCKET, key: KEYS.a }, 'PK workbook of the 5th, corrected');
      rmSync(join(dir, 'sales', '2026-12-06', 'sales-2026-12-06.xlsx'));
      // Act
      const again = await syncExports({ store, bucket: BUCKET, toDir: dir });
      // Assess
      expect(again.downloaded.map((file) => file.key).sort()).toEqual([KEYS.a, KEYS.b]);
      expect(readFileSync(join(dir, 'sales', '2026-12-05', 'sales-2026-12-05.xlsx'), 'utf8')).toBe('PK workbook of the 5th, corrected');
      const state = JSON.parse(readFileSync(join(dir, SYNC_STATE_FILE), 'utf8')) as { objects: Record<string, { etag: string }> };
      expect(Object.keys(state.objects).sort()).toEqual([KEYS.a, KEYS.b, KEYS.old].sort());
    });

    it('resumes after a run that broke off: finished files stay, no partial file is visible, the rest follows', async () => {
      // Prepare: the second download dies mid-body
      const dir = join(root, 'c');
      let reads = 0;
      const flaky: ObjectStore = {
        ...store,
        list: (bucket, prefix) => store.list(bucket, prefix),
        getStream: async (ref, options) => {
          reads += 1;
          const body = await store.getStream(ref, options);
          if (reads === 2) {
            body.once('data', () => body.destroy(new Error('connection reset')));
          }
          return body;
        },
      };
      // Act
      const broken = await syncExports({ store: flaky, bucket: BUCKET, toDir: dir, since: '2026-12-01' });
      const visible = readdirSync(join(dir, 'sales'), { recursive: true }).map(String).sort();
      const resumed = await syncExports({ store, bucket: BUCKET, toDir: dir, since: '2026-12-01' });
      // Assess
      expect(broken.downloaded.map((file) => file.key)).toEqual([KEYS.a]);
      expect(broken.failed).toEqual([{ key: KEYS.b, error: expect.stringContaining('connection reset') }]);
      expect(visible).toEqual(['2026-12-05', '2026-12-05/sales-2026-12-05.xlsx', '2026-12-06']);
      expect(resumed).toMatchObject({ upToDate: 1, failed: [] });
      expect(resumed.downloaded.map((file) => file.key)).toEqual([KEYS.b]);
    });
  });
}

// The store's folder sits inside the suite's temp root, so afterAll removes it too.
describeSync('the offline filesystem store', async (root) => new FilesystemObjectStore(join(root, 'store')));

describe('against moto_server (S3)', () => {
  let moto: MotoServer;

  beforeAll(async () => {
    moto = await startMotoServer();
    const client = new S3Client(moto.awsConfig);
    await client.send(new CreateBucketCommand({ Bucket: BUCKET }));
    client.destroy();
  }, 60_000);

  afterAll(async () => moto?.stop());

  describeSync('moto_server', async () => new S3ObjectStore(moto.awsConfig, { checksumAlgorithm: null }));

  it('xecu sync-exports --bucket --endpoint shows progress on stderr and a summary, exit 0, then 0 new', async () => {
    // Prepare
    const dir = mkdtempSync(join(tmpdir(), 'xecu-sync-cli-'));
    const saved = { id: process.env.AWS_ACCESS_KEY_ID, secret: process.env.AWS_SECRET_ACCESS_KEY };
    process.env.AWS_ACCESS_KEY_ID = 'test';
    process.env.AWS_SECRET_ACCESS_KEY = 'test';
    const argv = ['--to', dir, '--bucket', BUCKET, '--endpoint', moto.endpoint, '--region', 'us-east-1', '--since', '2026-12-06'];
    try {
      await seed(new S3ObjectStore(moto.awsConfig, { checksumAlgorithm: null }));
      // Act
      const first = await capture(() => runSyncExportsCommand(argv));
      const second = await capture(() => runSyncExportsCommand(argv));
      // Assess
      expect(first.code).toBe(0);
      expect(first.stderr).toContain('sync-exports [');
      expect(first.stdout).toMatch(/^downloaded {2}.*sales-2026-12-06\.xlsx {2}\(0\.0 MB\)$/m);
      expect(first.stdout).toMatch(/sync-exports: 1 downloaded .*, 0 already up to date, \d+ before --since, 0 failed/);
      expect(second.stdout).toMatch(/sync-exports: 0 downloaded .*, 1 already up to date/);
      expect(readFileSync(join(dir, 'sales', '2026-12-06', 'sales-2026-12-06.xlsx'), 'utf8')).toBe('PK workbook of the 6th, Nguyễn');
    } finally {
      process.env.AWS_ACCESS_KEY_ID = saved.id;
      process.env.AWS_SECRET_ACCESS_KEY = saved.secret;
      if (saved.id === undefined) delete process.env.AWS_ACCESS_KEY_ID;
      if (saved.secret === undefined) delete process.env.AWS_SECRET_ACCESS_KEY;
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('refuses --endpoint without --bucket as a usage error', async () => {
    // Act + Assess
    await expect(runSyncExportsCommand(['--to', '/tmp/x', '--endpoint', moto.endpoint])).rejects.toMatchObject({ name: 'UsageError' });
  });
});
