import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { StateMachineDefinition } from 'aws-local-stepfunctions';
import { REPORT_TASK_STATES, reportTasks, type ReportDependencies, type ReportTaskName } from '../../shared/steps/report/report-tasks';
import { localFunctionArn } from './ingest-definition';
import { runDefinitionLocally, type ExecutionOutcome, type LocalTaskHandler } from './local-state-machine';

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
  const handlers: Record<string, LocalTaskHandler> = {};
  for (const [stateName, { task }] of Object.entries(REPORT_TASK_STATES)) {
    const override = options.taskOverrides?.[task];
    handlers[stateName] = (taskInput) => (override ? override(taskInput) : reportTasks[task](taskInput, deps));
  }
  return runDefinitionLocally(options.definition ?? loadReportDefinition(), handlers, input, options);
}
