import { existsSync, mkdirSync, readFileSync, writeFileSync, renameSync } from 'node:fs';
import path from 'node:path';
import type { Executions } from '../../shared/ports/executions';
import type { ExecutionOutcome } from './local-state-machine';

export interface LocalExecutionRecord {
  name: string;
  input: unknown;
  startedAt: string;
  finishedAt: string;
  outcome: ExecutionOutcome;
}

/**
 * The Executions port offline: StartExecution runs the execution to its end and files it under its name, so a
 * repeated name is "already started" as in Step Functions (unless `rerun` is set, for idempotency checks).
 */
export class LocalExecutions implements Executions {
  readonly records: LocalExecutionRecord[] = [];
  private readonly dir: string;

  constructor(
    home: string,
    private readonly runExecution: (input: unknown) => Promise<ExecutionOutcome>,
    private readonly rerun = false,
  ) {
    this.dir = path.join(home, 'executions');
    mkdirSync(this.dir, { recursive: true });
  }

  private fileOf(name: string): string {
    return path.join(this.dir, `${name.replace(/[^A-Za-z0-9_-]/g, '_')}.json`);
  }

  previous(name: string): LocalExecutionRecord | null {
    const file = this.fileOf(name);
    return existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as LocalExecutionRecord) : null;
  }

  async start(request: { stateMachineArn: string; name: string; input: unknown }): Promise<{ executionArn: string; alreadyStarted: boolean }> {
    const executionArn = `${request.stateMachineArn.replace(':stateMachine:', ':execution:')}:${request.name}`;
    const earlier = this.previous(request.name);
    if (earlier && !this.rerun) {
      this.records.push(earlier);
      return { executionArn, alreadyStarted: true };
    }
    const startedAt = new Date().toISOString();
    const outcome = await this.runExecution(request.input);
    const record: LocalExecutionRecord = { name: request.name, input: request.input, startedAt, finishedAt: new Date().toISOString(), outcome };
    const file = this.fileOf(request.name);
    writeFileSync(`${file}.part`, JSON.stringify(record, null, 2));
    renameSync(`${file}.part`, file);
    this.records.push(record);
    return { executionArn, alreadyStarted: false };
  }
}
