import { ExecutionAlreadyExists, ExecutionLimitExceeded, InvalidArn, SFNClient, SFNServiceException, StartExecutionCommand } from '@aws-sdk/client-sfn';
import { mockClient } from 'aws-sdk-client-mock';
import { SfnExecutions, executionArnFor } from '../../../shared/adapters/sfn/sfn-executions';
import { TransientError } from '../../../shared/ports/errors';

const machineArn = 'arn:aws:states:ap-southeast-1:123456789012:stateMachine:xecu-ingest';
const sfn = mockClient(SFNClient);

beforeEach(() => {
  sfn.reset();
});

describe('SfnExecutions', () => {
  it('starts an execution with the given name and the input as JSON', async () => {
    // Prepare
    const startedArn = `${machineArn.replace(':stateMachine:', ':execution:')}:b_0123`;
    sfn.on(StartExecutionCommand).resolves({ executionArn: startedArn, startDate: new Date() });
    const executions = new SfnExecutions(new SFNClient({ region: 'ap-southeast-1' }));
    // Act
    const result = await executions.start({ stateMachineArn: machineArn, name: 'b_0123', input: { kind: 'listings', n: 1 } });
    // Assess
    expect(result).toEqual({ executionArn: startedArn, alreadyStarted: false });
    const sent = sfn.commandCalls(StartExecutionCommand);
    expect(sent).toHaveLength(1);
    expect(sent[0]?.args[0].input).toEqual({ stateMachineArn: machineArn, name: 'b_0123', input: '{"kind":"listings","n":1}' });
  });

  it('treats an existing execution of the same name as started, with its derived ARN', async () => {
    // Prepare
    sfn.on(StartExecutionCommand).rejects(new ExecutionAlreadyExists({ message: 'Execution Already Exists', $metadata: {} }));
    const executions = new SfnExecutions(new SFNClient({ region: 'ap-southeast-1' }));
    // Act
    const result = await executions.start({ stateMachineArn: machineArn, name: 'b_0123', input: {} });
    // Assess
    expect(result).toEqual({
      executionArn: 'arn:aws:states:ap-southeast-1:123456789012:execution:xecu-ingest:b_0123',
      alreadyStarted: true,
    });
  });

  it.each([
    ['throttling', new SFNServiceException({ name: 'ThrottlingException', $fault: 'client', $metadata: { httpStatusCode: 400 }, message: 'Rate exceeded' })],
    ['a 5xx answer', new SFNServiceException({ name: 'InternalError', $fault: 'server', $metadata: { httpStatusCode: 500 }, message: 'oops' })],
    ['too many running executions', new ExecutionLimitExceeded({ message: 'limit', $metadata: {} })],
    ['a reset connection', Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' })],
  ])('raises TransientError for %s, keeping the cause', async (_case, failure) => {
    // Prepare
    sfn.on(StartExecutionCommand).rejects(failure);
    const executions = new SfnExecutions(new SFNClient({ region: 'ap-southeast-1', maxAttempts: 1 }));
    // Act
    const start = executions.start({ stateMachineArn: machineArn, name: 'b_0123', input: {} });
    // Assess
    await expect(start).rejects.toBeInstanceOf(TransientError);
    await expect(start).rejects.toMatchObject({ name: 'TransientError', cause: failure });
  });

  it('lets a request error through unchanged, so it is not retried', async () => {
    // Prepare
    const failure = new InvalidArn({ message: 'Invalid Arn', $metadata: { httpStatusCode: 400 } });
    sfn.on(StartExecutionCommand).rejects(failure);
    const executions = new SfnExecutions(new SFNClient({ region: 'ap-southeast-1' }));
    // Act
    const start = executions.start({ stateMachineArn: 'arn:aws:states:ap-southeast-1:123456789012:stateMachine:x', name: 'n', input: {} });
    // Assess
    await expect(start).rejects.toBe(failure);
  });
});

describe('executionArnFor', () => {
  it.each([
    [machineArn, 'arn:aws:states:ap-southeast-1:123456789012:execution:xecu-ingest:run-1'],
    [`${machineArn}:7`, 'arn:aws:states:ap-southeast-1:123456789012:execution:xecu-ingest:run-1'],
    [`${machineArn}:prod`, 'arn:aws:states:ap-southeast-1:123456789012:execution:xecu-ingest:run-1'],
    ['arn:aws-us-gov:states:us-gov-west-1:123456789012:stateMachine:m', 'arn:aws-us-gov:states:us-gov-west-1:123456789012:execution:m:run-1'],
  ])('derives the execution ARN of %s', (stateMachineArn, expected) => {
    // Act
    const derived = executionArnFor(stateMachineArn, 'run-1');
    // Assess
    expect(derived).toBe(expected);
  });

  it('refuses an ARN that is not a state machine', () => {
    // Act
    const derive = (): string => executionArnFor('arn:aws:lambda:ap-southeast-1:123456789012:function:trigger', 'run-1');
    // Assess
    expect(derive).toThrow('not a state machine ARN');
  });
});
