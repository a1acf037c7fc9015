/** Starts state machine executions; a repeated name is not an error (idempotent start). */
export interface Executions {
  start(input: { stateMachineArn: string; name: string; input: unknown }): Promise<{ executionArn: string; alreadyStarted: boolean }>;
}
