/** A task ran without the result of the step before it (the state machine's data is missing a key). */
export class StepInputError extends Error {
  override readonly name = 'StepInputError';
}
