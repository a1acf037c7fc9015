import { createWriteStream, existsSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { startFixtureSites } from '../fixture-sites';
import { writeCustomerSample, writeListingSample } from '../sample-data/write-sample-data';
import { generateListingSample } from '../sample-data/listing-generator';
import { defaultHome, LOCAL_BUCKETS, openLocalEnvironment, type LocalEnvironment } from '../runtime/local-environment';
import { putFiles, type InputObject } from '../runtime/run-ingest';
import { runScrape, type ScrapeSite } from '../../scraper-onprem/run-scrape';
import type { Log } from '../../shared/ports/log';
import { ingestAndReport } from './ingest-report';
import { demoMatches } from './match-command';
import { reportAndPrint, reportThresholds } from './report-command';
import { DEFAULT_REMOVED_AFTER_DAYS } from '../../shared/steps/marts/refresh-marts';
import { ReportInputSchema } from '../../shared/steps/report/report-state';
import { jsonLinesLog } from '../../scraper-onprem/logging/json-lines-log';

const DEMO_HELP = `Usage: xecu demo [--customers N] [--no-scrape] [--json]

The whole offline job on the embedded default, from nothing:
  1. writes a sample customer export (N records, default 20,000) to <home>/sample/;
  2. starts the chotot and xetot fixture sites on 127.0.0.1 and scrapes both (chotot through its JSON gateway,
     xetot with Chromium), uploading the listings to the offline landing bucket as the on-prem scraper does; besides
     their own ads the sites serve 300 labeled listings of the sample customers (owners, dealers reselling their cars,
     lookalikes …; truth.csv in <home>/sample/listings-300-for-N/), so some scraped sellers really are customers;
  3. ingests the customer export and the listing files through the ingest state machine into PGlite;
  4. prints a summary per batch and the warehouse totals.
  5. matches listings to customers (each load's Match state; caught up here) and prints the leads;
  6. runs the report state machine: refreshes the marts, writes the sales workbook to the offline exports bucket and
     the email to <home>/outbox/ (or SMTP_URL), and prints where both are (not with --json).
Re-running re-uses the sample file and finds the customer batch already ingested (idempotent); each scrape is a
new run, so its listings batch is new, and core.listings keeps first/last seen and the latest price.

Options:
  --customers <N>  records in the sample export (default 20000)
  --no-scrape      skip step 2 (no Chromium needed)
  --json           summary as JSON on stdout
  --home <dir>     offline data folder (default: XECU_HOME or ./.xecu)
  --chromium-path <path>  Chromium for xetot (default: CHROMIUM_PATH or /usr/bin/chromium)
`;

/** Sample listings the fixture sites serve besides their own ads: these customers' cars, dealers, lookalikes … */
const DEMO_SAMPLE_LISTINGS = 300;

/**
 * Scrapes both fixture sites into the offline landing bucket; a site that cannot run is reported, not fatal. The sites
 * also serve labeled listings of the sample customers (truth.csv beside them in <home>/sample/), so the scrape brings
 * back listings that really are some customers' cars.
 */
async function scrapeFixtureSites(env: LocalEnvironment, home: string, log: Log, chromiumPath: string, customers: number): Promise<InputObject[]> {
  const sample = generateListingSample({ customers, listings: DEMO_SAMPLE_LISTINGS });
  const written = await writeListingSample({ customers, listings: DEMO_SAMPLE_LISTINGS, outDir: path.join(home, 'sample'), sample });
  process.stderr.write(
    `demo: the fixture sites also serve ${DEMO_SAMPLE_LISTINGS} sample listings, ${written.matches} of them customers' cars (${path.relative(process.cwd(), written.truthFile)})\n`,
  );
  const sites = await startFixtureSites({ seed: 1, listings: sample.map((item) => item.listing) });
  const objects: InputObject[] = [];
  try {
    const baseUrls: Record<ScrapeSite, string> = { chotot: sites.chototBaseUrl, xetot: sites.xetotBaseUrl };
    for (const site of ['chotot', 'xetot'] as const) {
      if (site === 'xetot' && !existsSync(chromiumPath)) {
        process.stderr.write(`demo: xetot skipped — no Chromium at ${chromiumPath} (bash scripts/ensure-chromium.sh, or --chromium-path)\n`);
        continue;
      }
      process.stderr.write(`demo: scraping the ${site} fixture site at ${baseUrls[site]}\n`);
      const result = await runScrape({
        site,
        baseUrl: baseUrls[site],
        outPath: path.join(home, 'scrape', `${site}-demo-${Date.now()}.ndjson.gz`),
        fresh: true,
        upload: { store: env.objectStore, bucket: LOCAL_BUCKETS.landing },
        // The fixture sites are ours, on this machine (127.0.0.1): politeness can be light, and the private network
        // is allowed for them only.
        allowPrivateNetwork: true,
        concurrency: 4,
        delayMs: 0,
        maxRequestsPerMinute: 0,
        chromiumPath,
        log,
      });
      const report = result.report;
      const pages = Object.values(report.pages).reduce((sum, n) => sum + n, 0);
      process.stderr.write(`demo: ${site}: ${report.status}, ${report.listings.written} listings from ${pages} pages\n`);
      if (report.upload) objects.push({ bucket: report.upload.bucket, key: report.upload.key, kind: 'listings', label: report.upload.key });
    }
  } finally {
    await sites.stop();
  }
  return objects;
}

export async function runDemo(argv: string[]): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    options: {
      customers: { type: 'string', default: '20000' },
      'no-scrape': { type: 'boolean', default: false },
      json: { type: 'boolean', default: false },
      home: { type: 'string' },
      'chromium-path': { type: 'string' },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  if (values.help) {
    process.stdout.write(DEMO_HELP);
    return 0;
  }
  const customers = Number(values.customers);
  if (!Number.isInteger(customers) || customers <= 0) {
    process.stderr.write('xecu demo: --customers must be a positive whole number\n');
    return 2;
  }
  const home = path.resolve(values.home ?? defaultHome());
  const sampleDir = path.join(home, 'sample');
  const sampleFile = path.join(sampleDir, `customers-${customers}.json`);
  if (!existsSync(sampleFile)) {
    process.stderr.write(`demo: writing ${customers.toLocaleString('en-US')} sample customer records to ${path.relative(process.cwd(), sampleFile)}\n`);
    await writeCustomerSample({ customers, outDir: sampleDir, format: 'json' });
  }
  mkdirSync(path.join(home, 'logs'), { recursive: true });
  const logFile = path.join(home, 'logs', `xecu-${new Date().toISOString().slice(0, 10)}.log`);
  const logStream = createWriteStream(logFile, { flags: 'a' });
  const log = jsonLinesLog((line) => logStream.write(line), 'info', 'xecu');
  const env = await openLocalEnvironment({ home, log });
  try {
    const objects = await putFiles(env, [{ path: sampleFile, kind: 'customers' }]);
    if (!values['no-scrape']) {
      const chromiumPath = values['chromium-path'] ?? process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
      objects.push(...(await scrapeFixtureSites(env, home, log, chromiumPath, customers)));
    }
    process.stderr.write(`demo: ingesting ${objects.length} object(s) into ${env.warehouseLabel}\n`);
    const code = await ingestAndReport(env, objects, { json: values.json, rerun: false, logFile });
    // Then matches: what the ingest's Match states did, caught up here if any batch was not matched yet.
    if (!values.json) process.stdout.write(`\n${await demoMatches(env)}\n`);
    if (values.json) return code;
    // Ends with the daily report: marts, the sales workbook and its email, where each went.
    process.stderr.write('demo: running the report state machine (marts → workbook → email)\n');
    process.stdout.write('\n');
    const reportInput = ReportInputSchema.parse({
      match: false,
      removedAfterDays: DEFAULT_REMOVED_AFTER_DAYS,
      thresholds: reportThresholds(DEFAULT_REMOVED_AFTER_DAYS),
    });
    const reportCode = await reportAndPrint(env, reportInput, { home, log, logFile, json: false });
    return Math.max(code, reportCode);
  } finally {
    await env.close();
    await new Promise<void>((resolve) => logStream.end(resolve));
  }
}
