import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { substitute, type AslValue } from '../../../resources/state-machines/ingest.cjs';
import { definition, FUNCTION_LOGICAL_IDS, missingFunctions, readAsl, withoutMissingFunctions } from '../../../resources/state-machines/report.cjs';
import { loadReportDefinition } from '../../../local/runtime/report-definition';
import { REPORT_TASK_STATES, resolveOptionalTask } from '../../../shared/steps/report/report-tasks';

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

describe('report state machine definition (ASL)', () => {
  it('is valid Amazon States Language once the function ARN placeholders are filled in', () => {
    // Act
    const result = aslValidator(substitute(readAsl(), fakeArns));
    // Assess
    expect({ isValid: result.isValid, errors: result.errorsText('\n') }).toEqual({ isValid: true, errors: '' });
  });

  it('uses exactly the placeholders the AWS wiring and the offline task table know', () => {
    // Act
    const used = [...placeholdersIn(readAsl())].sort();
    // Assess
    expect(used).toEqual(Object.keys(FUNCTION_LOGICAL_IDS).sort());
    expect(used).toEqual([...new Set(Object.values(REPORT_TASK_STATES).map((state) => state.placeholder))].sort());
    expect(Object.keys(REPORT_TASK_STATES).sort()).toEqual(Object.entries(readAsl().States).filter(([, state]) => state.Type === 'Task').map(([name]) => name).sort());
  });

  it('bounds every loop: the wait for loads and the refresh poll end in a Choice with a poll limit', () => {
    // Prepare
    const states = readAsl().States as Record<string, { Choices?: { Variable?: string; NumericGreaterThanEquals?: number }[] }>;
    // Act
    const limits = ['LoadsSettled?', 'RefreshFinished?'].map((name) =>
      (states[name]?.Choices ?? []).filter((choice) => choice.Variable?.endsWith('.polls')).map((choice) => choice.NumericGreaterThanEquals),
    );
    // Assess
    expect(limits).toEqual([[60], [180]]);
  });

  it('deploys a step whose function is not in the checkout as a Pass state that says it is not available', () => {
    // Prepare: a project folder with only the export handler.
    const root = mkdtempSync(join(tmpdir(), 'xecu-report-def-'));
    mkdirSync(join(root, 'functions', 'export'), { recursive: true });
    writeFileSync(join(root, 'functions', 'export', 'handler.ts'), 'export const handler = 1;\n');
    try {
      // Act
      const deployed = definition(root) as { States: Record<string, Record<string, AslValue>> };
      const offline = withoutMissingFunctions(readAsl(), missingFunctions(root));
      // Assess
      expect(missingFunctions(root)).toEqual(['MatchFunctionArn', 'NotifyFunctionArn']);
      expect(deployed.States.Export?.Resource).toEqual({ 'Fn::GetAtt': ['ExportLambdaFunction', 'Arn'] });
      expect(deployed.States.Match).toMatchObject({
        Type: 'Pass',
        ResultPath: '$.matched',
        Next: 'Rematched?',
        Result: { available: false, task: 'match', reason: 'not available: functions/match/handler.ts is not deployed' },
      });
      expect(deployed.States.Notify).toMatchObject({ Type: 'Pass', ResultPath: '$.notify', Next: 'Reported' });
      expect(deployed.States.RefreshMarts?.Resource).toEqual({ 'Fn::GetAtt': ['RefreshDashmartsLambdaFunction', 'Arn'] });
      expect(aslValidator(substitute(offline as unknown as AslValue, fakeArns)).isValid).toBe(true);
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });

  it('loads offline with local ARNs and refuses a placeholder the tasks do not know', () => {
    // Prepare
    const dir = mkdtempSync(join(tmpdir(), 'xecu-report-asl-'));
    const file = join(dir, 'report.asl.json');
    writeFileSync(file, JSON.stringify({ StartAt: 'A', States: { A: { Type: 'Task', Resource: '${SurpriseFunctionArn}', End: true } } }));
    try {
      // Act
      const loaded = loadReportDefinition();
      // Assess
      expect((loaded.States.RefreshMarts as { Resource: string }).Resource).toBe('arn:aws:lambda:ap-southeast-1:000000000000:function:xecu-local-refresh-marts');
      expect(() => loadReportDefinition(file)).toThrow('unknown placeholder ${SurpriseFunctionArn}');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('optional report tasks (match, export, notify)', () => {
  let stepsDir: string;

  beforeEach(() => {
    stepsDir = mkdtempSync(join(tmpdir(), 'xecu-steps-'));
  });

  afterEach(() => rmSync(stepsDir, { recursive: true, force: true }));

  it('are not available while their folder has no index', () => {
    // Act
    const resolved = resolveOptionalTask('export', stepsDir);
    // Assess
    expect(resolved).toEqual({ available: false, task: 'export', reason: 'not available: shared/steps/export/index.ts does not exist yet' });
  });

  it('are not available when the index does not export the task function', () => {
    // Prepare
    mkdirSync(join(stepsDir, 'notify'));
    writeFileSync(join(stepsDir, 'notify', 'index.js'), 'exports.sendEmail = async () => 1;\n');
    // Act
    const resolved = resolveOptionalTask('notify', stepsDir);
    // Assess
    expect(resolved).toEqual({ available: false, task: 'notify', reason: 'not available: shared/steps/notify/index.ts exports no notifyTask' });
  });

  it('run the exported task function once it exists', async () => {
    // Prepare
    mkdirSync(join(stepsDir, 'match'));
    writeFileSync(join(stepsDir, 'match', 'index.js'), 'exports.matchTask = async (input) => ({ ran: true, input });\n');
    // Act
    const resolved = resolveOptionalTask('match', stepsDir);
    // Assess
    expect(typeof resolved).toBe('function');
    if (typeof resolved !== 'function') return;
    expect(await resolved({ mode: 'full' }, {} as never)).toEqual({ ran: true, input: { mode: 'full' } });
  });
});
