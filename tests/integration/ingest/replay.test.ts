import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { CreateBucketCommand, PutBucketVersioningCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { CreateStateMachineCommand, DescribeExecutionCommand, ListExecutionsCommand, SFNClient } from '@aws-sdk/client-sfn';
import { S3ObjectStore } from '../../../shared/adapters/s3/s3-object-store';
import { SfnExecutions } from '../../../shared/adapters/sfn/sfn-executions';
import { batchIdFor } from '../../../shared/steps/trigger';
import { ReplayError, replayOnAws, runReplayCommand } from '../../../local/cli/replay-command';
import { startMotoServer, type MotoServer } from '../../support/moto-server';

const run = promisify(execFile);
const XECU = path.resolve(__dirname, '../../../bin/xecu.mjs');

interface ReplaySummary {
  batches: { key: string; status: string; alreadyIngested: boolean; valid: number; loaded: number }[];
  totals: Record<string, number>;
}

async function xecu(home: string, args: string[]): Promise<{ stdout: string; stderr: string; code: number }> {
  try {
    const { stdout, stderr } = await run(process.execPath, [XECU, ...args], { env: { ...process.env, XECU_HOME: home, DATABASE_URL: '' }, cwd: home });
    return { stdout, stderr, code: 0 };
  } catch (error) {
    const failure = error as { stdout: string; stderr: string; code: number };
    return { stdout: failure.stdout, stderr: failure.stderr, code: failure.code };
  }
}

describe('xecu replay, offline', () => {
  let home: string;
  beforeAll(() => {
    home = mkdtempSync(path.join(tmpdir(), 'xecu-replay-'));
  });
  afterAll(() => rmSync(home, { recursive: true, force: true }));

  it('ingests an object whose event was missed, and a second replay starts nothing and changes nothing', async () => {
    // Prepare: an upload that landed in the offline raw bucket but never reached the trigger
    const folder = path.join(home, 's3', 'xecu-local-raw', 'customers');
    mkdirSync(folder, { recursive: true });
    const rows = [
      { CustomerId: 'RP1', NameCustomer: 'Nguyễn Văn Phúc', Phone: '0903111222', asset_num: 'REPLAYVIN1', modelType: 'Vios G' },
      { CustomerId: 'RP2', NameCustomer: 'Trần Thị Mai', Phone: '0903111333', asset_num: 'REPLAYVIN2', modelType: 'Fortuner' },
    ];
    writeFileSync(path.join(folder, 'missed export.ndjson'), rows.map((row) => JSON.stringify(row)).join('\n'));
    const replay = ['replay', '--bucket', 'xecu-local-raw', '--key', 'customers/missed export.ndjson', '--json'];
    // Act
    const first = await xecu(home, replay);
    const second = await xecu(home, replay);
    // Assess
    expect(first.code).toBe(0);
    const firstSummary = JSON.parse(first.stdout) as ReplaySummary;
    expect(firstSummary.batches).toEqual([expect.objectContaining({ key: 'customers/missed export.ndjson', status: 'loaded', alreadyIngested: false, valid: 2, loaded: 2 })]);
    expect(firstSummary.totals).toMatchObject({ customer_vehicles: 2, batches_loaded: 1 });
    expect(second.code).toBe(0);
    const secondSummary = JSON.parse(second.stdout) as ReplaySummary;
    expect(secondSummary.batches[0]).toMatchObject({ status: 'loaded', alreadyIngested: true });
    expect(secondSummary.totals).toEqual(firstSummary.totals);
  });

  it('says which object is missing instead of starting anything, and refuses a key outside the pipeline or no bucket', async () => {
    // Act + Assess (one at a time: the offline home is opened by one process at a time)
    await expect(runReplayCommand(['--home', home, '--bucket', 'xecu-local-raw', '--key', 'customers/never-uploaded.json'])).rejects.toThrow(
      new ReplayError(`no object xecu-local-raw/customers/never-uploaded.json in the offline store (${path.join(home, 's3', 'xecu-local-raw', 'customers', 'never-uploaded.json')})`),
    );
    await expect(runReplayCommand(['--home', home, '--bucket', 'xecu-local-raw', '--key', 'exports/report.xlsx'])).rejects.toThrow(
      'exports/report.xlsx: the trigger ingests only keys under customers/ or listings/',
    );
    await expect(runReplayCommand(['--home', home, '--key', 'customers/a.json'])).rejects.toMatchObject({
      name: 'UsageError',
      message: 'give --bucket <bucket> and --key <key> of the object to replay',
    });
  });
});

describe('xecu replay --aws (S3 and Step Functions on moto_server)', () => {
  let moto: MotoServer;
  beforeAll(async () => {
    moto = await startMotoServer();
  }, 60_000);
  afterAll(async () => moto?.stop());

  it("starts the ingest execution the trigger would have, named after the object version's batch id, exactly once", async () => {
    // Prepare: a versioned raw bucket holding an upload whose event was dead-lettered
    const s3 = new S3Client(moto.awsConfig);
    const sfn = new SFNClient(moto.awsConfig);
    const bucket = 'xecu-test-raw';
    await s3.send(new CreateBucketCommand({ Bucket: bucket, CreateBucketConfiguration: { LocationConstraint: 'ap-southeast-1' } }));
    await s3.send(new PutBucketVersioningCommand({ Bucket: bucket, VersioningConfiguration: { Status: 'Enabled' } }));
    const put = await s3.send(new PutObjectCommand({ Bucket: bucket, Key: 'customers/dead-lettered.json', Body: '{"results":[]}' }));
    const machine = await sfn.send(
      new CreateStateMachineCommand({
        name: 'xecu-test-ingest',
        roleArn: 'arn:aws:iam::123456789012:role/xecu-test-ingest',
        definition: JSON.stringify({ StartAt: 'Done', States: { Done: { Type: 'Succeed' } } }),
      }),
    );
    const deps = {
      objectStore: new S3ObjectStore(s3),
      executions: new SfnExecutions(sfn),
      stateMachineArn: machine.stateMachineArn as string,
    };
    const target = { bucket, key: 'customers/dead-lettered.json' };
    // Act
    const first = await replayOnAws(target, deps);
    const second = await replayOnAws({ ...target, versionId: put.VersionId as string }, deps);
    // Assess
    const batchId = batchIdFor({ bucket, key: target.key, versionId: put.VersionId as string });
    expect(first.started).toEqual([expect.objectContaining({ batchId, alreadyStarted: false })]);
    // Same name and input as the execution already there: Step Functions starts nothing new (same ARN).
    expect(second.started).toEqual([expect.objectContaining({ batchId, executionArn: first.started[0]?.executionArn })]);
    const executions = (await sfn.send(new ListExecutionsCommand({ stateMachineArn: deps.stateMachineArn }))).executions ?? [];
    expect(executions.map((execution) => execution.name)).toEqual([batchId]);
    const started = await sfn.send(new DescribeExecutionCommand({ executionArn: executions[0]?.executionArn }));
    expect(JSON.parse(started.input ?? '{}')).toMatchObject({ batchId, kind: 'customers', source: { bucket, key: target.key, versionId: put.VersionId } });
  });
});
