import { mockClient } from 'aws-sdk-client-mock';
import type * as Sfn from '@aws-sdk/client-sfn';
import type { Context } from 'aws-lambda';

const context = {
  functionName: 'xecu-test-trigger',
  functionVersion: '$LATEST',
  invokedFunctionArn: 'arn:aws:lambda:ap-southeast-1:123456789012:function:xecu-test-trigger',
  memoryLimitInMB: '256',
  awsRequestId: 'req-1',
  getRemainingTimeInMillis: () => 30000,
} as unknown as Context;

const ARN = 'arn:aws:states:ap-southeast-1:123456789012:stateMachine:xecu-test-ingest';

describe('Lambda handlers', () => {
  const saved = { ...process.env };
  afterEach(() => {
    process.env = { ...saved };
    jest.resetModules();
  });

  it('fails at init with the name of a missing variable', () => {
    delete process.env.INGEST_STATE_MACHINE_ARN;
    process.env.AWS_REGION = 'ap-southeast-1';
    expect(() => jest.requireActual('../../../functions/trigger/handler')).toThrow('environment variable INGEST_STATE_MACHINE_ARN is not set');
    delete process.env.PROCESSED_BUCKET;
    process.env.REDSHIFT_DATABASE = 'dev';
    expect(() => jest.requireActual('../../../functions/clean/handler')).toThrow(/environment variable (PROCESSED_BUCKET|REDSHIFT_COPY_ROLE_ARN) is not set/);
  });

  it('trigger starts the ingest execution named after the batch, and a re-delivery is not an error', async () => {
    process.env.INGEST_STATE_MACHINE_ARN = ARN;
    process.env.AWS_REGION = 'ap-southeast-1';
    process.env.POWERTOOLS_LOG_LEVEL = 'SILENT';
    // Modules are reset between tests: mock the SDK module instance the handler will load.
    const { SFNClient, StartExecutionCommand, ExecutionAlreadyExists } = jest.requireActual('@aws-sdk/client-sfn') as typeof Sfn;
    const sfn = mockClient(SFNClient);
    sfn.on(StartExecutionCommand).resolvesOnce({ executionArn: `${ARN}:x`, startDate: new Date() }).rejectsOnce(new ExecutionAlreadyExists({ message: 'exists', $metadata: {} }));
    const { handler } = jest.requireActual('../../../functions/trigger/handler') as { handler: (event: unknown, context: Context) => Promise<{ started: { batchId: string; alreadyStarted: boolean }[] }> };
    const event = { Records: [{ eventName: 'ObjectCreated:Put', s3: { bucket: { name: 'xecu-dev-raw' }, object: { key: 'customers/a.json', eTag: 'e1', size: 3 } } }] };
    const first = await handler(event, context);
    const second = await handler(event, context);
    expect(first.started[0]?.alreadyStarted).toBe(false);
    expect(second.started[0]).toMatchObject({ batchId: first.started[0]?.batchId, alreadyStarted: true });
    const call = sfn.commandCalls(StartExecutionCommand)[0]?.args[0].input;
    expect(call).toMatchObject({ stateMachineArn: ARN, name: first.started[0]?.batchId });
    expect(JSON.parse(call?.input ?? '{}')).toMatchObject({ kind: 'customers', source: { bucket: 'xecu-dev-raw', key: 'customers/a.json' } });
    sfn.restore();
  });

  it('trigger rejects an event that is not an S3 ObjectCreated notification', async () => {
    process.env.INGEST_STATE_MACHINE_ARN = ARN;
    process.env.AWS_REGION = 'ap-southeast-1';
    process.env.POWERTOOLS_LOG_LEVEL = 'SILENT';
    const { handler } = jest.requireActual('../../../functions/trigger/handler') as { handler: (event: unknown, context: Context) => Promise<unknown> };
    await expect(handler({ hello: 'world' }, context)).rejects.toThrow();
  });
});
