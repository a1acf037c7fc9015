import type { Readable } from 'node:stream';

/**
 * The small surface PostgresWarehouse needs from a PostgreSQL connection, so PGlite (embedded) and node-postgres
 * (a server by URL) sit behind one shape. SQL here is already positional (`$1`); statements are single.
 */
export interface SqlSession {
  query(sql: string, values?: readonly unknown[]): Promise<{ rows: Record<string, unknown>[] }>;
  /**
   * COPY gzip-free CSV (with a header row) from a byte stream into `table (columns)`; identifiers already validated.
   * Memory stays bounded by the driver's chunking, not by the stream's size.
   */
  copyCsv(table: string, columns: string, csv: Readable): Promise<void>;
}

export interface SqlDatabase extends SqlSession {
  /** Runs `work` inside BEGIN … COMMIT on one connection; ROLLBACK and rethrow when it throws. */
  transaction<T>(work: (session: SqlSession) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}

/**
 * Values come back the way the Redshift Data API returns them, so steps see one shape whichever warehouse runs:
 * bigint as a number (string only past 2^53), numeric as a string, date/timestamp as PostgreSQL's text form.
 */
export const RESULT_PARSERS: Readonly<Record<number, (text: string) => unknown>> = {
  20: (text) => {
    const value = Number(text);
    return Number.isSafeInteger(value) ? value : text;
  },
  1082: (text) => text, // date
  1114: (text) => text, // timestamp
  1184: (text) => text, // timestamptz
  1700: (text) => text, // numeric
};
