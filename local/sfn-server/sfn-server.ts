import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { FilesystemObjectStore } from '../../shared/adapters/filesystem/filesystem-object-store';
import { PostgresWarehouse } from '../../shared/adapters/postgres/postgres-warehouse';
import type { Log } from '../../shared/ports/log';
import { LOCAL_BUCKETS, openLocalEnvironment, type LocalEnvironment } from '../runtime/local-environment';
import { SfnApiError } from './aws-json-errors';
import { LandingWatcher, ServerExecutions } from './landing-watcher';
import { localMachines, OFFLINE_INGEST_ARN, OFFLINE_REPORT_ARN } from './local-machines';
import { LocalStepFunctions, type ExecutionRecord } from './local-step-functions';

export interface SfnServerOptions {
  home: string;
  /** 0 (default) picks a free port. */
  port?: number;
  /** A PostgreSQL server instead of the home's PGlite (default: DATABASE_URL). */
  databaseUrl?: string;
  log: Log;
  /** How often the landing and raw buckets are scanned for new uploads (default 2000 ms). */
  pollMs?: number;
  /** Milliseconds a Wait state waits (default 0: offline nothing else runs meanwhile). */
  waitMs?: number;
}

export interface SfnServer {
  endpoint: string;
  port: number;
  stateMachines: { ingest: string; report: string };
  stepFunctions: LocalStepFunctions;
  watcher: LandingWatcher;
  close(): Promise<void>;
}

/** Epoch seconds with milliseconds: how AWS JSON 1.0 carries a timestamp. */
const epoch = (iso: string | undefined) => (iso === undefined ? undefined : Date.parse(iso) / 1000);

function listItem(record: ExecutionRecord) {
  return {
    executionArn: record.executionArn,
    stateMachineArn: record.stateMachineArn,
    name: record.name,
    status: record.status,
    startDate: epoch(record.startDate),
    ...(record.stopDate ? { stopDate: epoch(record.stopDate) } : {}),
  };
}

/** DescribeExecution: ListExecutions' item plus input, output and the error. */
function describe(record: ExecutionRecord) {
  return {
    ...listItem(record),
    input: record.input,
    inputDetails: { included: true },
    ...(record.output === undefined ? {} : { output: record.output, outputDetails: { included: true } }),
    ...(record.error === undefined ? {} : { error: record.error }),
    ...(record.cause === undefined ? {} : { cause: record.cause }),
  };
}

/** nextToken is the offset into the (stable, newest-first) list, as text. */
function page<T>(items: T[], maxResults: unknown, nextToken: unknown): { items: T[]; nextToken?: string } {
  const size = typeof maxResults === 'number' && maxResults > 0 ? Math.min(maxResults, 1000) : 100;
  const from = typeof nextToken === 'string' && nextToken !== '' ? Number(nextToken) : 0;
  if (!Number.isInteger(from) || from < 0) throw new SfnApiError('InvalidToken', `Invalid Token: '${String(nextToken)}'`);
  const slice = items.slice(from, from + size);
  return from + size < items.length ? { items: slice, nextToken: String(from + size) } : { items: slice };
}

function requiredString(body: Record<string, unknown>, field: string): string {
  const value = body[field];
  if (typeof value !== 'string' || value === '') throw new SfnApiError('ValidationException', `1 validation error detected: '${field}' must not be null`);
  return value;
}

/**
 * Opens the offline environment the server runs on. With a PostgreSQL server that does not answer, the server
 * still starts: executions then fail in their first warehouse task with the connection error as cause, which is
 * what an operator sees in AWS when Redshift is down (and what the DAG tests force).
 */
async function openEnvironment(options: SfnServerOptions): Promise<LocalEnvironment> {
  const databaseUrl = options.databaseUrl ?? process.env.DATABASE_URL;
  try {
    return await openLocalEnvironment({ home: options.home, log: options.log, ...(databaseUrl ? { databaseUrl } : {}) });
  } catch (error) {
    if (!databaseUrl) throw error;
    options.log.warn('warehouse unreachable at start; executions will fail until it answers', { error: (error as Error).message });
    const objectStore = new FilesystemObjectStore(path.join(options.home, 's3'));
    const warehouse = new PostgresWarehouse({ objectStore, databaseUrl });
    return {
      home: options.home,
      objectStore,
      warehouse,
      warehouseLabel: `PostgreSQL ${databaseUrl.replace(/\/\/[^@]*@/, '//***@')} (unreachable at start)`,
      deps: { objectStore, warehouse, processedBucket: LOCAL_BUCKETS.processed, log: options.log, tmpDir: path.join(options.home, 'tmp') },
      close: () => warehouse.close(),
    };
  }
}

/**
 * `xecu sfn-server`: the Step Functions API (AWS JSON 1.0: POST /, X-Amz-Target: AWSStepFunctions.<Action>) on
 * 127.0.0.1 over the real ingest and report ASL, for Airflow's Step Functions operators and any AWS SDK. Holds the
 * home's PGlite lock while it runs.
 */
export async function startSfnServer(options: SfnServerOptions): Promise<SfnServer> {
  const home = path.resolve(options.home);
  const log = options.log;
  const env = await openEnvironment({ ...options, home });
  const stepFunctions = new LocalStepFunctions(home, localMachines(env), log, { ...(options.waitMs === undefined ? {} : { waitMs: options.waitMs }) });
  const watcher = new LandingWatcher(env.objectStore, new ServerExecutions(stepFunctions, home), OFFLINE_INGEST_ARN, log);

  const actions: Record<string, (body: Record<string, unknown>) => Promise<unknown> | unknown> = {
    StartExecution: async (body) => {
      const stateMachineArn = requiredString(body, 'stateMachineArn');
      const machine = stepFunctions.machine(stateMachineArn);
      // EventBridge is near real time in AWS: before a report, every finished upload has had its ingest started.
      if (machine.kind === 'report') await watcher.scan();
      const { record } = stepFunctions.start({
        stateMachineArn,
        ...(typeof body.name === 'string' ? { name: body.name } : {}),
        ...(typeof body.input === 'string' ? { input: body.input } : {}),
      });
      return { executionArn: record.executionArn, startDate: epoch(record.startDate) };
    },
    DescribeExecution: (body) => describe(stepFunctions.execution(requiredString(body, 'executionArn'))),
    ListExecutions: (body) => {
      const records = stepFunctions.list(requiredString(body, 'stateMachineArn'), typeof body.statusFilter === 'string' ? body.statusFilter : undefined);
      const { items, nextToken } = page(records, body.maxResults, body.nextToken);
      return { executions: items.map(listItem), ...(nextToken ? { nextToken } : {}) };
    },
    GetExecutionHistory: (body) => {
      const record = stepFunctions.execution(requiredString(body, 'executionArn'));
      const events = body.reverseOrder === true ? [...record.events].reverse() : record.events;
      const { items, nextToken } = page(events, body.maxResults, body.nextToken);
      const withDates = items.map((event) => ({ ...event, timestamp: epoch(event.timestamp) }));
      return { events: withDates, ...(nextToken ? { nextToken } : {}) };
    },
    StopExecution: (body) => {
      const record = stepFunctions.stop(
        requiredString(body, 'executionArn'),
        typeof body.error === 'string' ? body.error : undefined,
        typeof body.cause === 'string' ? body.cause : undefined,
      );
      return { stopDate: epoch(record.stopDate ?? new Date().toISOString()) };
    },
    DescribeStateMachine: (body) => {
      const machine = stepFunctions.machine(requiredString(body, 'stateMachineArn'));
      return {
        stateMachineArn: machine.arn,
        name: machine.name,
        status: 'ACTIVE',
        definition: JSON.stringify(machine.definition),
        roleArn: `arn:aws:iam::000000000000:role/${machine.name}`,
        type: 'STANDARD',
        creationDate: epoch(machine.createdAt.toISOString()),
      };
    },
    ListStateMachines: () => ({
      stateMachines: stepFunctions.machines.map((machine) => ({ stateMachineArn: machine.arn, name: machine.name, type: 'STANDARD', creationDate: epoch(machine.createdAt.toISOString()) })),
    }),
  };

  async function answer(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const requestId = randomUUID();
    const send = (status: number, payload: unknown) => {
      const text = JSON.stringify(payload);
      response.writeHead(status, { 'Content-Type': 'application/x-amz-json-1.0', 'Content-Length': Buffer.byteLength(text), 'x-amzn-RequestId': requestId });
      response.end(text);
    };
    const target = String(request.headers['x-amz-target'] ?? '');
    const action = target.startsWith('AWSStepFunctions.') ? target.slice('AWSStepFunctions.'.length) : '';
    try {
      if (request.method !== 'POST' || request.url !== '/') throw new SfnApiError('UnknownOperationException', `${request.method ?? ''} ${request.url ?? ''}: the Step Functions API is POST / with an X-Amz-Target header`, 404);
      const chunks: Buffer[] = [];
      for await (const chunk of request) chunks.push(chunk as Buffer);
      const text = Buffer.concat(chunks).toString('utf8');
      let body: Record<string, unknown>;
      try {
        body = text.trim() === '' ? {} : (JSON.parse(text) as Record<string, unknown>);
      } catch {
        throw new SfnApiError('SerializationException', 'the request body is not JSON');
      }
      const handler = Object.hasOwn(actions, action) ? actions[action] : undefined;
      if (!handler) throw new SfnApiError('UnknownOperationException', `xecu sfn-server does not implement '${target || '(no X-Amz-Target)'}'; it answers ${Object.keys(actions).join(', ')}`);
      const result = await handler(body);
      log.debug('request', { action, requestId });
      send(200, result);
    } catch (error) {
      if (error instanceof SfnApiError) {
        log.info('request refused', { action, code: error.code, message: error.message, requestId });
        send(error.httpStatus, { __type: error.code, message: error.message });
        return;
      }
      log.error('request failed', { action, error: (error as Error).message, requestId });
      send(500, { __type: 'InternalFailure', message: (error as Error).message });
    }
  }

  const server = createServer((request, response) => void answer(request, response));
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => resolve());
  }).catch(async (error: unknown) => {
    await env.close();
    throw error;
  });
  const port = (server.address() as AddressInfo).port;
  watcher.start(options.pollMs ?? 2000);
  log.info('sfn-server listening', { port, warehouse: env.warehouseLabel });
  return {
    endpoint: `http://127.0.0.1:${port}`,
    port,
    stateMachines: { ingest: OFFLINE_INGEST_ARN, report: OFFLINE_REPORT_ARN },
    stepFunctions,
    watcher,
    close: async () => {
      watcher.stop();
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
      await stepFunctions.close();
      await env.close();
    },
  };
}
