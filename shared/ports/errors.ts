/**
 * A failure worth retrying as is: throttling, a 5xx answer, a dropped connection. Adapters map their own such
 * errors to it so a state machine needs one `Retry` rule (`ErrorEquals: ["TransientError"]`) for every step.
 * Lambda reports `name` as the error type, so the name must stay exactly this.
 */
export class TransientError extends Error {
  override readonly name = 'TransientError';
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
  }
}
