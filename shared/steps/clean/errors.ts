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
 * Every error clean throws on purpose. None is retried by the state machine (the input will not change): its Catch
 * hands it to MarkFailed, which records the error's name and message in ops.batches.
 */
export class CleanError extends Error {
  override readonly name: string = 'CleanError';
}

/** A file-level failure: the object cannot be read as a customer/listing export at all. */
export class UnreadableFileError extends CleanError {
  override readonly name = 'UnreadableFileError';
  constructor(readonly problem: FileProblem, detail: string, options?: { cause?: unknown }) {
    super(`${problem}: ${detail}`, options);
  }
}

/** The step's own bookkeeping broke (rows in ≠ valid + rejected + duplicates): a bug, never bad input. */
export class AccountingError extends CleanError {
  override readonly name = 'AccountingError';
}

/**
 * Most of the batch's rows were rejected (a customers file under the listings prefix, a wrong export): clean wrote its
 * rejects and stats, and the batch ends failed instead of loading the few rows that passed. `force` loads them anyway.
 */
export class RejectRateExceededError extends CleanError {
  override readonly name = 'RejectRateExceededError';
  constructor(
    readonly rejected: number,
    readonly rowsIn: number,
    readonly valid: number,
    readonly topReasons: Readonly<Record<string, number>>,
    maxRate: number,
  ) {
    const reasons = Object.entries(topReasons).map(([reason, count]) => `${reason} ${count}`).join(', ');
    super(
      `${rejected} of ${rowsIn} rows rejected (${((100 * rejected) / rowsIn).toFixed(1)}%, above ${Math.round(maxRate * 100)}%); ` +
        `top reasons: ${reasons}; nothing loaded (ingest again with force to load the ${valid} valid rows)`,
    );
  }
}
