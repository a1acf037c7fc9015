import type { ObjectRef } from '../contracts/object-ref';
import type { StatementState } from '../contracts/batch';

/** Named parameters, referenced in SQL as `:name`. */
export type SqlValue = string | number | boolean | null;
export type SqlParams = Readonly<Record<string, SqlValue>>;

export interface SqlStatement {
  kind: 'sql';
  /** SQL text from shared/sql, with `:name` placeholders. */
  sql: string;
  params?: SqlParams;
}

/**
 * Load the files listed in a COPY manifest (JSON, `entries[].url`, `mandatory`) into a table.
 * Files are gzip CSV with a header row and the table's column order; an empty unquoted field is NULL.
 * Redshift runs `COPY … MANIFEST`; the PostgreSQL adapter streams each object in.
 */
export interface CopyStatement {
  kind: 'copy';
  table: string;
  columns: readonly string[];
  manifest: ObjectRef;
}

export type WarehouseStatement = SqlStatement | CopyStatement;

export interface StatementStatus {
  id: string;
  state: StatementState;
  /** The warehouse's own error text when FAILED, plus load-error details when it has them. */
  error?: string;
}

/**
 * The warehouse, as the steps see it. `query` is for short statements whose rows come back at once;
 * `submit` runs statements as one transaction that may take long (COPY + MERGE): poll `describe`, and `cancel`
 * one that must not go on (a load past its poll budget) before recording it as failed.
 */
export interface Warehouse {
  query<Row extends Record<string, unknown> = Record<string, unknown>>(sql: string, params?: SqlParams): Promise<Row[]>;
  submit(statements: readonly WarehouseStatement[]): Promise<StatementStatus>;
  describe(statementId: string): Promise<StatementStatus>;
  /**
   * Asks the warehouse to stop a submitted statement and returns its state afterwards: ABORTED (or FAILED) when it
   * stopped, FINISHED when it had committed first, still SUBMITTED/PICKED/STARTED when it did not settle in time.
   * Cancelling a statement that already ended changes nothing.
   */
  cancel(statementId: string): Promise<StatementStatus>;
  close?(): Promise<void>;
}

/** A statement the warehouse refused or failed; `name` lets Step Functions Catch it. */
export class WarehouseError extends Error {
  override readonly name: string = 'WarehouseError';
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
  }
}
