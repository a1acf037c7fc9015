import type { BatchKind } from '../../contracts/batch';

/** A CSV field's value; null and undefined (a column an older row type lacks, e.g. row_role) are both NULL. */
export type CsvValue = string | number | boolean | null | undefined;

/** The warehouse type of a column that is not text, as far as clean must know it to keep COPY from refusing a value. */
export type WarehouseType = 'int4' | 'int8' | 'date' | 'timestamp' | 'timestamptz' | 'boolean';

/** What one record of a kind turns into: a row with the key it merges on, or the reasons it was rejected. */
export type ProfileResult<Row> =
  | { ok: true; row: Row; groupKey: string; warnings: readonly string[] }
  | { ok: false; reasons: readonly string[]; warnings?: readonly string[] };

/** Two rows of one group key as one, and the rows kept apart from it (written as they are, never merged again). */
export interface MergeResult<Row> {
  row: Row;
  setAside: readonly Row[];
}

export interface RecordContext {
  batchId: string;
  row: number;
  recordHash: string;
  now: Date;
}

/**
 * The kind-specific part of clean: validation and normalization of one parsed record, and how two rows that share
 * a group key become one. Everything else (reading, dedupe, spilling, writing, accounting) is the same for every kind.
 */
export interface RecordProfile<Row> {
  kind: BatchKind;
  /** Column order of the processed CSV and of the staging table. */
  columns: readonly string[];
  /** Input field names toRow reads; a large value of any other field is skipped while streaming, not held. */
  fields: readonly string[];
  /** Warehouse widths of text columns in UTF-8 bytes; a longer value is cut (`truncated:<column>`) unless `tooLong` says. */
  maxBytes: Readonly<Partial<Record<string, number>>>;
  /** Text columns a cut would falsify: `reject` the record (keys) or `null` the value (an email, a phone). */
  tooLong: Readonly<Partial<Record<string, 'reject' | 'null'>>>;
  /** Warehouse types of the other columns: a value out of the type's range becomes NULL (`out_of_range:<column>`). */
  columnTypes: Readonly<Partial<Record<string, WarehouseType>>>;
  /** NOT NULL columns: a value that does not fit rejects the record instead (`field_out_of_range:<column>`). */
  requiredColumns: readonly string[];
  toRow(record: Record<string, unknown>, context: RecordContext): ProfileResult<Row>;
  /**
   * `kept` came first in the file. The result keeps `kept`'s source_row and record_hash. `setAside`: rows the merge
   * would not fold in (at most one of the two: another person of one vehicle), each marked with its role; clean writes
   * them to the processed file as valid rows (`incoming` set aside is then no merged duplicate).
   */
  merge(kept: Row, incoming: Row): MergeResult<Row>;
  csvValues(row: Row): readonly CsvValue[];
  /** The row back from its CSV line (`csvLine(csvValues(row))`); clean spills CSV lines and reads back only rows that merge. */
  fromCsvLine(line: string): Row;
}
