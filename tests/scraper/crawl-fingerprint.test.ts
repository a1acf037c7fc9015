import { existsSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { startFixtureSites, type FixtureSites } from '../../local/fixture-sites';
import { crawlFingerprint } from '../../scraper-onprem/crawl-fingerprint';
import { CheckpointMismatchError, crawlOptionsOf, defaultOutPath, runScrape, type RunScrapeOptions } from '../../scraper-onprem/run-scrape';
import { fastOptions, readListings, tempDir } from './scrape-test-kit';

const at = new Date(Date.UTC(2026, 9, 1, 1, 30));

function outPathFor(options: Pick<RunScrapeOptions, 'site' | 'baseUrl' | 'maxPages' | 'chotot' | 'xetot'>): string {
  return defaultOutPath(options.site, at, crawlFingerprint(crawlOptionsOf(options)), '/data');
}

describe('crawl options fingerprint', () => {
  it('names the default output after the site, the UTC date and a short hash of the crawl options', () => {
    // Act
    const path = outPathFor({ site: 'chotot' });
    // Assess
    expect(basename(path)).toMatch(/^chotot-2026-10-01-[0-9a-f]{8}\.ndjson\.gz$/);
    expect(path.startsWith('/data/')).toBe(true);
  });

  it('gives crawls with other options the same day other default outputs', () => {
    // Act
    const paths = [
      outPathFor({ site: 'chotot' }),
      outPathFor({ site: 'chotot', maxPages: 5 }),
      outPathFor({ site: 'chotot', chotot: { params: { region_v2: '13000' } } }),
      outPathFor({ site: 'chotot', chotot: { fetchDetails: true } }),
      outPathFor({ site: 'chotot', chotot: { pageSize: 20 } }),
      outPathFor({ site: 'chotot', baseUrl: 'http://127.0.0.1:8701' }),
      outPathFor({ site: 'xetot' }),
      outPathFor({ site: 'xetot', xetot: { province: 'ha-noi' } }),
    ];
    // Assess
    expect(new Set(paths).size).toBe(paths.length);
  });

  it('gives the same crawl the same default output, however its defaults and params are spelt', () => {
    // Act
    const implicit = outPathFor({ site: 'chotot', chotot: { params: { region_v2: '13000', carbrand: '1' } } });
    const explicit = outPathFor({
      site: 'chotot',
      baseUrl: 'https://gateway.chotot.com/',
      maxPages: null,
      chotot: { pageSize: 50, depthCap: 1000, fetchDetails: false, params: { carbrand: '1', region_v2: '13000' } },
    });
    // Assess
    expect(explicit).toBe(implicit);
  });
});

describe('resuming only the same crawl', () => {
  let sites: FixtureSites;
  let dir: Awaited<ReturnType<typeof tempDir>>;
  beforeAll(async () => {
    sites = await startFixtureSites({ seed: 11, chototListings: 150, xetotListings: 1 });
  });
  afterAll(async () => {
    await sites.stop();
  });
  beforeEach(async () => {
    dir = await tempDir('fingerprint');
    sites.resetStats();
    sites.faults.reset();
  });
  afterEach(async () => {
    await dir.remove();
  });

  it('refuses a finished run of another crawl on the same output instead of calling it complete', async () => {
    // Prepare
    const outPath = join(dir.path, 'chotot.ndjson.gz');
    const first = await runScrape({ ...fastOptions, site: 'chotot', baseUrl: sites.chototBaseUrl, outPath, maxPages: 1 });
    const requestsAfterFirst = sites.stats('chotot').requests;
    // Act
    const otherParams = await runScrape({ ...fastOptions, site: 'chotot', baseUrl: sites.chototBaseUrl, outPath, maxPages: 1, chotot: { params: { region_v2: '13000' } } }).catch(
      (error: unknown) => error,
    );
    const morePages = await runScrape({ ...fastOptions, site: 'chotot', baseUrl: sites.chototBaseUrl, outPath, maxPages: 2 }).catch((error: unknown) => error);
    // Assess
    expect(first.report.status).toBe('ok');
    expect(otherParams).toBeInstanceOf(CheckpointMismatchError);
    expect((otherParams as Error).message).toMatch(/another crawl \(chotot\.params\.region_v2: null → "13000"\); use --fresh to discard it, or another --out/);
    expect(morePages).toBeInstanceOf(CheckpointMismatchError);
    expect((morePages as Error).message).toMatch(/maxPages: 1 → 2/);
    expect(sites.stats('chotot').requests).toBe(requestsAfterFirst);
  });

  it('refuses to resume an interrupted run with other crawl options, and resumes it with the same ones', async () => {
    // Prepare
    const outPath = join(dir.path, 'chotot.ndjson.gz');
    const options = { ...fastOptions, concurrency: 1, site: 'chotot' as const, baseUrl: sites.chototBaseUrl, outPath };
    const controller = new AbortController();
    sites.faults.set('chotot', { slowMs: 10 });
    const stopped = await runScrape({
      ...options,
      signal: controller.signal,
      onEvent: (event) => {
        if (event.type === 'request-done') controller.abort();
      },
    });
    sites.faults.reset();
    // Act
    const withDetails = await runScrape({ ...options, chotot: { fetchDetails: true } }).catch((error: unknown) => error);
    const politerRerun = await runScrape({ ...options, concurrency: 2, delayMs: 1 });
    // Assess: politeness is not part of the crawl, so the rerun resumed the stopped run.
    expect(stopped.report.status).toBe('interrupted');
    expect(withDetails).toBeInstanceOf(CheckpointMismatchError);
    expect((withDetails as Error).message).toMatch(/chotot\.fetchDetails: false → true/);
    expect(politerRerun.report).toMatchObject({ status: 'ok', runId: stopped.report.runId, resumptions: 1 });
    expect(await readListings(politerRerun.outputPath ?? '')).toHaveLength(150);
  });

  it('starts over on --fresh after a mismatch', async () => {
    // Prepare
    const outPath = join(dir.path, 'chotot.ndjson.gz');
    await runScrape({ ...fastOptions, site: 'chotot', baseUrl: sites.chototBaseUrl, outPath, maxPages: 1 });
    // Act
    const fresh = await runScrape({ ...fastOptions, site: 'chotot', baseUrl: sites.chototBaseUrl, outPath, maxPages: 2, fresh: true });
    // Assess
    expect(fresh.report).toMatchObject({ status: 'ok', resumptions: 0 });
    expect(await readListings(fresh.outputPath ?? '')).toHaveLength(100);
  });

  it('refuses a checkpoint written in the old format, which cannot say which crawl it holds', async () => {
    // Prepare
    const outPath = join(dir.path, 'chotot.ndjson.gz');
    await writeFile(`${outPath}.checkpoint.json`, JSON.stringify({ version: 1, site: 'chotot', baseUrl: sites.chototBaseUrl, phase: 'crawling' }));
    // Act, Assess
    await expect(runScrape({ ...fastOptions, site: 'chotot', baseUrl: sites.chototBaseUrl, outPath })).rejects.toThrow(
      /checkpoint format 1, this scraper writes 2.*--fresh/,
    );
  });

  it('keeps two crawls of one site the same day in separate default outputs, each rerun finding its own', async () => {
    // Prepare
    const base = { ...fastOptions, site: 'chotot' as const, baseUrl: sites.chototBaseUrl, outDir: dir.path };
    // Act
    const onePage = await runScrape({ ...base, maxPages: 1 });
    const twoPages = await runScrape({ ...base, maxPages: 2 });
    const onePageAgain = await runScrape({ ...base, maxPages: 1 });
    // Assess
    expect(onePage.outputPath).not.toBe(twoPages.outputPath);
    expect(onePage.outputPath?.startsWith(dir.path)).toBe(true);
    expect(twoPages.report).toMatchObject({ status: 'ok', resumptions: 0 });
    expect(await readListings(onePage.outputPath ?? '')).toHaveLength(50);
    expect(await readListings(twoPages.outputPath ?? '')).toHaveLength(100);
    expect(onePageAgain.report.message).toMatch(/already complete/);
    expect(onePageAgain.outputPath).toBe(onePage.outputPath);
    expect(existsSync(`${twoPages.outputPath ?? ''}.checkpoint.json`)).toBe(true);
  });
});
