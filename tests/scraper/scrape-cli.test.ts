import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { startFixtureSites, type FixtureSites } from '../../local/fixture-sites';
import { runScrapeCommand } from '../../scraper-onprem/cli';
import { readListings, tempDir } from './scrape-test-kit';

async function run(argv: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const out = jest.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
    stdout += String(chunk);
    return true;
  });
  const err = jest.spyOn(process.stderr, 'write').mockImplementation((chunk: string | Uint8Array) => {
    stderr += String(chunk);
    return true;
  });
  try {
    const code = await runScrapeCommand(argv);
    return { code, stdout, stderr };
  } finally {
    out.mockRestore();
    err.mockRestore();
  }
}

describe('xecu scrape command', () => {
  let sites: FixtureSites;
  let dir: Awaited<ReturnType<typeof tempDir>>;
  beforeAll(async () => {
    sites = await startFixtureSites({ seed: 21, chototListings: 200, xetotListings: 1 });
  });
  afterAll(async () => {
    await sites.stop();
  });
  beforeEach(async () => {
    dir = await tempDir('cli');
    sites.faults.reset();
  });
  afterEach(async () => {
    await dir.remove();
  });

  it('prints help with defaults and examples', async () => {
    // Act
    const { code, stdout } = await run(['--help']);
    // Assess
    expect(code).toBe(0);
    expect(stdout).toContain('--site NAME');
    expect(stdout).toContain('default chotot https://gateway.chotot.com');
    expect(stdout).toContain('Examples:');
    expect(stdout).toContain('file://DIR[?bucket=B]');
    expect(stdout).not.toMatch(/\[\/prefix\]|prefix=P/);
  });

  it.each([
    [[], /--site must be chotot or xetot/],
    [['--site', 'otofun'], /--site must be chotot or xetot/],
    [['--site', 'chotot', '--max-pages', 'many'], /--max-pages must be an integer/],
    [['--site', 'chotot', '--upload', 'ftp://x'], /unknown scheme/],
    [['--site', 'chotot', '--upload', 's3://xecu-landing/nightly'], /key prefix is not supported/],
    [['--site', 'chotot', '--upload', 'file:///srv/s3?prefix=nightly'], /key prefix is not supported/],
    [['--site', 'chotot', '--colour'], /Unknown option/],
  ])('exits 2 on a usage error: %j', async (argv, message) => {
    // Act
    const { code, stderr } = await run(argv);
    // Assess
    expect(code).toBe(2);
    expect(stderr).toMatch(message);
  });

  it('scrapes, uploads to a file:// object store and prints the report as JSON, logging no seller names', async () => {
    // Prepare
    const outPath = join(dir.path, 'chotot.ndjson.gz');
    const storeRoot = join(dir.path, 's3');
    // Act
    const { code, stdout, stderr } = await run([
      '--site', 'chotot', '--base-url', sites.chototBaseUrl, '--allow-private-network', '--max-pages', '2', '--out', outPath,
      '--upload', `file://${storeRoot}`, '--delay-ms', '0', '--max-rpm', '0', '--json',
    ]);
    // Assess
    expect(code).toBe(0);
    const report = JSON.parse(stdout) as { status: string; upload: { bucket: string; key: string }; listings: { written: number } };
    expect(report).toMatchObject({ status: 'ok', listings: { written: 100 }, upload: { bucket: 'xecu-local-landing' } });
    expect(report.upload.key).toMatch(/^listings\/source=chotot\/dt=/);
    expect(existsSync(join(storeRoot, report.upload.bucket, report.upload.key))).toBe(true);
    expect(await readListings(outPath)).toHaveLength(100);
    const lines = stderr.trim().split('\n');
    for (const line of lines) expect(() => JSON.parse(line) as unknown).not.toThrow();
    const names = sites.data.chototAds.map((ad) => String(ad.account_name));
    expect(names.filter((name) => stderr.includes(name))).toEqual([]);
  });

  it('refuses the fixture site on 127.0.0.1 without --allow-private-network, before writing anything', async () => {
    // Prepare
    sites.resetStats();
    const outPath = join(dir.path, 'chotot.ndjson.gz');
    // Act
    const { code, stderr } = await run(['--site', 'chotot', '--base-url', sites.chototBaseUrl, '--out', outPath, '--delay-ms', '0', '--log', 'json']);
    // Assess
    expect(code).toBe(1);
    expect(stderr).toContain('resolves to 127.0.0.1 (loopback); requests to private networks are refused unless allowed (--allow-private-network)');
    expect(sites.stats('chotot').requests).toBe(0);
    expect(existsSync(`${outPath}.part`)).toBe(false);
  });

  it('exits 1 when the site is down, keeping the checkpoint', async () => {
    // Prepare
    sites.faults.set('chotot', { unavailableNext: 100 });
    const outPath = join(dir.path, 'chotot.ndjson.gz');
    // Act
    const { code, stdout } = await run(['--site', 'chotot', '--base-url', sites.chototBaseUrl, '--allow-private-network', '--out', outPath, '--delay-ms', '0', '--retries', '0']);
    // Assess
    expect(code).toBe(1);
    expect(stdout).toMatch(/FAILED/);
    expect(stdout).toMatch(/run again to resume/);
    expect(existsSync(`${outPath}.checkpoint.json`)).toBe(true);
    expect(existsSync(outPath)).toBe(false);
  });
});
