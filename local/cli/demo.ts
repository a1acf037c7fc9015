import { existsSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { writeCustomerSample } from '../sample-data/write-sample-data';
import { defaultHome, openLocalEnvironment } from '../runtime/local-environment';
import type { InputFile } from '../runtime/run-ingest';
import { ingestAndReport } from './main';
import { jsonLog } from './json-log';
import { createWriteStream, mkdirSync } from 'node:fs';

const DEMO_HELP = `Usage: xecu demo [--customers N] [--json]

The whole offline job on the embedded default, from nothing: writes a sample customer export (N records,
default 20,000) to <home>/sample/, ingests it through the ingest state machine into PGlite, and prints the
summary. Re-running re-uses the sample file and finds the batch already ingested (idempotent).

Options:
  --customers <N>  records in the sample export (default 20000)
  --json           summary as JSON on stdout
  --home <dir>     offline data folder (default: XECU_HOME or ./.xecu)
`;

export async function runDemo(argv: string[]): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    options: {
      customers: { type: 'string', default: '20000' },
      json: { type: 'boolean', default: false },
      home: { type: 'string' },
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
  const files: InputFile[] = [{ path: sampleFile, kind: 'customers' }];
  mkdirSync(path.join(home, 'logs'), { recursive: true });
  const logFile = path.join(home, 'logs', `xecu-${new Date().toISOString().slice(0, 10)}.log`);
  const logStream = createWriteStream(logFile, { flags: 'a' });
  const env = await openLocalEnvironment({ home, log: jsonLog((line) => logStream.write(line)) });
  try {
    process.stderr.write(`demo: ingesting into ${env.warehouseLabel}\n`);
    return await ingestAndReport(env, files, { json: values.json, rerun: false, logFile });
  } finally {
    await env.close();
    await new Promise<void>((resolve) => logStream.end(resolve));
  }
}
