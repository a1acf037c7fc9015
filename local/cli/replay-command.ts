import { createWriteStream, mkdirSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { S3ObjectStore } from '../../shared/adapters/s3/s3-object-store';
import { SfnExecutions } from '../../shared/adapters/sfn/sfn-executions';
import type { Executions } from '../../shared/ports/executions';
import { silentLog, type Log } from '../../shared/ports/log';
import { kindOfKey, objectCreatedEvent, trigger, type TriggerResult } from '../../shared/steps/trigger';
import { jsonLinesLog } from '../../scraper-onprem/logging/json-lines-log';
import { defaultHome, openLocalEnvironment } from '../runtime/local-environment';
import { ingestAndReport } from './ingest-report';

export const REPLAY_HELP = `Usage: xecu replay --bucket <bucket> --key <key> [--version-id <id>] [options]
       xecu replay --aws --state-machine-arn <arn> --bucket <bucket> --key <key> [--version-id <id>]

Sends the object's S3 "Object Created" event to the trigger again: for an upload whose ingest never started
(its event is in the trigger dead-letter queue, or was missed). The batch id comes from bucket, key and version
(or ETag), so replaying an object that was already ingested starts nothing and changes nothing.

Offline (default): the object must be in the offline store (<home>/s3/<bucket>/<key>); the trigger starts the local
ingest state machine and the batch summary is printed as by 'xecu run'.
With --aws: reads the object's version and ETag (HeadObject) and runs the trigger's logic from this machine:
StartExecution of the ingest state machine, named after the batch id (AWS credentials from the usual chain).

Options:
  --bucket <name>            bucket of the object (offline: xecu-local-raw or xecu-local-landing)
  --key <key>                its key (customers/… or listings/…)
  --version-id <id>          the version the event named (default: the current one)
  --aws                      replay against AWS instead of the offline runtime
  --state-machine-arn <arn>  with --aws: the ingest state machine (default: XECU_INGEST_STATE_MACHINE_ARN);
                             the stack output IngestStateMachineArn
  --region <region>          with --aws (default: AWS_REGION, else ap-southeast-1)
  --json                     print the result as JSON on stdout
  --home <dir>               offline data folder (default: XECU_HOME or ./.xecu)
  -h, --help                 this help

Exit code: 0 when the object is ingested (now or earlier), 1 when its ingest failed or it is not there, 2 on a
usage error.
Example: xecu replay --aws --state-machine-arn arn:aws:states:ap-southeast-1:123456789012:stateMachine:xecu-dev-ingest \\
           --bucket xecu-dev-raw-123456789012-ap-southeast-1 --key customers/export-2026-12-01.json
`;

/** A replay the caller asked for wrongly; main.ts prints it as a usage error (exit 2). */
export class ReplayUsageError extends Error {
  override readonly name = 'UsageError';
}

/** A replay that could not run: the object is not there, or the trigger would skip its key. Exit 1. */
export class ReplayError extends Error {
  override readonly name = 'ReplayError';
}

export interface ReplayTarget {
  bucket: string;
  key: string;
  versionId?: string;
}

export interface AwsReplayDependencies {
  objectStore: Pick<S3ObjectStore, 'headVersion'>;
  executions: Executions;
  stateMachineArn: string;
  log?: Log;
}

/**
 * Replay against AWS: HeadObject for the version and ETag the original event carried, then the trigger's own logic
 * (StartExecution named after the batch id). An execution of that name already there means "already ingested or
 * in progress": nothing new starts.
 */
export async function replayOnAws(target: ReplayTarget, deps: AwsReplayDependencies): Promise<TriggerResult> {
  const ref = { bucket: target.bucket, key: target.key };
  if (!kindOfKey(target.key)) throw new ReplayError(`${target.key}: the trigger ingests only keys under customers/ or listings/`);
  const head = await deps.objectStore.headVersion(ref, target.versionId);
  if (!head) throw new ReplayError(`no object s3://${target.bucket}/${target.key}${target.versionId ? ` version ${target.versionId}` : ''}`);
  const event = objectCreatedEvent({
    ...ref,
    size: head.size,
    ...(head.etag ? { etag: head.etag } : {}),
    ...(head.versionId ? { versionId: head.versionId } : {}),
  });
  return trigger(event, { executions: deps.executions, stateMachineArn: deps.stateMachineArn, log: deps.log ?? silentLog });
}

async function replayOffline(target: ReplayTarget, options: { home: string; json: boolean }): Promise<number> {
  const kind = kindOfKey(target.key);
  if (!kind) throw new ReplayError(`${target.key}: the trigger ingests only keys under customers/ or listings/`);
  mkdirSync(path.join(options.home, 'logs'), { recursive: true });
  const logFile = path.join(options.home, 'logs', `xecu-${new Date().toISOString().slice(0, 10)}.log`);
  const stream = createWriteStream(logFile, { flags: 'a' });
  const env = await openLocalEnvironment({ home: options.home, log: jsonLinesLog((line) => stream.write(line), 'info', 'xecu') });
  try {
    const head = await env.objectStore.head({ bucket: target.bucket, key: target.key });
    if (!head) throw new ReplayError(`no object ${target.bucket}/${target.key} in the offline store (${env.objectStore.pathOf({ bucket: target.bucket, key: target.key })})`);
    const object = { bucket: target.bucket, key: target.key, kind, label: target.key, ...(target.versionId ? { versionId: target.versionId } : {}) };
    return await ingestAndReport(env, [object], { json: options.json, rerun: false, logFile });
  } finally {
    await env.close();
    await new Promise<void>((resolve) => stream.end(resolve));
  }
}

/** `xecu replay`: re-send one object's Object Created event, offline or against AWS. Returns the exit code. */
export async function runReplayCommand(argv: string[]): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    options: {
      bucket: { type: 'string' },
      key: { type: 'string' },
      'version-id': { type: 'string' },
      aws: { type: 'boolean', default: false },
      'state-machine-arn': { type: 'string' },
      region: { type: 'string' },
      json: { type: 'boolean', default: false },
      home: { type: 'string' },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  if (values.help) {
    process.stdout.write(REPLAY_HELP);
    return 0;
  }
  if (!values.bucket || !values.key) throw new ReplayUsageError('give --bucket <bucket> and --key <key> of the object to replay');
  const target: ReplayTarget = { bucket: values.bucket, key: values.key, ...(values['version-id'] ? { versionId: values['version-id'] } : {}) };
  if (!values.aws) return replayOffline(target, { home: path.resolve(values.home ?? defaultHome()), json: values.json });

  const stateMachineArn = values['state-machine-arn'] ?? process.env.XECU_INGEST_STATE_MACHINE_ARN;
  if (!stateMachineArn) throw new ReplayUsageError('with --aws give --state-machine-arn <arn> (the stack output IngestStateMachineArn)');
  const region = values.region ?? process.env.AWS_REGION ?? 'ap-southeast-1';
  const result = await replayOnAws(target, {
    objectStore: new S3ObjectStore({ region }),
    executions: new SfnExecutions({ region }),
    stateMachineArn,
  });
  if (values.json) process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
  else {
    for (const started of result.started) {
      process.stdout.write(
        started.alreadyStarted
          ? `${started.key}: batch ${started.batchId} already has its execution (nothing started): ${started.executionArn}\n`
          : `${started.key}: started batch ${started.batchId}: ${started.executionArn}\n`,
      );
    }
    for (const skipped of result.skipped) process.stdout.write(`${skipped.key}: skipped (${skipped.reason})\n`);
  }
  return result.started.length > 0 ? 0 : 1;
}
