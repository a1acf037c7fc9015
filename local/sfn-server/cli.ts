import { createWriteStream, mkdirSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { jsonLinesLog } from '../../scraper-onprem/logging/json-lines-log';
import { defaultHome } from '../runtime/local-environment';
import { startSfnServer } from './sfn-server';

const HELP = `Usage: xecu sfn-server [--port N] [--home DIR] [--poll-ms N]

A local AWS Step Functions endpoint on 127.0.0.1 for Airflow (the Amazon provider's operators, sensor and hook)
and any AWS SDK: the AWS JSON 1.0 protocol (POST /, X-Amz-Target: AWSStepFunctions.<Action>) for StartExecution,
DescribeExecution, ListExecutions, GetExecutionHistory, StopExecution, DescribeStateMachine, ListStateMachines.
It runs the real ASL files (ingest, report) with aws-local-stepfunctions and the same task functions as
'xecu run' and 'xecu report', one execution at a time, on the offline warehouse of --home:

  arn:aws:states:ap-southeast-1:000000000000:stateMachine:xecu-offline-ingest
  arn:aws:states:ap-southeast-1:000000000000:stateMachine:xecu-offline-report

Uploads into the offline landing (listings/) and raw (customers/) buckets — 'xecu scrape --upload file://<home>/s3'
— start ingest executions through the trigger step, as EventBridge does in AWS (a scan every --poll-ms, and
before every report). Executions are kept in <home>/sfn-server/executions/. Holds the home while it runs (PGlite
is one process's database); stop it with Ctrl-C. DATABASE_URL selects a PostgreSQL server instead.

Options:
  --port <n>      port on 127.0.0.1 (default 8083; 0 = any free port)
  --home <dir>    offline data folder (default: XECU_HOME or ./.xecu)
  --poll-ms <n>   how often the buckets are scanned for uploads (default 2000)
  -h, --help      this help

The first line on stdout is JSON: {"endpoint": …, "stateMachines": {"ingest": …, "report": …}}.
Airflow: an aws connection with {"endpoint_url": "<endpoint>", "region_name": "ap-southeast-1"} in its extra.
`;

/** A wrong option: main.ts prints it with the help pointer and exits 2 (it matches errors by this name). */
class SfnServerUsageError extends Error {
  override readonly name = 'UsageError';
}

export async function runSfnServerCommand(argv: string[]): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    options: {
      port: { type: 'string', default: '8083' },
      home: { type: 'string' },
      'poll-ms': { type: 'string', default: '2000' },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  if (values.help) {
    process.stdout.write(HELP);
    return 0;
  }
  const port = Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new SfnServerUsageError(`--port must be 0-65535, not '${values.port}'`);
  const pollMs = Number(values['poll-ms']);
  if (!Number.isInteger(pollMs) || pollMs < 100) throw new SfnServerUsageError('--poll-ms must be a whole number ≥ 100');
  const home = path.resolve(values.home ?? defaultHome());
  mkdirSync(path.join(home, 'logs'), { recursive: true });
  const logFile = path.join(home, 'logs', `sfn-server-${new Date().toISOString().slice(0, 10)}.log`);
  const logStream = createWriteStream(logFile, { flags: 'a' });
  const log = jsonLinesLog((line) => logStream.write(line), 'info', 'xecu-sfn-server');
  const server = await startSfnServer({ home, port, pollMs, log });
  process.stdout.write(`${JSON.stringify({ endpoint: server.endpoint, stateMachines: server.stateMachines, home, log: logFile })}\n`);
  process.stderr.write(`xecu sfn-server: Step Functions on ${server.endpoint} (home ${home}); Ctrl-C stops it\n`);
  await new Promise<void>((resolve) => {
    const stop = () => resolve();
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });
  process.stderr.write('xecu sfn-server: stopping (executions under way are filed as ABORTED)\n');
  await server.close();
  await new Promise<void>((resolve) => logStream.end(resolve));
  return 0;
}
