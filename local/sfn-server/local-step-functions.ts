import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { ExecutionAbortedError, ExecutionError, ExecutionTimeoutError, StateMachine } from 'aws-local-stepfunctions';
import type { Log } from '../../shared/ports/log';
import { SfnApiError } from './aws-json-errors';
import type { LocalMachine } from './local-machines';

export type ExecutionStatus = 'RUNNING' | 'SUCCEEDED' | 'FAILED' | 'TIMED_OUT' | 'ABORTED';

/** One entry of GetExecutionHistory, in the API's shape (details object named after the event type). */
export interface HistoryEvent {
  id: number;
  previousEventId: number;
  timestamp: string;
  type: string;
  [details: string]: unknown;
}

export interface ExecutionRecord {
  executionArn: string;
  stateMachineArn: string;
  name: string;
  /** As given to StartExecution (a JSON text). */
  input: string;
  status: ExecutionStatus;
  startDate: string;
  stopDate?: string;
  output?: string;
  error?: string;
  cause?: string;
  events: HistoryEvent[];
}

type JsonValue = Parameters<StateMachine['run']>[0];

const NAME_PATTERN = /^[A-Za-z0-9_-]{1,80}$/;
const MAX_PAYLOAD_BYTES = 256 * 1024;

/** Step Functions' own words for an error the ASL raised from a task: a thrown Error's name and message. */
function errorOf(error: unknown): { error: string; cause: string } {
  if (error instanceof ExecutionError) {
    const inner = error.cause as { name?: string; message?: string } | undefined;
    return { error: inner?.name ?? error.name, cause: inner?.message ?? error.message };
  }
  if (error instanceof Error) return { error: error.name, cause: error.message };
  return { error: 'Error', cause: String(error) };
}

/**
 * Step Functions offline for a handful of state machines: executions start, run one at a time (the embedded
 * PostgreSQL is one connection, and ingest loads before a report that follows them, as the report's wait step
 * expects), and are filed under `<home>/sfn-server/executions/` so ListExecutions survives a restart.
 * StopExecution of a running execution lets the current task finish (as a Lambda would) and starts no other.
 */
export class LocalStepFunctions {
  private readonly records = new Map<string, ExecutionRecord>();
  private readonly queue: string[] = [];
  private readonly aborts = new Map<string, () => void>();
  private readonly dir: string;
  private draining: Promise<void> | null = null;
  private closed = false;

  constructor(
    home: string,
    readonly machines: readonly LocalMachine[],
    private readonly log: Log,
    private readonly options: { waitMs?: number; retryMs?: number } = {},
  ) {
    this.dir = path.join(home, 'sfn-server', 'executions');
    mkdirSync(this.dir, { recursive: true });
    this.loadFiled();
  }

  machine(arn: string): LocalMachine {
    if (!/^arn:aws[\w-]*:states:[\w-]+:\d{12}:stateMachine:[\w-]+$/.test(arn)) throw new SfnApiError('InvalidArn', `Invalid Arn: '${arn}'`);
    const machine = this.machines.find((candidate) => candidate.arn === arn);
    if (!machine) throw new SfnApiError('StateMachineDoesNotExist', `State Machine Does Not Exist: '${arn}'`);
    return machine;
  }

  execution(arn: string): ExecutionRecord {
    if (!/^arn:aws[\w-]*:states:[\w-]+:\d{12}:execution:[\w-]+:[\w-]+$/.test(arn)) throw new SfnApiError('InvalidArn', `Invalid Arn: '${arn}'`);
    const record = this.records.get(arn);
    if (!record) throw new SfnApiError('ExecutionDoesNotExist', `Execution Does Not Exist: '${arn}'`);
    return record;
  }

  /**
   * StartExecution: same name and same input while running answers the running execution (AWS's idempotent
   * start); any other reuse of a name is ExecutionAlreadyExists. `alreadyStarted` says which.
   */
  start(request: { stateMachineArn: string; name?: string; input?: string }): { record: ExecutionRecord; alreadyStarted: boolean } {
    if (this.closed) throw new SfnApiError('ServiceUnavailable', 'the local Step Functions server is shutting down', 503);
    const machine = this.machine(request.stateMachineArn);
    const name = request.name ?? crypto.randomUUID();
    if (!NAME_PATTERN.test(name)) throw new SfnApiError('InvalidName', `Invalid Name: '${name}' (1-80 of A-Z a-z 0-9 - _)`);
    const input = request.input ?? '{}';
    if (Buffer.byteLength(input) > MAX_PAYLOAD_BYTES) throw new SfnApiError('InvalidExecutionInput', 'input is over 256 KB');
    try {
      JSON.parse(input);
    } catch (error) {
      throw new SfnApiError('InvalidExecutionInput', `Invalid State Machine Execution Input: ${(error as Error).message}`);
    }
    const executionArn = `${machine.arn.replace(':stateMachine:', ':execution:')}:${name}`;
    const earlier = this.records.get(executionArn);
    if (earlier) {
      if (earlier.status === 'RUNNING' && earlier.input === input) return { record: earlier, alreadyStarted: true };
      throw new SfnApiError('ExecutionAlreadyExists', `Execution Already Exists: '${executionArn}'`);
    }
    const now = new Date().toISOString();
    const record: ExecutionRecord = {
      executionArn,
      stateMachineArn: machine.arn,
      name,
      input,
      status: 'RUNNING',
      startDate: now,
      events: [{ id: 1, previousEventId: 0, timestamp: now, type: 'ExecutionStarted', executionStartedEventDetails: { input, roleArn: `arn:aws:iam::000000000000:role/${machine.name}` } }],
    };
    this.records.set(executionArn, record);
    this.file(record);
    this.queue.push(executionArn);
    this.log.info('execution started', { executionArn, queued: this.queue.length });
    this.drain();
    return { record, alreadyStarted: false };
  }

  /** Newest first, as ListExecutions answers. */
  list(stateMachineArn: string, statusFilter?: string): ExecutionRecord[] {
    this.machine(stateMachineArn);
    return [...this.records.values()]
      .filter((record) => record.stateMachineArn === stateMachineArn && (!statusFilter || record.status === statusFilter))
      .sort((a, b) => (a.startDate < b.startDate ? 1 : a.startDate > b.startDate ? -1 : b.name.localeCompare(a.name)));
  }

  stop(executionArn: string, error?: string, cause?: string): ExecutionRecord {
    const record = this.execution(executionArn);
    if (record.status !== 'RUNNING') return record;
    const queued = this.queue.indexOf(executionArn);
    if (queued >= 0) this.queue.splice(queued, 1);
    this.finish(record, {
      status: 'ABORTED',
      ...(error === undefined ? {} : { error }),
      ...(cause === undefined ? {} : { cause }),
      event: { type: 'ExecutionAborted', executionAbortedEventDetails: { ...(error ? { error } : {}), ...(cause ? { cause } : {}) } },
    });
    this.aborts.get(executionArn)?.();
    return record;
  }

  /** Resolves when nothing is queued or running (tests, shutdown). */
  async idle(): Promise<void> {
    while (this.draining) await this.draining;
  }

  /** Stops taking executions, aborts the running and queued ones (filed as ABORTED: the server stopped). */
  async close(): Promise<void> {
    this.closed = true;
    for (const arn of [...this.queue, ...this.aborts.keys()]) {
      const record = this.records.get(arn);
      if (record?.status === 'RUNNING') this.stop(arn, 'ServerStopped', 'xecu sfn-server stopped while the execution ran');
    }
    await this.idle();
  }

  private drain(): void {
    if (this.draining) return;
    this.draining = (async () => {
      try {
        for (let next = this.queue.shift(); next !== undefined; next = this.queue.shift()) {
          const record = this.records.get(next);
          if (record?.status === 'RUNNING') await this.run(record);
        }
      } finally {
        this.draining = null;
      }
    })();
  }

  private async run(record: ExecutionRecord): Promise<void> {
    const machine = this.machine(record.stateMachineArn);
    const stopped = () => record.status !== 'RUNNING';
    const handlers: Record<string, (input: JsonValue) => Promise<JsonValue>> = {};
    const waits: Record<string, number> = {};
    const retries: Record<string, number> = {};
    for (const [stateName, handler] of Object.entries(machine.handlers)) {
      handlers[stateName] = async (input) => {
        // After StopExecution no further task starts (the one under way finished, as a Lambda would).
        if (stopped()) throw new ExecutionAbortedError();
        return (await handler(input)) as JsonValue;
      };
      retries[stateName] = this.options.retryMs ?? 10;
    }
    for (const [stateName, state] of Object.entries(machine.definition.States)) {
      if (state.Type === 'Wait') waits[stateName] = this.options.waitMs ?? 0;
    }
    const engine = new StateMachine(machine.definition, { validationOptions: { checkArn: true, checkPaths: true } });
    const execution = engine.run(JSON.parse(record.input) as JsonValue, {
      overrides: { taskResourceLocalHandlers: handlers, waitTimeOverrides: waits, retryIntervalOverrides: retries },
      context: {
        Execution: { Id: record.executionArn, Name: record.name, Input: JSON.parse(record.input) as JsonValue, StartTime: record.startDate, RoleArn: `arn:aws:iam::000000000000:role/${machine.name}` },
        StateMachine: { Id: machine.arn, Name: machine.name },
      },
    });
    this.aborts.set(record.executionArn, execution.abort);
    const types = new Map(Object.entries(machine.definition.States).map(([name, state]) => [name, state.Type]));
    const collecting = (async () => {
      for await (const event of execution.eventLogs) {
        if (stopped()) continue;
        const at = new Date(event.timestamp).toISOString();
        if (event.type === 'StateEntered') {
          this.push(record, at, `${types.get(event.state.name) ?? 'Task'}StateEntered`, { stateEnteredEventDetails: { name: event.state.name, input: JSON.stringify(event.state.input) } });
        } else if (event.type === 'StateExited') {
          this.push(record, at, `${types.get(event.state.name) ?? 'Task'}StateExited`, { stateExitedEventDetails: { name: event.state.name, output: JSON.stringify(event.state.output ?? null) } });
        } else if (event.type === 'StateFailed' || event.type === 'StateRetried' || event.type === 'StateCaught') {
          // The Task's failure, as the Lambda integration reports it (the retry or catch follows in the ASL).
          const failure = event.type === 'StateFailed' ? { error: event.Error, cause: String(event.Cause) } : {};
          this.push(record, at, 'TaskFailed', { taskFailedEventDetails: { resourceType: 'lambda', resource: event.state.name, ...failure, handling: event.type } });
        }
      }
    })();
    try {
      const output = await execution.result;
      await collecting;
      if (stopped()) return;
      this.finish(record, { status: 'SUCCEEDED', output: JSON.stringify(output ?? null), event: { type: 'ExecutionSucceeded', executionSucceededEventDetails: { output: JSON.stringify(output ?? null) } } });
    } catch (thrown) {
      await collecting.catch(() => undefined);
      if (stopped()) return;
      if (thrown instanceof ExecutionTimeoutError) {
        this.finish(record, { status: 'TIMED_OUT', error: 'States.Timeout', cause: 'the execution ran past its TimeoutSeconds', event: { type: 'ExecutionTimedOut', executionTimedOutEventDetails: { error: 'States.Timeout' } } });
        return;
      }
      const failure = errorOf(thrown);
      if (!(thrown instanceof ExecutionError)) this.log.error('execution crashed outside the state machine', { executionArn: record.executionArn, ...failure });
      this.finish(record, { status: 'FAILED', ...failure, event: { type: 'ExecutionFailed', executionFailedEventDetails: failure } });
    } finally {
      this.aborts.delete(record.executionArn);
    }
  }

  private push(record: ExecutionRecord, timestamp: string, type: string, details: Record<string, unknown>): void {
    const id = record.events.length + 1;
    record.events.push({ id, previousEventId: id - 1, timestamp, type, ...details });
  }

  private finish(
    record: ExecutionRecord,
    end: { status: Exclude<ExecutionStatus, 'RUNNING'>; output?: string; error?: string; cause?: string; event: { type: string } & Record<string, unknown> },
  ): void {
    const now = new Date().toISOString();
    record.status = end.status;
    record.stopDate = now;
    if (end.output !== undefined) record.output = end.output;
    if (end.error !== undefined) record.error = end.error;
    if (end.cause !== undefined) record.cause = end.cause;
    const { type, ...details } = end.event;
    this.push(record, now, type, details);
    this.file(record);
    this.log.info('execution finished', { executionArn: record.executionArn, status: record.status, ...(record.error ? { error: record.error, cause: record.cause } : {}) });
  }

  private fileOf(record: ExecutionRecord): string {
    const machine = record.stateMachineArn.split(':').at(-1) ?? 'machine';
    return path.join(this.dir, machine, `${record.name}.json`);
  }

  private file(record: ExecutionRecord): void {
    const file = this.fileOf(record);
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(`${file}.part`, JSON.stringify(record));
    renameSync(`${file}.part`, file);
  }

  /** Executions filed by an earlier server; one left RUNNING was cut off when that server stopped. */
  private loadFiled(): void {
    for (const machine of this.machines) {
      const folder = path.join(this.dir, machine.name);
      if (!existsSync(folder)) continue;
      for (const entry of readdirSync(folder)) {
        if (!entry.endsWith('.json')) continue;
        const record = JSON.parse(readFileSync(path.join(folder, entry), 'utf8')) as ExecutionRecord;
        this.records.set(record.executionArn, record);
        if (record.status === 'RUNNING') {
          this.finish(record, { status: 'ABORTED', error: 'ServerStopped', cause: 'xecu sfn-server stopped while the execution ran', event: { type: 'ExecutionAborted', executionAbortedEventDetails: { error: 'ServerStopped' } } });
        }
      }
    }
  }
}
