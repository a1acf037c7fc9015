import { readFileSync } from 'node:fs';
import path from 'node:path';
import { ExecutionError, StateMachine, type StateMachineDefinition } from 'aws-local-stepfunctions';
import { REPORT_TASK_STATES, reportTasks, type ReportDependencies, type ReportTaskName } from '../../shared/steps/report/report-tasks';
import { localFunctionArn } from './ingest-definition';
import type { ExecutionOutcome } from './local-state-machine';

export const REPORT_ASL_PATH = path.resolve(__dirname, '../../resources/state-machines/report.asl.json');
export const LOCAL_REPORT_STATE_MACHINE_ARN = 'arn:aws:states:ap-southeast-1:000000000000:stateMachine:xecu-local-report';

/**
 * The report ASL file — the same one serverless.yml deploys — with its `${…FunctionArn}` placeholders filled with
 * local ARNs. Fails on a placeholder the report tasks do not know, so the two cannot drift apart.
 */
export function loadReportDefinition(file = REPORT_ASL_PATH): StateMachineDefinition {
  const known = new Set(Object.values(REPORT_TASK_STATES).map((state) => state.placeholder));
  const text = readFileSync(file, 'utf8').replace(/\$\{([A-Za-z]+)\}/g, (_match, placeholder: string) => {
    if (!known.has(placeholder)) throw new Error(`${file}: unknown placeholder \${${placeholder}}`);
    return localFunctionArn(placeholder);
  });
  return JSON.parse(text) as StateMachineDefinition;
}

type JsonValue = Parameters<StateMachine['run']>[0];

export interface LocalReportRunOptions {
  /** Replace a task's function, e.g. to inject a failure or stand in for a step in a test. */
  taskOverrides?: Partial<Record<ReportTaskName, (input: unknown) => Promise<unknown>>>;
  /** Milliseconds every Wait state waits offline (default 0). */
  waitMs?: number;
  /** Milliseconds between retries offline (default 10). */
  retryMs?: number;
  definition?: StateMachineDefinition;
}

/**
 * Runs the report state machine with aws-local-stepfunctions: the real ASL (bounded wait loop, refresh poll loop,
 * Retry, Catch, Choice), each Task state calling the same task function its Lambda calls. Match, Export and Notify
 * run when their step exists in shared/steps (see report-tasks.ts), else return `{ available: false, … }`.
 */
export async function runReportLocally(input: unknown, deps: ReportDependencies, options: LocalReportRunOptions = {}): Promise<ExecutionOutcome> {
  const definition = options.definition ?? loadReportDefinition();
  const machine = new StateMachine(definition, { validationOptions: { checkArn: true, checkPaths: true } });
  const handlers: Record<string, (input: JsonValue) => Promise<JsonValue>> = {};
  const waits: Record<string, number> = {};
  const retries: Record<string, number> = {};
  for (const [stateName, { task }] of Object.entries(REPORT_TASK_STATES)) {
    const override = options.taskOverrides?.[task];
    handlers[stateName] = async (taskInput) => (override ? await override(taskInput) : await reportTasks[task](taskInput, deps)) as JsonValue;
    retries[stateName] = options.retryMs ?? 10;
  }
  for (const [stateName, state] of Object.entries(definition.States)) {
    if (state.Type === 'Wait') waits[stateName] = options.waitMs ?? 0;
  }
  const execution = machine.run(input as JsonValue, {
    overrides: { taskResourceLocalHandlers: handlers, waitTimeOverrides: waits, retryIntervalOverrides: retries },
  });
  const trail: string[] = [];
  const collecting = (async () => {
    for await (const event of execution.eventLogs) {
      if (event.type === 'StateEntered') trail.push(event.state.name);
      else if (event.type === 'StateRetried') trail.push(`${event.state.name}:retry`);
      else if (event.type === 'StateCaught') trail.push(`${event.state.name}:caught`);
    }
  })();
  try {
    const output = await execution.result;
    await collecting;
    return { status: 'SUCCEEDED', output, trail };
  } catch (error) {
    await collecting.catch(() => undefined);
    if (error instanceof ExecutionError) {
      const cause = error.cause as { name?: string; message?: string } | undefined;
      return { status: 'FAILED', output: null, error: { name: cause?.name ?? error.name, cause: cause?.message ?? error.message }, trail };
    }
    throw error;
  }
}
