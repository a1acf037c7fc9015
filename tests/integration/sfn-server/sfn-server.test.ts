import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import {
  DescribeExecutionCommand,
  GetExecutionHistoryCommand,
  ListExecutionsCommand,
  ListStateMachinesCommand,
  SFNClient,
  StartExecutionCommand,
  StopExecutionCommand,
  type DescribeExecutionCommandOutput,
} from '@aws-sdk/client-sfn';
import { FilesystemObjectStore } from '../../../shared/adapters/filesystem/filesystem-object-store';
import { silentLog } from '../../../shared/ports/log';
import { batchIdFor } from '../../../shared/steps/trigger';
import { LOCAL_BUCKETS } from '../../../local/runtime/local-environment';
import { startSfnServer, type SfnServer } from '../../../local/sfn-server/sfn-server';

let home: string;
let server: SfnServer;
let client: SFNClient;

/** Polls DescribeExecution as Airflow's sensor does, until the execution is no longer RUNNING. */
async function finished(executionArn: string): Promise<DescribeExecutionCommandOutput> {
  for (;;) {
    const described = await client.send(new DescribeExecutionCommand({ executionArn }));
    if (described.status !== 'RUNNING') return described;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

function listingLine(id: string): string {
  return JSON.stringify({
    source: 'chotot',
    listing_id: id,
    url: `https://xe.chotot.com/mua-ban-oto/${id}.htm`,
    title: 'Toyota Vios 1.5G 2019',
    make: 'Toyota',
    model: 'Vios',
    variant: '1.5G',
    year: 2019,
    mileage_km: 52000,
    price_vnd: 420_000_000,
    price_text: '420.000.000 đ',
    negotiable: false,
    seller_name: 'Trần Thị B',
    seller_phone: null,
    seller_type: 'private',
    province: 'Hà Nội',
    district: 'Quận Cầu Giấy',
    posted_at: '2026-12-01T08:00:00.000Z',
    scraped_at: '2026-12-05T01:00:00.000Z',
  });
}

beforeAll(async () => {
  home = mkdtempSync(path.join(tmpdir(), 'xecu-sfn-server-'));
  // A long poll: the tests below decide when the landing bucket is scanned (a report start scans it).
  server = await startSfnServer({ home, port: 0, log: silentLog, pollMs: 600_000 });
  client = new SFNClient({ endpoint: server.endpoint, region: 'ap-southeast-1', credentials: { accessKeyId: 'offline', secretAccessKey: 'offline' } });
});

afterAll(async () => {
  client?.destroy();
  await server?.close();
  rmSync(home, { recursive: true, force: true });
});

it('runs the report ASL through StartExecution and answers DescribeExecution, ListExecutions and GetExecutionHistory as AWS does', async () => {
  const started = await client.send(
    new StartExecutionCommand({ stateMachineArn: server.stateMachines.report, name: 'daily-2026-12-05', input: JSON.stringify({ reportDate: '2026-12-05' }) }),
  );
  expect(started.executionArn).toBe('arn:aws:states:ap-southeast-1:000000000000:execution:xecu-offline-report:daily-2026-12-05');
  expect(started.startDate).toBeInstanceOf(Date);

  const described = await finished(started.executionArn ?? '');
  expect(described.status).toBe('SUCCEEDED');
  const output = JSON.parse(described.output ?? 'null') as { reportDate: string; export: { workbook: { key: string } } };
  expect(output.export.workbook.key).toBe('reports/sales/2026-12-05/sales-2026-12-05.xlsx');
  expect(described.stopDate?.getTime()).toBeGreaterThanOrEqual(described.startDate?.getTime() ?? Infinity);

  const listed = await client.send(new ListExecutionsCommand({ stateMachineArn: server.stateMachines.report }));
  expect(listed.executions?.map((execution) => [execution.name, execution.status])).toContainEqual(['daily-2026-12-05', 'SUCCEEDED']);

  const history = await client.send(new GetExecutionHistoryCommand({ executionArn: started.executionArn }));
  const types = history.events?.map((event) => event.type) ?? [];
  expect(types[0]).toBe('ExecutionStarted');
  expect(types.at(-1)).toBe('ExecutionSucceeded');
  const entered = history.events?.filter((event) => event.type === 'TaskStateEntered').map((event) => event.stateEnteredEventDetails?.name);
  expect(entered).toEqual(['WaitForPendingLoads', 'RefreshMarts', 'Export', 'Notify']);
});

it('starts ingest for an upload in the landing bucket through the trigger, named by the batch id, before a report that follows it', async () => {
  const store = new FilesystemObjectStore(path.join(home, 's3'));
  const key = 'listings/source=chotot/dt=2026-12-05/run-1.ndjson.gz';
  await store.putBytes({ bucket: LOCAL_BUCKETS.landing, key }, gzipSync(`${listingLine('900001')}\n${listingLine('900002')}\n`));
  const head = await store.head({ bucket: LOCAL_BUCKETS.landing, key });

  const report = await client.send(new StartExecutionCommand({ stateMachineArn: server.stateMachines.report, name: 'after-upload', input: '{}' }));
  await finished(report.executionArn ?? '');

  const ingests = await client.send(new ListExecutionsCommand({ stateMachineArn: server.stateMachines.ingest }));
  const batchId = batchIdFor({ bucket: LOCAL_BUCKETS.landing, key, ...(head?.etag ? { etag: head.etag } : {}) });
  const ingest = ingests.executions?.find((execution) => execution.name === batchId);
  expect(ingest?.status).toBe('SUCCEEDED');
  // Queued ahead of the report, so it finished before the report started its wait for loads.
  const reportDescribed = await client.send(new DescribeExecutionCommand({ executionArn: report.executionArn }));
  expect(ingest?.stopDate?.getTime()).toBeLessThanOrEqual(reportDescribed.stopDate?.getTime() ?? 0);
  const ingestOutput = JSON.parse((await client.send(new DescribeExecutionCommand({ executionArn: ingest?.executionArn }))).output ?? '{}') as { load?: { loaded?: number } };
  expect(ingestOutput.load?.loaded).toBe(2);

  // The same object again is the same batch: nothing new starts.
  expect(await server.watcher.scan()).toBe(0);
});

it('answers the errors AWS answers: unknown action, unknown execution, a reused name, a bad ARN', async () => {
  const unknown = await fetch(`${server.endpoint}/`, {
    method: 'POST',
    headers: { 'X-Amz-Target': 'AWSStepFunctions.CreateActivity', 'Content-Type': 'application/x-amz-json-1.0' },
    body: '{}',
  });
  expect(unknown.status).toBe(400);
  expect(await unknown.json()).toMatchObject({ __type: 'UnknownOperationException' });

  await expect(
    client.send(new DescribeExecutionCommand({ executionArn: 'arn:aws:states:ap-southeast-1:000000000000:execution:xecu-offline-report:never' })),
  ).rejects.toMatchObject({ name: 'ExecutionDoesNotExist' });
  await expect(client.send(new DescribeExecutionCommand({ executionArn: 'not-an-arn' }))).rejects.toMatchObject({ name: 'InvalidArn' });
  await expect(
    client.send(new StartExecutionCommand({ stateMachineArn: server.stateMachines.report, name: 'daily-2026-12-05', input: '{"reportDate":"2026-12-06"}' })),
  ).rejects.toMatchObject({ name: 'ExecutionAlreadyExists' });
  await expect(
    client.send(new StartExecutionCommand({ stateMachineArn: server.stateMachines.report.replace('report', 'nope'), input: '{}' })),
  ).rejects.toMatchObject({ name: 'StateMachineDoesNotExist' });
  await expect(client.send(new StartExecutionCommand({ stateMachineArn: server.stateMachines.report, input: '{not json' }))).rejects.toMatchObject({
    name: 'InvalidExecutionInput',
  });
});

it('fails an execution with the error and cause its state machine ends with, and aborts a queued one on StopExecution', async () => {
  // A report date the input schema refuses: WaitForPendingLoads throws, the ASL catches it into ReportFailed.
  const bad = await client.send(new StartExecutionCommand({ stateMachineArn: server.stateMachines.report, name: 'bad-date', input: '{"reportDate":"5 Dec"}' }));
  const queued = await client.send(new StartExecutionCommand({ stateMachineArn: server.stateMachines.report, name: 'to-stop', input: '{}' }));
  await client.send(new StopExecutionCommand({ executionArn: queued.executionArn, error: 'Operator', cause: 'not needed today' }));

  const failed = await finished(bad.executionArn ?? '');
  expect(failed.status).toBe('FAILED');
  expect(failed.error).toBeTruthy();
  expect(failed.cause).toMatch(/reportDate|Invalid/);
  const stopped = await finished(queued.executionArn ?? '');
  expect(stopped).toMatchObject({ status: 'ABORTED', error: 'Operator', cause: 'not needed today' });
  const history = await client.send(new GetExecutionHistoryCommand({ executionArn: queued.executionArn, reverseOrder: true }));
  expect(history.events?.[0]?.type).toBe('ExecutionAborted');
  expect((await client.send(new ListStateMachinesCommand({}))).stateMachines?.map((machine) => machine.name)).toEqual(['xecu-offline-ingest', 'xecu-offline-report']);
});
