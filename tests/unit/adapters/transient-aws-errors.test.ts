import { ExecuteStatementCommand, RedshiftDataClient } from '@aws-sdk/client-redshift-data';
import { PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { SFNClient, StartExecutionCommand } from '@aws-sdk/client-sfn';
import { mockClient } from 'aws-sdk-client-mock';
import { isTransientAwsError } from '../../../shared/adapters/aws/is-transient-aws-error';
import { RedshiftDataWarehouse } from '../../../shared/adapters/redshift-data/redshift-data-warehouse';
import { S3ObjectStore } from '../../../shared/adapters/s3/s3-object-store';
import { SfnExecutions } from '../../../shared/adapters/sfn/sfn-executions';
import { TransientError } from '../../../shared/ports/errors';

const s3 = mockClient(S3Client);
const redshift = mockClient(RedshiftDataClient);
const sfn = mockClient(SFNClient);
const REGION = 'ap-southeast-1';

/** Each AWS adapter doing one call that fails with `failure`. */
const ADAPTERS: Record<string, (failure: Error) => Promise<unknown>> = {
  s3: (failure) => {
    s3.on(PutObjectCommand).rejects(failure);
    return new S3ObjectStore(new S3Client({ region: REGION, maxAttempts: 1 })).putBytes({ bucket: 'xecu-raw', key: 'customers/a.json' }, 'x');
  },
  'redshift-data': (failure) => {
    redshift.on(ExecuteStatementCommand).rejects(failure);
    const warehouse = new RedshiftDataWarehouse({
      client: new RedshiftDataClient({ region: REGION, maxAttempts: 1 }),
      database: 'xecu',
      workgroupName: 'xecu-wg',
      copyIamRoleArn: 'arn:aws:iam::123456789012:role/xecu-redshift-copy',
      region: REGION,
    });
    return warehouse.submit([{ kind: 'sql', sql: 'select 1' }]);
  },
  sfn: (failure) => {
    sfn.on(StartExecutionCommand).rejects(failure);
    return new SfnExecutions(new SFNClient({ region: REGION, maxAttempts: 1 })).start({
      stateMachineArn: 'arn:aws:states:ap-southeast-1:123456789012:stateMachine:xecu-ingest',
      name: 'b_1',
      input: {},
    });
  },
};

function named(name: string, extra: Record<string, unknown> = {}): Error {
  return Object.assign(new Error(`${name} happened`), { name, $metadata: {} }, extra);
}

/** Failures that clear with time, in the shapes the SDK really throws them. */
const TRANSIENT: [string, () => Error][] = [
  ['throttling by name', () => named('ThrottlingException')],
  ['S3 SlowDown', () => named('SlowDown', { $metadata: { httpStatusCode: 503 } })],
  ['a bare 502', () => named('UnknownError', { $metadata: { httpStatusCode: 502 } })],
  ['a reset socket under the SDK error', () => named('Error', { cause: Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' }) })],
  ['a socket error the SDK wrapped from another realm', () => new Error('AWS SDK error wrapper for Error: connect ETIMEDOUT 10.0.0.1:443')],
  ['Redshift Data API too many statements', () => named('ActiveStatementsExceededException')],
  ['Step Functions too many executions', () => named('ExecutionLimitExceeded')],
];

beforeEach(() => {
  s3.reset();
  redshift.reset();
  sfn.reset();
});

describe('one transient-error classifier for every AWS adapter', () => {
  const cases = Object.keys(ADAPTERS).flatMap((adapter) => TRANSIENT.map(([label, make]) => [adapter, label, make] as const));

  it.each(cases)('%s maps %s to TransientError', async (adapter, _label, make) => {
    // Prepare
    const failure = make();
    // Act
    const outcome = (ADAPTERS[adapter] as (failure: Error) => Promise<unknown>)(failure);
    // Assess
    await expect(outcome).rejects.toBeInstanceOf(TransientError);
  });

  it.each(Object.keys(ADAPTERS))('%s does not retry a request AWS refused for good (AccessDenied, validation)', async (adapter) => {
    // Prepare
    const denied = named('AccessDeniedException', { $metadata: { httpStatusCode: 403 } });
    // Act
    const outcome = (ADAPTERS[adapter] as (failure: Error) => Promise<unknown>)(denied);
    // Assess
    await expect(outcome).rejects.not.toBeInstanceOf(TransientError);
  });

  it('looks through at most a few causes, so a cyclic cause cannot loop', () => {
    // Prepare
    const cyclic: { name: string; cause?: unknown } = { name: 'Error' };
    cyclic.cause = cyclic;
    // Act + Assess
    expect(isTransientAwsError(cyclic)).toBe(false);
  });
});
