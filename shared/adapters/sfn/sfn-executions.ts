import { SFNClient, StartExecutionCommand, type SFNClientConfig } from '@aws-sdk/client-sfn';
import { TransientError } from '../../ports/errors';
import type { Executions } from '../../ports/executions';
import { isTransientAwsError } from '../aws/is-transient-aws-error';

/**
 * Executions on AWS Step Functions (standard workflows).
 * The execution name is the idempotency key: StartExecution with a name already used returns the first
 * execution when the input is the same, and raises ExecutionAlreadyExists when it differs. Both mean
 * "this object is already being processed", so both succeed here. `alreadyStarted` is true only in the
 * second case: Step Functions answers the first exactly as it answers a fresh start.
 */
export class SfnExecutions implements Executions {
  private readonly client: SFNClient;

  constructor(client: SFNClient | SFNClientConfig = {}) {
    this.client = client instanceof SFNClient ? client : new SFNClient(client);
  }

  async start(request: { stateMachineArn: string; name: string; input: unknown }): Promise<{ executionArn: string; alreadyStarted: boolean }> {
    try {
      const out = await this.client.send(
        new StartExecutionCommand({
          stateMachineArn: request.stateMachineArn,
          name: request.name,
          input: JSON.stringify(request.input ?? {}),
        }),
      );
      return { executionArn: out.executionArn ?? executionArnFor(request.stateMachineArn, request.name), alreadyStarted: false };
    } catch (error) {
      const name = (error as { name?: unknown } | null)?.name;
      if (name === 'ExecutionAlreadyExists') {
        return { executionArn: executionArnFor(request.stateMachineArn, request.name), alreadyStarted: true };
      }
      if (isTransientAwsError(error)) {
        throw new TransientError(`StartExecution ${request.name} failed: ${String(name)}`, { cause: error });
      }
      throw error;
    }
  }
}

/**
 * `arn:<partition>:states:<region>:<account>:stateMachine:<machine>[:<version|alias>]` + name →
 * `arn:<partition>:states:<region>:<account>:execution:<machine>:<name>` (executions of versions and aliases
 * carry the machine's name only).
 */
export function executionArnFor(stateMachineArn: string, name: string): string {
  const parts = stateMachineArn.split(':');
  const machine = parts[6];
  if (parts.length < 7 || parts[0] !== 'arn' || parts[2] !== 'states' || parts[5] !== 'stateMachine' || !machine) {
    throw new Error(`not a state machine ARN: ${stateMachineArn}`);
  }
  return [...parts.slice(0, 5), 'execution', machine, name].join(':');
}
