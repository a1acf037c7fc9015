import { createWriteStream, mkdirSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { SAMPLE_FORMATS, writeCustomerSample, type SampleFormat } from '../sample-data/write-sample-data';
import { defaultHome, openLocalEnvironment } from '../runtime/local-environment';
import { HomeBusyError } from '../runtime/home-lock';
import { expandInputs, InputPathError, putFiles, type InputFile } from '../runtime/run-ingest';
import { count, progressLine, table } from './format';
import { jsonLinesLog, type LogLevel } from '../../scraper-onprem/logging/json-lines-log';
import { runDemo } from './demo';
import { ingestAndReport } from './ingest-report';

const HELP = `xecu — the used-car data pipeline, offline on this machine

Usage: xecu <command> [options]

Commands:
  run           Ingest customer exports and listing files through the ingest state machine
  sample-data   Write realistic, noisy Vietnamese customer exports
  sql           Query the local warehouse
  scrape        Scrape chotot / xetot listings (xecu scrape --help)
  fixture-sites Serve the chotot and xetot fixture sites on 127.0.0.1 (xecu fixture-sites --help)
  demo          The whole offline job: sample data + fixture-site scrape + ingest + summary

Everything offline lives in XECU_HOME (default ./.xecu): objects under s3/<bucket>/<key>, the embedded
PostgreSQL (PGlite) under pgdata/. Set DATABASE_URL to use a PostgreSQL server instead.
Run 'xecu <command> --help' for a command's options.
`;

const RUN_HELP = `Usage: xecu run --customers <file|dir> [--listings <file|dir>] [options]

Puts each file in the offline raw bucket (customers/) or landing bucket (listings/), lets the trigger start the
ingest state machine (clean → stage → COPY + MERGE) and prints a summary per batch and warehouse totals.
A folder means every .json/.ndjson/.jsonl file in it, optionally .gz.

Options:
  --customers <path>   customer export file or folder (repeatable)
  --listings <path>    listing NDJSON(.gz) file or folder from the scraper (repeatable)
  --json               print the summary as one JSON object on stdout (progress still goes to stderr)
  --rerun              ingest again even if this object version was ingested before (idempotency check)
  --home <dir>         offline data folder (default: XECU_HOME or ./.xecu)
  --log-level <level>  debug | info | warn | error for the JSON log (default info), written to <home>/logs/
  -h, --help           this help

Exit code: 0 when every batch loaded, 1 when any batch failed, 2 on a usage error.
Example: xecu run --customers ./sample/customers-100000.json
`;

const SAMPLE_HELP = `Usage: xecu sample-data --customers <N> --out <dir> [options]

Writes one customer export with N records: sale and service rows, names with and without diacritics and titles,
phones in every shape (+84, 84…, lost leading 0, old 11-digit, dots, two numbers), dd/mm/yyyy, ISO and Excel dates,
prices as numbers and "545.000.000", old and new province names, ~1% exact duplicates and ~0.6% broken rows.

Options:
  --customers <N>   number of records (1,000,000 takes about a minute)
  --out <dir>       output folder (created if missing)
  --format <f>      json (the DB's {"results":[…]}, default) | json.gz | ndjson | ndjson.gz
  --seed <n>        random seed (default 2026): the same seed writes the same file
  -h, --help        this help
`;

const SQL_HELP = `Usage: xecu sql "<query>" [--json]

Runs one query on the local warehouse and prints the rows. Schemas: ops (batches), staging, core
(customer_vehicles, listings, listing_prices), marts.

Options:
  --json         rows as a JSON array on stdout
  --home <dir>   offline data folder (default: XECU_HOME or ./.xecu)
Example: xecu sql "select province, count(*) from core.customer_vehicles group by province order by 2 desc"
`;

class UsageError extends Error {
  override readonly name = 'UsageError';
}

function openLogFile(home: string, level: LogLevel) {
  mkdirSync(path.join(home, 'logs'), { recursive: true });
  const file = path.join(home, 'logs', `xecu-${new Date().toISOString().slice(0, 10)}.log`);
  const stream = createWriteStream(file, { flags: 'a' });
  return { file, log: jsonLinesLog((line) => stream.write(line), level, 'xecu'), close: () => new Promise<void>((resolve) => stream.end(resolve)) };
}

async function commandRun(argv: string[]): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    options: {
      customers: { type: 'string', multiple: true },
      listings: { type: 'string', multiple: true },
      json: { type: 'boolean', default: false },
      rerun: { type: 'boolean', default: false },
      home: { type: 'string' },
      'log-level': { type: 'string', default: 'info' },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  if (values.help) {
    process.stdout.write(RUN_HELP);
    return 0;
  }
  if (!values.customers?.length && !values.listings?.length) throw new UsageError('give --customers <file|dir> and/or --listings <file|dir>');
  const level = values['log-level'] as LogLevel;
  if (!['debug', 'info', 'warn', 'error'].includes(level)) throw new UsageError(`--log-level must be debug, info, warn or error, not '${level}'`);
  const files: InputFile[] = [];
  for (const target of values.customers ?? []) files.push(...(await expandInputs(target, 'customers')));
  for (const target of values.listings ?? []) files.push(...(await expandInputs(target, 'listings')));
  const home = path.resolve(values.home ?? defaultHome());
  const logging = openLogFile(home, level);
  const env = await openLocalEnvironment({ home, log: logging.log });
  try {
    return await ingestAndReport(env, await putFiles(env, files), { json: values.json, rerun: values.rerun, logFile: logging.file });
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
  return 0;
}

async function commandSql(argv: string[]): Promise<number> {
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
    const rows = await env.warehouse.query(query);
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

async function loadScraperCommand(name: 'scrape' | 'fixture-sites'): Promise<(argv: string[]) => Promise<number>> {
  if (name === 'scrape') return (await import('../../scraper-onprem/cli')).runScrapeCommand;
  return (await import('../fixture-sites/cli')).runFixtureSitesCommand;
}

export async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  try {
    switch (command) {
      case 'run':
        return await commandRun(rest);
      case 'sample-data':
        return await commandSampleData(rest);
      case 'sql':
        return await commandSql(rest);
      case 'demo':
        return await runDemo(rest);
      case 'scrape':
      case 'fixture-sites':
        return await (await loadScraperCommand(command))(rest);
      case undefined:
      case '-h':
      case '--help':
      case 'help':
        process.stdout.write(HELP);
        return command === undefined ? 2 : 0;
      default:
        throw new UsageError(`unknown command '${command}'`);
    }
  } catch (error) {
    if (error instanceof HomeBusyError) {
      process.stderr.write(`xecu: ${error.message}\n`);
      return 1;
    }
    if (error instanceof UsageError || error instanceof InputPathError || (error as { code?: string }).code?.startsWith('ERR_PARSE_ARGS')) {
      process.stderr.write(`xecu: ${(error as Error).message}\nRun 'xecu ${command && !command.startsWith('-') ? `${command} ` : ''}--help' for usage.\n`);
      return 2;
    }
    process.stderr.write(`xecu: ${(error as Error).stack ?? String(error)}\n`);
    return 1;
  }
}
