/** Why a whole file could not be read; the batch ends and nothing is loaded. */
export type FileProblem =
  | 'empty_file'
  | 'corrupt_gzip'
  | 'utf16_not_supported'
  | 'binary_content'
  | 'not_json'
  | 'no_results_array'
  | 'truncated_json';

/**
 * A file-level failure: the object cannot be read as a customer/listing export at all.
 * Not retried by the state machine (the input will not change); the batch is marked failed with this message.
 */
export class UnreadableFileError extends Error {
  override readonly name = 'UnreadableFileError';
  constructor(readonly problem: FileProblem, detail: string, options?: { cause?: unknown }) {
    super(`${problem}: ${detail}`, options);
  }
}

/** The step's own bookkeeping broke (rows in ≠ valid + rejected + duplicates): a bug, never bad input. */
export class AccountingError extends Error {
  override readonly name = 'AccountingError';
}
