import { FUNCTION_LOGICAL_IDS, readAsl, substitute, type AslValue } from '../../resources/state-machines/ingest.cjs';

interface AslValidation {
  isValid: boolean;
  errorsText(separator?: string): string;
}
// asl-validator ships no types; its CommonJS export is the validate function.
const aslValidator = require('asl-validator') as (definition: unknown) => AslValidation;

const fakeArns = Object.fromEntries(
  Object.keys(FUNCTION_LOGICAL_IDS).map((name) => [name, `arn:aws:lambda:ap-southeast-1:123456789012:function:xecu-test-${name}`]),
);

function placeholdersIn(node: AslValue, found = new Set<string>()): Set<string> {
  if (typeof node === 'string') for (const match of node.matchAll(/^\$\{([A-Za-z0-9]+)\}$/g)) found.add(match[1] as string);
  else if (Array.isArray(node)) node.forEach((item) => placeholdersIn(item, found));
  else if (node !== null && typeof node === 'object') Object.values(node).forEach((value) => placeholdersIn(value, found));
  return found;
}

describe('ingest state machine definition (ASL)', () => {
  it('is valid Amazon States Language once the function ARN placeholders are filled in', () => {
    // Prepare
    const definition = substitute(readAsl(), fakeArns);
    // Act
    const result = aslValidator(definition);
    // Assess
    expect({ isValid: result.isValid, errors: result.errorsText('\n') }).toEqual({ isValid: true, errors: '' });
  });

  it('uses exactly the placeholders the AWS wiring knows how to fill', () => {
    // Prepare
    const asl = readAsl();
    // Act
    const used = [...placeholdersIn(asl)].sort();
    // Assess
    expect(used).toEqual(Object.keys(FUNCTION_LOGICAL_IDS).sort());
  });

  it('is rejected by the validator when a state points at a state that does not exist', () => {
    // Prepare: proves the validation above can fail
    const broken = substitute(readAsl(), fakeArns) as { States: Record<string, Record<string, AslValue>> };
    (broken.States.Clean as Record<string, AslValue>).Next = 'NoSuchState';
    // Act
    const result = aslValidator(broken);
    // Assess
    expect(result.isValid).toBe(false);
  });

  it('retries a Lambda timeout only where repeating the task is safe: CheckLoad and WriteManifest, never Load or Clean', () => {
    // Prepare: a DescribeStatement poll may be repeated and WriteManifest upserts; a repeated Load would load twice.
    const states = readAsl() as { States: Record<string, { Retry?: { ErrorEquals: string[] }[] }> };
    const retried = (state: string) => (states.States[state]?.Retry ?? []).flatMap((retrier) => retrier.ErrorEquals);
    const timeouts = ['Sandbox.Timedout', 'States.Timeout'];
    // Act
    const byState = Object.fromEntries(['CheckLoad', 'WriteManifest', 'Load', 'Clean'].map((state) => [state, timeouts.filter((e) => retried(state).includes(e))]));
    // Assess
    expect(byState).toEqual({ CheckLoad: ['Sandbox.Timedout', 'States.Timeout'], WriteManifest: ['Sandbox.Timedout'], Load: [], Clean: [] });
    expect(retried('Load')).not.toContain('States.ALL');
    expect(retried('Load')).not.toContain('States.TaskFailed');
  });

  it('ends failed with the original error even when MarkFailed itself keeps failing: its own Retry, then a Catch to a Fail state', () => {
    // Prepare
    const states = readAsl() as { States: Record<string, Record<string, AslValue>> };
    const markFailed = states.States.MarkFailed as { Retry: { ErrorEquals: string[] }[]; Catch: { ErrorEquals: string[]; Next: string }[] };
    // Act: follow the Catch to the end of the chain
    const chain: Record<string, AslValue>[] = [];
    let next: string | undefined = markFailed.Catch[0]?.Next;
    while (next) {
      const state = states.States[next] as Record<string, AslValue>;
      chain.push(state);
      next = typeof state.Next === 'string' ? state.Next : undefined;
    }
    // Assess
    expect(markFailed.Retry.flatMap((retrier) => retrier.ErrorEquals)).toContain('States.ALL');
    expect(markFailed.Catch.map((c) => c.ErrorEquals)).toEqual([['States.ALL']]);
    expect(chain.at(-1)).toMatchObject({ Type: 'Fail', ErrorPath: '$.error.Error', CausePath: '$.unrecorded.cause' });
  });

  it('counts the run budget from STARTED and the queue budget apart, and cancels before marking failed', () => {
    // Prepare
    const states = readAsl() as { States: Record<string, { Choices?: { Variable?: string; NumericGreaterThanEquals?: number; Next: string }[]; Next?: string }> };
    // Act
    const budgets = (states.States['LoadFinished?']?.Choices ?? []).filter((choice) => choice.NumericGreaterThanEquals !== undefined);
    // Assess
    expect(budgets.map((b) => [b.Variable, b.NumericGreaterThanEquals, b.Next])).toEqual([
      ['$.load.runningPolls', 360, 'LoadTimedOut'],
      ['$.load.queuedPolls', 180, 'LoadNeverStarted'],
    ]);
    expect([states.States.LoadTimedOut?.Next, states.States.LoadNeverStarted?.Next]).toEqual(['MarkFailed', 'MarkFailed']);
  });

  it('refuses a placeholder it has no substitution for, naming it', () => {
    // Prepare
    const asl = { StartAt: 'A', States: { A: { Type: 'Task', Resource: '${UnknownFunctionArn}', End: true } } };
    // Act
    const act = () => substitute(asl, fakeArns);
    // Assess
    expect(act).toThrow('UnknownFunctionArn');
  });
});
