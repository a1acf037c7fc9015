import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { readFile, readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { FilesystemObjectStore } from '../../shared/adapters/filesystem/filesystem-object-store';
import { startFixtureSites, type FixtureSites } from '../../local/fixture-sites';
import { runScrape } from '../../scraper-onprem/run-scrape';
import { fastOptions, readListings, tempDir } from './scrape-test-kit';

const repoRoot = join(__dirname, '..', '..');

async function filesUnder(root: string): Promise<string[]> {
  if (!existsSync(root)) return [];
  const entries = await readdir(root, { recursive: true, withFileTypes: true });
  return entries.filter((entry) => entry.isFile()).map((entry) => join(entry.parentPath, entry.name));
}

async function until(condition: () => boolean, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

describe('interrupted scrape runs', () => {
  let sites: FixtureSites;
  let dir: Awaited<ReturnType<typeof tempDir>>;
  beforeAll(async () => {
    sites = await startFixtureSites({ seed: 5, chototListings: 1500, chototDepthCap: 300, xetotListings: 1 });
  });
  afterAll(async () => {
    await sites.stop();
  });
  beforeEach(async () => {
    dir = await tempDir('resume');
    sites.resetStats();
    sites.faults.reset();
  });
  afterEach(async () => {
    await dir.remove();
  });

  it('resumes a run killed mid-way without refetching done pages, duplicating listings or leaving a partial object', async () => {
    // Prepare
    const outPath = join(dir.path, 'chotot.ndjson.gz');
    const checkpointPath = `${outPath}.checkpoint.json`;
    const storeRoot = join(dir.path, 's3');
    sites.faults.set('chotot', { slowMs: 15 });
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', 'scraper-onprem/main.ts', '--site', 'chotot', '--base-url', sites.chototBaseUrl, '--allow-private-network', '--out', outPath,
        '--upload', `file://${storeRoot}`, '--delay-ms', '0', '--max-rpm', '0', '--concurrency', '2', '--depth-cap', '300',
        '--checkpoint-every-ms', '50', '--log', 'json'],
      { cwd: repoRoot, stdio: ['ignore', 'pipe', 'pipe'] },
    );
    let logs = '';
    child.stderr.on('data', (chunk: Buffer) => {
      logs += chunk.toString('utf8');
    });
    const exited = new Promise<NodeJS.Signals | number | null>((resolve) => child.once('exit', (code, signal) => resolve(signal ?? code)));
    // Act: kill -9 in the middle of the crawl, then run again. The finally kills it too when the wait fails.
    try {
      await until(() => sites.stats('chotot').served.length >= 30 && existsSync(checkpointPath), 30_000);
    } finally {
      child.kill('SIGKILL');
    }
    expect(await exited).toBe('SIGKILL');
    const checkpoint = JSON.parse(await readFile(checkpointPath, 'utf8')) as { runId: string; engine: { done: string[] } };
    const objectsAfterKill = await filesUnder(storeRoot);
    const finalFileAfterKill = existsSync(outPath);
    sites.faults.reset();
    sites.resetStats();
    const store = new FilesystemObjectStore(storeRoot);
    const { report, outputPath } = await runScrape({
      ...fastOptions,
      site: 'chotot',
      baseUrl: sites.chototBaseUrl,
      outPath,
      upload: { store, bucket: 'xecu-local-landing' },
      chotot: { depthCap: 300 },
    });

    // Assess
    expect(objectsAfterKill).toEqual([]);
    expect(finalFileAfterKill).toBe(false);
    expect(checkpoint.engine.done.length).toBeGreaterThan(0);
    const refetched = sites.stats('chotot').served.filter((path) => checkpoint.engine.done.includes(`${sites.chototBaseUrl}${path}`));
    expect(refetched).toEqual([]);
    expect(report).toMatchObject({ status: 'ok', runId: checkpoint.runId, resumptions: 1 });
    const listings = await readListings(outputPath ?? '');
    expect(listings).toHaveLength(1500);
    expect(new Set(listings.map((listing) => listing.listing_id)).size).toBe(1500);
    const objects = await filesUnder(storeRoot);
    expect(objects).toHaveLength(1);
    expect(report.upload?.key).toMatch(new RegExp(`^listings/source=chotot/dt=\\d{4}-\\d{2}-\\d{2}/${checkpoint.runId}\\.ndjson\\.gz$`));
    expect((await stat(objects[0] ?? '')).size).toBe((await stat(outputPath ?? '')).size);
    // Logs name URLs and counts, never sellers.
    const sellerNames = [...new Set(sites.data.chototAds.map((ad) => String(ad.account_name)))];
    expect(logs.length).toBeGreaterThan(0);
    expect(sellerNames.filter((name) => logs.includes(name))).toEqual([]);
  });

  it('stops on abort with a checkpoint, resumes, and does nothing once complete', async () => {
    // Prepare
    const outPath = join(dir.path, 'chotot.ndjson.gz');
    const controller = new AbortController();
    const options = { ...fastOptions, concurrency: 2, site: 'chotot' as const, baseUrl: sites.chototBaseUrl, outPath, chotot: { depthCap: 300 } };
    sites.faults.set('chotot', { slowMs: 10 });
    // Act
    const stopped = await runScrape({
      ...options,
      signal: controller.signal,
      onEvent: (event) => {
        if (event.type === 'request-done' && sites.stats('chotot').served.length >= 20) controller.abort();
      },
    });
    sites.faults.reset();
    const resumed = await runScrape(options);
    const fetchesBeforeRerun = sites.stats('chotot').requests;
    const again = await runScrape(options);
    // Assess
    expect(stopped.report.status).toBe('interrupted');
    expect(stopped.outputPath).toBeNull();
    expect(resumed.report).toMatchObject({ status: 'ok', runId: stopped.report.runId });
    expect(new Set((await readListings(resumed.outputPath ?? '')).map((listing) => listing.listing_id)).size).toBe(1500);
    expect(again.report.message).toMatch(/already complete/);
    expect(sites.stats('chotot').requests).toBe(fetchesBeforeRerun);
  });
});
