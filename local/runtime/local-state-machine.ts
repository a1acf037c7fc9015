import { ExecutionError, StateMachine, type StateMachineDefinition } from 'aws-local-stepfunctions';
import type { IngestDependencies, IngestTaskName } from '../../shared/steps/tasks';
import { INGEST_TASK_STATES, ingestTasks } from '../../shared/steps/tasks';
import { loadIngestDefinition } from './ingest-definition';

export interface ExecutionOutcome {
  status: 'SUCCEEDED' | 'FAILED';
  output: unknown;
  error?: { name: string; cause: string };
  /** State names in the order they were entered, with retries and catches — what the AWS console's graph shows. */
  trail: string[];
}

type JsonValue = Parameters<StateMachine['run']>[0];

export interface LocalRunOptions {
  /** Replace a task's function, e.g. to inject a failure in a test. */
  taskOverrides?: Partial<Record<IngestTaskName, (input: unknown) => Promise<unknown>>>;
  /** Milliseconds every Wait state waits offline (default 0). */
  waitMs?: number;
  /** Milliseconds between retries offline (default 10). */
  retryMs?: number;
  definition?: StateMachineDefinition;
}

/** A Task state's local stand-in for its Lambda. */
export type LocalTaskHandler = (input: unknown) => Promise<unknown>;

export interface LocalDefinitionRunOptions {
  /** Milliseconds every Wait state waits offline (default 0). */
  waitMs?: number;
  /** Milliseconds between retries offline (default 10). */
  retryMs?: number;
}

/**
 * Runs one ASL definition with aws-local-stepfunctions — its real Retry, Catch, Choice and Wait loops — each Task
 * state calling its local handler, and reports the outcome with the trail of states entered. Shared by the ingest
 * and report runners.
 */
export async function runDefinitionLocally(
  definition: StateMachineDefinition,
  taskHandlers: Readonly<Record<string, LocalTaskHandler>>,
  input: unknown,
  options: LocalDefinitionRunOptions = {},
): Promise<ExecutionOutcome> {
  const machine = new StateMachine(definition, { validationOptions: { checkArn: true, checkPaths: true } });
  const handlers: Record<string, (input: JsonValue) => Promise<JsonValue>> = {};
  const waits: Record<string, number> = {};
  const retries: Record<string, number> = {};
  for (const [stateName, handler] of Object.entries(taskHandlers)) {
    handlers[stateName] = async (taskInput) => (await handler(taskInput)) as JsonValue;
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
      return {
        status: 'FAILED',
        output: null,
        error: { name: cause?.name ?? error.name, cause: cause?.message ?? error.message },
        trail,
      };
    }
    throw error;
  }
}

/**
 * Runs the ingest state machine with aws-local-stepfunctions: the real ASL (Retry, Catch, Choice, Wait loop),
 * each Task state calling the same task function its Lambda calls.
 */
export async function runIngestLocally(input: unknown, deps: IngestDependencies, options: LocalRunOptions = {}): Promise<ExecutionOutcome> {
  const handlers: Record<string, LocalTaskHandler> = {};
  for (const [stateName, { task }] of Object.entries(INGEST_TASK_STATES)) {
    const override = options.taskOverrides?.[task];
    handlers[stateName] = (taskInput) => (override ? override(taskInput) : ingestTasks[task](taskInput, deps));
  }
  return runDefinitionLocally(options.definition ?? loadIngestDefinition(), handlers, input, options);
}
