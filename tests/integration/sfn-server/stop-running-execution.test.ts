import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { silentLog } from '../../../shared/ports/log';
import type { LocalMachine } from '../../../local/sfn-server/local-machines';
import { LocalStepFunctions } from '../../../local/sfn-server/local-step-functions';

const ARN = 'arn:aws:states:ap-southeast-1:000000000000:stateMachine:two-steps';
let home: string;

beforeEach(() => {
  home = mkdtempSync(path.join(tmpdir(), 'xecu-sfn-stop-'));
});
afterEach(() => rmSync(home, { recursive: true, force: true }));

it('lets the running task finish after StopExecution but starts no further one, and files the execution as ABORTED', async () => {
  // Prepare: a two-task machine whose first task waits until the test lets it go.
  let release: () => void = () => undefined;
  const firstStarted = new Promise<void>((resolveStarted) => {
    machine.handlers.First = () =>
      new Promise((resolveTask) => {
        resolveStarted();
        release = () => resolveTask({ first: 'done' });
      });
  });
  const ran: string[] = [];
  machine.handlers.Second = async () => {
    ran.push('Second');
    return {};
  };
  const stepFunctions = new LocalStepFunctions(home, [machine], silentLog);
  const { record } = stepFunctions.start({ stateMachineArn: ARN, name: 'stop-me', input: '{}' });
  await firstStarted;

  // Act
  stepFunctions.stop(record.executionArn, 'Operator', 'stopped while First ran');
  release();
  await stepFunctions.idle();

  // Assess
  expect(ran).toEqual([]);
  const stopped = stepFunctions.execution(record.executionArn);
  expect(stopped).toMatchObject({ status: 'ABORTED', error: 'Operator', cause: 'stopped while First ran' });
  expect(stopped.events.at(-1)?.type).toBe('ExecutionAborted');
  // Filed: a server started later on this home lists it as it ended.
  const reopened = new LocalStepFunctions(home, [machine], silentLog);
  expect(reopened.list(ARN).map((execution) => [execution.name, execution.status])).toEqual([['stop-me', 'ABORTED']]);
});

const machine: LocalMachine = {
  arn: ARN,
  name: 'two-steps',
  kind: 'ingest',
  createdAt: new Date(),
  handlers: {},
  definition: {
    StartAt: 'First',
    States: {
      First: { Type: 'Task', Resource: 'arn:aws:lambda:ap-southeast-1:000000000000:function:first', Next: 'Second' },
      Second: { Type: 'Task', Resource: 'arn:aws:lambda:ap-southeast-1:000000000000:function:second', End: true },
    },
  },
};
