/**
 * Scraper benchmark on the offline fixture sites, politeness off (no per-host delay, no per-minute cap):
 * - browser: xetot listing + detail pages per second through real Chromium at concurrency 1, 4 and 8
 *   (one browser for all runs, launched outside the timing; tabs are the engine's);
 * - API: chotot listings per second through the gateway mimic (plain HTTP), deep queries split by region/brand.
 *
 *   node bin/run-ts.mjs bench/scrape-bench.ts
 *   node bin/run-ts.mjs bench/scrape-bench.ts --xetot-pages 10 --chotot-listings 20000
 *   node --import tsx bench/scrape-bench.ts        # same, straight through tsx
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { startFixtureSites } from '../local/fixture-sites';
import { defaultChromiumPath } from '../scraper-onprem/browser/chromium-args';
import { launchLocalChromium } from '../scraper-onprem/browser/launch-local-chromium';
import { runScrape, type RunScrapeOptions } from '../scraper-onprem/run-scrape';

interface Row {
  what: string;
  concurrency: number;
  units: number;
  unit: string;
  seconds: number;
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      'xetot-pages': { type: 'string', default: '6' },
      'chotot-listings': { type: 'string', default: '10000' },
      'chromium-path': { type: 'string', default: process.env.CHROMIUM_PATH ?? defaultChromiumPath },
    },
  });
  const xetotListPages = Number(values['xetot-pages']);
  const chototListings = Number(values['chotot-listings']);
  const dir = await mkdtemp(join(tmpdir(), 'xecu-scrape-bench-'));
  const sites = await startFixtureSites({ seed: 1, chototListings, xetotListings: xetotListPages * 20, xetotPageSize: 20, chototDepthCap: 1000 });
  const impolite: Partial<RunScrapeOptions> = { delayMs: 0, maxRequestsPerMinute: 0, fresh: true, checkpointIntervalMs: 5_000,
    // The fixture sites listen on 127.0.0.1, which the scraper refuses unless told.
    allowPrivateNetwork: true };
  const rows: Row[] = [];
  const launched = await launchLocalChromium({ executablePath: values['chromium-path'] });
  try {
    for (const concurrency of [1, 4, 8]) {
      const started = performance.now();
      const { report } = await runScrape({
        ...impolite,
        site: 'xetot',
        baseUrl: sites.xetotBaseUrl,
        concurrency,
        outPath: join(dir, `xetot-${concurrency}.ndjson.gz`),
        // The same browser for every run, so launching Chromium is not in the figure.
        launchBrowser: async () => ({ browser: launched.browser, close: async () => undefined }),
      });
      const seconds = (performance.now() - started) / 1000;
      if (report.status !== 'ok') throw new Error(`xetot run at concurrency ${concurrency}: ${report.status} ${report.message ?? ''}`);
      rows.push({ what: 'browser (xetot HTML)', concurrency, units: report.requests.succeeded, unit: 'pages', seconds });
    }
    for (const concurrency of [1, 4]) {
      const started = performance.now();
      const { report } = await runScrape({
        ...impolite,
        site: 'chotot',
        baseUrl: sites.chototBaseUrl,
        concurrency,
        outPath: join(dir, `chotot-${concurrency}.ndjson.gz`),
      });
      const seconds = (performance.now() - started) / 1000;
      if (report.status !== 'ok') throw new Error(`chotot run: ${report.status} ${report.message ?? ''}`);
      rows.push({ what: `API (chotot JSON, ${report.requests.succeeded} requests)`, concurrency, units: report.listings.written, unit: 'listings', seconds });
    }
  } finally {
    await launched.close();
    await sites.stop();
    await rm(dir, { recursive: true, force: true });
  }

  const header = ['what', 'concurrency', 'items', 'seconds', 'per second'];
  const body = rows.map((row) => [row.what, String(row.concurrency), `${row.units} ${row.unit}`, row.seconds.toFixed(2), `${(row.units / row.seconds).toFixed(1)} ${row.unit}/s`]);
  const widths = header.map((title, column) => Math.max(title.length, ...body.map((cells) => (cells[column] ?? '').length)));
  const line = (cells: string[]) => cells.map((cell, column) => cell.padEnd(widths[column] ?? 0)).join('  ');
  process.stdout.write(`scrape bench (fixture sites on 127.0.0.1, politeness off, ${await chromiumVersion(values['chromium-path'])})\n`);
  process.stdout.write(`${line(header)}\n${widths.map((width) => '-'.repeat(width)).join('  ')}\n${body.map(line).join('\n')}\n`);
}

async function chromiumVersion(path: string): Promise<string> {
  const { execFile } = await import('node:child_process');
  return new Promise((resolve) => execFile(path, ['--version'], (error, stdout) => resolve(error ? 'Chromium (version unknown)' : stdout.trim().replace(/ built on .*/, ''))));
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
