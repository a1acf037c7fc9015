import { mockClient } from 'aws-sdk-client-mock';
import type * as RedshiftData from '@aws-sdk/client-redshift-data';
import type { Context } from 'aws-lambda';

const context = {
  functionName: 'xecu-test-refresh-marts',
  functionVersion: '$LATEST',
  invokedFunctionArn: 'arn:aws:lambda:ap-southeast-1:123456789012:function:xecu-test-refresh-marts',
  memoryLimitInMB: '512',
  awsRequestId: 'req-1',
  getRemainingTimeInMillis: () => 60000,
} as unknown as Context;

type Handler = (event: unknown, context: Context) => Promise<Record<string, unknown>>;

describe('report Lambda handlers (Redshift Data API mocked: Redshift cannot run here)', () => {
  const saved = { ...process.env };

  beforeEach(() => {
    process.env.AWS_REGION = 'ap-southeast-1';
    process.env.POWERTOOLS_LOG_LEVEL = 'SILENT';
    process.env.REDSHIFT_DATABASE = 'xecu';
    process.env.REDSHIFT_WORKGROUP_NAME = 'xecu-test';
    process.env.REDSHIFT_COPY_ROLE_ARN = 'arn:aws:iam::123456789012:role/xecu-test-copy';
  });

  afterEach(() => {
    process.env = { ...saved };
    jest.resetModules();
  });

  it('fails at init with the name of a missing variable', () => {
    // Prepare
    delete process.env.REDSHIFT_DATABASE;
    // Act + Assess
    expect(() => jest.requireActual('../../../functions/refresh-marts/handler')).toThrow('environment variable REDSHIFT_DATABASE is not set');
    expect(() => jest.requireActual('../../../functions/wait-for-loads/handler')).toThrow('environment variable REDSHIFT_DATABASE is not set');
  });

  it('submits the whole refresh as one batch (one transaction), then, while it runs, makes one DescribeStatement a poll', async () => {
    // Prepare
    const { RedshiftDataClient, BatchExecuteStatementCommand, DescribeStatementCommand } = jest.requireActual('@aws-sdk/client-redshift-data') as typeof RedshiftData;
    const redshift = mockClient(RedshiftDataClient);
    redshift.on(BatchExecuteStatementCommand).resolves({ Id: 'stmt-1' });
    redshift.on(DescribeStatementCommand).resolves({ Id: 'stmt-1', Status: 'FINISHED' });
    const { handler } = jest.requireActual('../../../functions/refresh-marts/handler') as { handler: Handler };
    // Act
    const submitted = await handler({ removedAfterDays: 5 }, context);
    const checked = await handler({ removedAfterDays: 5, refresh: submitted }, context);
    // Assess: 7 models × (delete + insert), N rendered as a literal in the listing status model.
    const batch = redshift.commandCalls(BatchExecuteStatementCommand)[0]?.args[0].input;
    expect(batch?.Sqls).toHaveLength(14);
    expect(batch?.Sqls?.[0]).toMatch(/\ndelete from marts\.listing_price_history$/);
    expect(batch?.Sqls?.filter((sql) => sql.includes('cast(5 as integer)')).length).toBeGreaterThan(0);
    const code = (batch?.Sqls ?? []).map((sql) => sql.replace(/--[^\n]*/g, ''));
    expect(code.some((sql) => sql.includes(':removed_after_days'))).toBe(false);
    expect(submitted).toMatchObject({ statementId: 'stmt-1', state: 'SUBMITTED', polls: 0, attempt: 1, scope: 'all', removedAfterDays: 5 });
    expect(checked).toMatchObject({ statementId: 'stmt-1', state: 'FINISHED', polls: 1, error: null });
    redshift.restore();
  });
});
