import { copyFileSync, createWriteStream, existsSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { z } from 'zod';
import { ObjectRefSchema } from '../../shared/contracts/object-ref';
import { loadSql } from '../../shared/sql';
import { DEFAULT_REMOVED_AFTER_DAYS } from '../../shared/steps/marts/refresh-marts';
import { ReportInputSchema, type ReportInput } from '../../shared/steps/report/report-state';
import { jsonLinesLog } from '../../scraper-onprem/logging/json-lines-log';
import { defaultHome, LOCAL_BUCKETS, openLocalEnvironment, type LocalEnvironment } from '../runtime/local-environment';
import type { Log } from '../../shared/ports/log';
import { runReportLocally } from '../runtime/report-definition';
import { count, table } from './format';

const REPORT_HELP = `Usage: xecu report [--email <address>]… [--out <dir>] [options]

Runs the report state machine offline — the same ASL as on AWS — on the local warehouse:
  WaitForPendingLoads  waits (bounded) for loads still under way in ops.batches
  RefreshMarts         rebuilds the market history (marts.listing_status, marts.listing_price_history) and the
                       marts market_preference, resale_value, price_drops, leads, prospects in one transaction
  Match                only with --match: a full re-match, then leads and prospects are refreshed again
  Export, Notify       the sales workbook into the exports bucket and the email (.eml in <home>/outbox, or SMTP
                       when SMTP_URL is set); a step not installed yet is reported as "not available"

Options:
  --email <address>         send to this address instead of the sales list (repeatable)
  --out <dir>               also copy the workbook into this folder
  --match                   run a full re-match after the refresh
  --removed-after-days <n>  a listing not seen for n days, while its site was scraped since, counts as removed
                            (sold); default ${DEFAULT_REMOVED_AFTER_DAYS}
  --report-date <date>      the day the report is for (YYYY-MM-DD; default today)
  --json                    print the execution (status, states entered, output) as JSON
  --home <dir>              offline data folder (default: XECU_HOME or ./.xecu)
  -h, --help                this help

Exit code: 0 when the report succeeded, 1 when it failed, 2 on a usage error.
Example: xecu report --email sales@example.com --out ./reports
`;

/** A wrong option: main.ts prints it with the help pointer and exits 2 (it matches errors by this name). */
class ReportUsageError extends Error {
  override readonly name = 'UsageError';
}

/** Thresholds the marts use, shown on the workbook's About sheet (the export step reads `thresholds`). */
export function reportThresholds(removedAfterDays: number): Record<string, string | number> {
  return {
    'removed (sold proxy): days unseen while the site was scraped': removedAfterDays,
    'relisted: days between two sightings more than': removedAfterDays,
    'resale value: small group below (listings)': 5,
    'resale value: listings last seen within (days)': 365,
    'lead action new-model pitch: car age at least (years)': 6,
    'lead action service reminder: no service with us for more than (days)': 365,
  };
}

const WorkbookOutputSchema = z.object({ export: z.object({ workbook: ObjectRefSchema }).loose() }).loose();
const NotAvailableSchema = z.object({ available: z.literal(false), reason: z.string() });

const ExportSummarySchema = z.object({ sheets: z.array(z.object({ name: z.string(), dataRows: z.number() })) }).loose();
const NotifySummarySchema = z.object({ deliveredTo: z.string(), recipients: z.number().optional() }).loose();
const MatchSummarySchema = z.object({ pairs: z.number(), leads: z.number(), reviews: z.number() }).loose();

/** One line per optional step: what it did in a person's words when its result has a known shape, else its JSON. */
function stepLine(name: string, result: unknown): string {
  if (result === undefined) return `${name}: not run`;
  const notAvailable = NotAvailableSchema.safeParse(result);
  if (notAvailable.success) return `${name}: ${notAvailable.data.reason}`;
  const sheets = ExportSummarySchema.safeParse(result);
  if (name === 'export' && sheets.success) return `export: ${sheets.data.sheets.map((sheet) => `${sheet.name} ${count(sheet.dataRows)}`).join(', ')}`;
  const email = NotifySummarySchema.safeParse(result);
  if (name === 'notify' && email.success) return `email: ${email.data.deliveredTo}${email.data.recipients === undefined ? '' : ` (${count(email.data.recipients)} ${email.data.recipients === 1 ? 'recipient' : 'recipients'})`}`;
  const matched = MatchSummarySchema.safeParse(result);
  if (name === 'match' && matched.success) return `match: ${count(matched.data.pairs)} pairs scored, ${count(matched.data.leads)} leads, ${count(matched.data.reviews)} to review`;
  return `${name}: ${JSON.stringify(result)}`;
}

export interface ReportPrintOptions {
  home: string;
  log: Log;
  logFile: string;
  json: boolean;
  outDir?: string;
}

/**
 * Runs the report state machine on an open local environment and prints what it did (or its execution as JSON):
 * the marts' row counts, the optional steps, where the workbook and the email went. `xecu report` and `xecu demo`.
 */
export async function reportAndPrint(env: LocalEnvironment, input: ReportInput, options: ReportPrintOptions): Promise<number> {
  const outcome = await runReportLocally(input, {
    warehouse: env.warehouse,
    objectStore: env.objectStore,
    log: options.log,
    exportsBucket: LOCAL_BUCKETS.exports,
    home: options.home,
    tmpDir: path.join(options.home, 'tmp'),
  });
  const output = (outcome.output ?? {}) as Record<string, unknown>;
  const workbook = WorkbookOutputSchema.safeParse(output);
  const workbookPath = workbook.success ? env.objectStore.pathOf(workbook.data.export.workbook) : null;
  let copiedTo: string | null = null;
  if (workbookPath && options.outDir && existsSync(workbookPath)) {
    mkdirSync(options.outDir, { recursive: true });
    copiedTo = path.join(options.outDir, path.basename(workbookPath));
    copyFileSync(workbookPath, copiedTo);
  }
  if (options.json) {
    process.stdout.write(`${JSON.stringify({ ...outcome, workbookPath, copiedTo }, null, 2)}\n`);
    return outcome.status === 'SUCCEEDED' ? 0 : 1;
  }
  process.stdout.write(`report: ${outcome.status}  (${env.warehouseLabel})\n`);
  process.stdout.write(`states: ${outcome.trail.join(' → ')}\n`);
  if (outcome.status === 'FAILED') {
    process.stderr.write(`xecu report: ${outcome.error?.name ?? 'failed'}: ${outcome.error?.cause ?? ''}\n`);
    return 1;
  }
  const loads = output.loads as { pending?: number; stuck?: number } | undefined;
  if (loads && (loads.pending ?? 0) + (loads.stuck ?? 0) > 0) {
    process.stdout.write(`loads: ${count(loads.pending)} still loading when the report went on, ${count(loads.stuck)} stuck (unfinished for over 6 h)\n`);
  }
  const counts = await env.warehouse.query<{ table_name: string; row_count: number | string }>(loadSql('marts/mart_row_counts'));
  process.stdout.write(`${table(['mart', 'rows'], counts.map((row) => [row.table_name, count(Number(row.row_count))]), new Set([1]))}\n`);
  if (input.match) process.stdout.write(`${stepLine('match', output.matched)}\n`);
  process.stdout.write(`${stepLine('export', output.export)}\n${stepLine('notify', output.notify)}\n`);
  if (workbookPath) process.stdout.write(`workbook: ${copiedTo ?? workbookPath}\n`);
  process.stdout.write(`log: ${options.logFile}\n`);
  return 0;
}

export async function runReportCommand(argv: string[]): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    options: {
      email: { type: 'string', multiple: true },
      out: { type: 'string' },
      match: { type: 'boolean', default: false },
      'removed-after-days': { type: 'string' },
      'report-date': { type: 'string' },
      json: { type: 'boolean', default: false },
      home: { type: 'string' },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  if (values.help) {
    process.stdout.write(REPORT_HELP);
    return 0;
  }
  const removedAfterDays = values['removed-after-days'] === undefined ? DEFAULT_REMOVED_AFTER_DAYS : Number(values['removed-after-days']);
  const outDir = values.out === undefined ? undefined : path.resolve(values.out);
  const parsed = ReportInputSchema.safeParse({
    match: values.match,
    removedAfterDays,
    thresholds: reportThresholds(removedAfterDays),
    ...(values.email ? { email: values.email } : {}),
    ...(outDir ? { outDir } : {}),
    ...(values['report-date'] ? { reportDate: values['report-date'] } : {}),
  });
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new ReportUsageError(`--${String(issue?.path[0] ?? '').replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}: ${issue?.message ?? 'invalid'}`);
  }
  const input: ReportInput = parsed.data;

  const home = path.resolve(values.home ?? defaultHome());
  mkdirSync(path.join(home, 'logs'), { recursive: true });
  const logFile = path.join(home, 'logs', `xecu-${new Date().toISOString().slice(0, 10)}.log`);
  const logStream = createWriteStream(logFile, { flags: 'a' });
  const log = jsonLinesLog((line) => logStream.write(line), 'info', 'xecu');
  const env = await openLocalEnvironment({ home, log });
  try {
    return await reportAndPrint(env, input, { home, log, logFile, json: values.json, ...(outDir ? { outDir } : {}) });
  } finally {
    await env.close();
    await new Promise<void>((resolve) => logStream.end(resolve));
  }
}
