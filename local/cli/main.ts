import { createWriteStream, mkdirSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { SAMPLE_FORMATS, writeCustomerSample, writeListingSample, type SampleFormat } from '../sample-data/write-sample-data';
import { defaultHome, openLocalEnvironment } from '../runtime/local-environment';
import { HomeBusyError } from '../runtime/home-lock';
import { expandInputs, InputPathError, putFiles, type InputFile } from '../runtime/run-ingest';
import { count, describeError, pointAtError, progressLine, suggestion, table } from './format';
import { jsonLinesLog, type LogLevel } from '../../scraper-onprem/logging/json-lines-log';
import { runDemo } from './demo';
import { ingestAndReport } from './ingest-report';

function help(): string {
  const width = Math.max(...Object.keys(COMMANDS).map((name) => name.length)) + 2;
  const lines = Object.entries(COMMANDS).map(([name, command]) => `  ${name.padEnd(width)}${command.summary}`);
  return `xecu — the used-car data pipeline, offline on this machine

Usage: xecu <command> [options] [--debug]

Commands:
${lines.join('\n')}

Everything offline lives in XECU_HOME (default ./.xecu): objects under s3/<bucket>/<key>, the embedded
PostgreSQL (PGlite) under pgdata/. Set DATABASE_URL to use a PostgreSQL server instead.
Run 'xecu <command> --help' for a command's options. Every command takes --debug: error stack traces and debug logs.
`;
}

const RUN_HELP = `Usage: xecu run --customers <file|dir> [--listings <file|dir>] [options]

Puts each file in the offline raw bucket (customers/) or landing bucket (listings/), lets the trigger start the
ingest state machine (clean → write manifest → load: COPY + MERGE → match) and prints a summary per batch and
warehouse totals.
A folder means every .json/.ndjson/.jsonl file in it, optionally .gz.

Options:
  --customers <path>   customer export file or folder (repeatable)
  --listings <path>    listing NDJSON(.gz) file or folder from the scraper (repeatable)
  --json               print the summary as one JSON object on stdout (progress still goes to stderr)
  --rerun              ingest again even if this object version was ingested before (idempotency check)
  --force              load the valid rows even when more than half of a batch's rows were rejected
  --home <dir>         offline data folder (default: XECU_HOME or ./.xecu)
  --log-level <level>  debug | info | warn | error for the JSON log (default info; debug with --debug), written to <home>/logs/
  -h, --help           this help

Exit code: 0 when every batch loaded, 1 when any batch failed, 2 on a usage error.
Example: xecu run --customers ./sample/customers-100000.json
`;

const SAMPLE_HELP = `Usage: xecu sample-data --customers <N> --out <dir> [--listings <L>] [options]

Writes one customer export with N records: sale and service rows, names with and without diacritics and titles,
phones in every shape (+84, 84…, lost leading 0, old 11-digit, dots, two numbers), dd/mm/yyyy, ISO and Excel dates,
prices as numbers and "545.000.000", old and new province names, ~1% exact duplicates and ~0.6% broken rows.

Options:
  --customers <N>   number of records (1,000,000 takes about a minute)
  --out <dir>       output folder (created if missing)
  --format <f>      json (the DB's {"results":[…]}, default) | json.gz | ndjson | ndjson.gz
  --seed <n>        random seed (default 2026): the same seed writes the same file
  --listings <L>    also write L labeled marketplace listings of these customers to <dir>/listings-<L>-for-<N>/:
                    chotot.ndjson and xetot.ndjson (the scraper's listing format, for xecu run --listings) and
                    truth.csv (source, listing_id, customer_key, vehicle_key — empty when no customer's — and how the
                    listing was made: owners under name variants and old or other phones, cross-posts, dealers
                    reselling a customer's car, lookalikes, recycled phones, strangers)
  -h, --help        this help
`;

const SQL_HELP = `Usage: xecu sql "<query>" [--json]

Runs one query on the local warehouse and prints the rows. Schemas: ops (batches), staging, core
(customer_vehicles, listings, listing_prices), marts. A query the database refuses prints its message and exits 1
(the stack trace only with --debug).

Options:
  --json         rows as a JSON array on stdout
  --home <dir>   offline data folder (default: XECU_HOME or ./.xecu)
Example: xecu sql "select province, count(*) from core.customer_vehicles group by province order by 2 desc"
`;

/** A mistake in how a command was called: exit 2 with the command's help pointer, no stack trace. */
export class UsageError extends Error {
  override readonly name = 'UsageError';
}

/** What every command gets besides its own arguments. */
export interface CommandContext {
  /** --debug was given (anywhere before `--`): stack traces on errors, debug-level logs where a command has them. */
  debug: boolean;
}

export interface Command {
  /** One line for `xecu --help`. */
  summary: string;
  /** Runs with the arguments after the command name (--debug removed); returns the exit code. */
  run(argv: string[], context: CommandContext): Promise<number>;
}

function openLogFile(home: string, level: LogLevel) {
  mkdirSync(path.join(home, 'logs'), { recursive: true });
  const file = path.join(home, 'logs', `xecu-${new Date().toISOString().slice(0, 10)}.log`);
  const stream = createWriteStream(file, { flags: 'a' });
  return { file, log: jsonLinesLog((line) => stream.write(line), level, 'xecu'), close: () => new Promise<void>((resolve) => stream.end(resolve)) };
}

async function commandRun(argv: string[], context: CommandContext): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    options: {
      customers: { type: 'string', multiple: true },
      listings: { type: 'string', multiple: true },
      json: { type: 'boolean', default: false },
      rerun: { type: 'boolean', default: false },
      force: { type: 'boolean', default: false },
      home: { type: 'string' },
      'log-level': { type: 'string' },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  if (values.help) {
    process.stdout.write(RUN_HELP);
    return 0;
  }
  if (!values.customers?.length && !values.listings?.length) throw new UsageError('give --customers <file|dir> and/or --listings <file|dir>');
  const level = (values['log-level'] ?? (context.debug ? 'debug' : 'info')) as LogLevel;
  if (!['debug', 'info', 'warn', 'error'].includes(level)) throw new UsageError(`--log-level must be debug, info, warn or error, not '${level}'`);
  const files: InputFile[] = [];
  for (const target of values.customers ?? []) files.push(...(await expandInputs(target, 'customers')));
  for (const target of values.listings ?? []) files.push(...(await expandInputs(target, 'listings')));
  const home = path.resolve(values.home ?? defaultHome());
  const logging = openLogFile(home, level);
  const env = await openLocalEnvironment({ home, log: logging.log });
  try {
    return await ingestAndReport(env, await putFiles(env, files), { json: values.json, rerun: values.rerun, force: values.force, logFile: logging.file });
  } finally {
    await env.close();
    await logging.close();
  }
}

async function commandSampleData(argv: string[]): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    options: {
      customers: { type: 'string' },
      out: { type: 'string' },
      format: { type: 'string', default: 'json' },
      seed: { type: 'string', default: '2026' },
      listings: { type: 'string' },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  if (values.help) {
    process.stdout.write(SAMPLE_HELP);
    return 0;
  }
  const customers = Number(values.customers);
  if (!values.customers || !Number.isInteger(customers) || customers <= 0) throw new UsageError('--customers must be a positive whole number');
  if (!values.out) throw new UsageError('--out <dir> is required');
  if (!(SAMPLE_FORMATS as readonly string[]).includes(values.format)) throw new UsageError(`--format must be one of ${SAMPLE_FORMATS.join(', ')}`);
  const seed = Number(values.seed);
  if (!Number.isInteger(seed)) throw new UsageError('--seed must be a whole number');
  const listings = values.listings === undefined ? null : Number(values.listings);
  if (listings !== null && (!Number.isInteger(listings) || listings <= 0)) throw new UsageError('--listings must be a positive whole number');
  const progress = progressLine(process.stderr);
  const result = await writeCustomerSample({
    customers,
    outDir: values.out,
    format: values.format as SampleFormat,
    seed,
    onProgress: (written) => progress.update(`sample-data: ${count(written)} / ${count(customers)} records`),
  });
  progress.done();
  process.stdout.write(`${result.file}\t${count(result.records)} records\t${count(result.bytes)} bytes\n`);
  if (listings !== null) {
    const sample = await writeListingSample({ customers, listings, seed, outDir: values.out });
    process.stdout.write(
      `${sample.files.chotot}\t${count(sample.listings.chotot)} listings\n${sample.files.xetot}\t${count(sample.listings.xetot)} listings\n` +
        `${sample.truthFile}\t${count(sample.matches)} of them are a customer's vehicle\n`,
    );
  }
  return 0;
}

async function commandSql(argv: string[], context: CommandContext): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: { json: { type: 'boolean', default: false }, home: { type: 'string' }, help: { type: 'boolean', short: 'h', default: false } },
  });
  if (values.help) {
    process.stdout.write(SQL_HELP);
    return 0;
  }
  const query = positionals.join(' ').trim();
  if (!query) throw new UsageError('give the query, e.g. xecu sql "select count(*) from core.customer_vehicles"');
  const home = path.resolve(values.home ?? defaultHome());
  const logging = openLogFile(home, 'warn');
  const env = await openLocalEnvironment({ home, log: logging.log });
  try {
    let rows: Record<string, unknown>[];
    try {
      rows = await env.warehouse.query(query);
    } catch (error) {
      if (!(error instanceof Error && error.name === 'WarehouseError')) throw error;
      // The database's own words, and where in the query it stopped reading.
      process.stderr.write(`${describeError('xecu sql', error, { debug: context.debug, expected: true })}\n${pointAtError(query, error)}`);
      return 1;
    }
    if (values.json) process.stdout.write(`${JSON.stringify(rows, null, 2)}\n`);
    else if (rows.length === 0) process.stdout.write('(no rows)\n');
    else {
      const headers = Object.keys(rows[0] ?? {});
      const cells = rows.map((row) => headers.map((header) => (row[header] === null ? 'NULL' : String(row[header]))));
      process.stdout.write(`${table(headers, cells)}\n(${count(rows.length)} rows)\n`);
    }
    return 0;
  } finally {
    await env.close();
    await logging.close();
  }
}

/**
 * Every command, in the order `xecu --help` lists them. Adding one is one entry here (import heavy modules inside
 * `run`, so `xecu --help` stays fast).
 */
const COMMANDS: Record<string, Command> = {
  run: { summary: 'Ingest customer exports and listing files through the ingest state machine', run: commandRun },
  'sample-data': { summary: 'Write realistic, noisy Vietnamese customer exports (and labeled listings: --listings)', run: commandSampleData },
  sql: { summary: 'Query the local warehouse', run: commandSql },
  scrape: {
    summary: 'Scrape chotot / xetot listings (xecu scrape --help)',
    run: async (argv) => (await import('../../scraper-onprem/cli')).runScrapeCommand(argv),
  },
  'fixture-sites': {
    summary: 'Serve the chotot and xetot fixture sites on 127.0.0.1 (xecu fixture-sites --help)',
    run: async (argv) => (await import('../fixture-sites/cli')).runFixtureSitesCommand(argv),
  },
  demo: { summary: 'The whole offline job: sample data + fixture-site scrape + ingest + summary', run: runDemo },
  replay: {
    summary: "Send an object's S3 event to the trigger again, offline or with --aws (a missed or dead-lettered upload)",
    run: async (argv) => (await import('./replay-command')).runReplayCommand(argv),
  },
  report: {
    summary: 'Refresh the marts and make the sales workbook and email through the report state machine',
    run: async (argv) => (await import('./report-command')).runReportCommand(argv),
  },
  'sync-exports': {
    summary: 'Copy new report workbooks from the exports bucket into a folder (on-prem): atomic, idempotent, resumable',
    run: async (argv) => (await import('./sync-exports-command')).runSyncExportsCommand(argv),
  },
  'sfn-server': {
    summary: 'A local Step Functions endpoint on 127.0.0.1 running the real ingest and report ASL (for Airflow)',
    run: async (argv) => (await import('../sfn-server/cli')).runSfnServerCommand(argv),
  },
  match: {
    summary: 'Match listings to customers (lead / review bands) into marts.listing_matches (--full, --train)',
    run: async (argv) => (await import('./match-command')).runMatchCommand(argv),
  },
  explain: {
    summary: 'Why a listing matched (or not): candidates, each comparison\'s weight, the decision',
    run: async (argv) => (await import('./match-command')).runExplainCommand(argv),
  },
  'forget-person': {
    summary: "Erase one person's data from the warehouse by customer key (a PDPL deletion request; docs/runbook.md)",
    run: async (argv) => (await import('./forget-person-command')).runForgetPersonCommand(argv),
  },
};

/** Takes `--debug` out of the arguments (not after `--`): every command accepts it, none has to declare it. */
function takeDebugFlag(argv: readonly string[]): { debug: boolean; rest: string[] } {
  const end = argv.indexOf('--');
  const head = end === -1 ? [...argv] : argv.slice(0, end);
  const tail = end === -1 ? [] : argv.slice(end);
  const rest = head.filter((arg) => arg !== '--debug');
  return { debug: rest.length !== head.length, rest: [...rest, ...tail] };
}

function isUsageError(error: unknown): error is Error {
  return (
    error instanceof UsageError ||
    error instanceof InputPathError ||
    (error instanceof Error && error.name === 'UsageError') ||
    Boolean((error as { code?: string } | null)?.code?.startsWith('ERR_PARSE_ARGS'))
  );
}

export async function main(argv: string[]): Promise<number> {
  const { debug, rest: args } = takeDebugFlag(argv);
  const [name, ...rest] = args;
  if (name === undefined || name === '-h' || name === '--help' || name === 'help') {
    process.stdout.write(help());
    return name === undefined ? 2 : 0;
  }
  const command = Object.hasOwn(COMMANDS, name) ? COMMANDS[name] : undefined;
  if (!command) {
    const close = suggestion(name, Object.keys(COMMANDS));
    process.stderr.write(
      `xecu: unknown command '${name}'.${close ? ` Did you mean '${close}'?` : ''}\n` +
        `Commands: ${Object.keys(COMMANDS).join(', ')}\nRun 'xecu --help' for what each does.\n`,
    );
    return 2;
  }
  try {
    return await command.run(rest, { debug });
  } catch (error) {
    if (isUsageError(error)) {
      process.stderr.write(`xecu: ${error.message}\nRun 'xecu ${name} --help' for usage.\n`);
      return 2;
    }
    // An expected failure (a bad query, a busy home) says what the database or the runtime said; a stack trace is
    // for --debug only.
    const expected = error instanceof HomeBusyError || (error instanceof Error && error.name === 'WarehouseError');
    process.stderr.write(`${describeError(`xecu ${name}`, error, { debug, expected })}\n`);
    return 1;
  }
}
