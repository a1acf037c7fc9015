/**
 * Identifiers that end up in SQL text (COPY's table and column list) cannot be bound as parameters, so they are
 * checked against a deliberately narrow shape instead: lower-case, unquoted, at most schema-qualified.
 */

/** An identifier outside the narrow shape the warehouse code accepts. */
export class SqlIdentifierError extends Error {
  override readonly name = 'SqlIdentifierError';
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
  }
}

/** Redshift's limit (127 bytes); PostgreSQL's 63 is hit first there, with a clear error of its own. */
const MAX_IDENTIFIER = 127;
const IDENTIFIER = /^[a-z_][a-z0-9_]*$/;

export function assertColumnName(name: string): string {
  if (!IDENTIFIER.test(name) || name.length > MAX_IDENTIFIER) {
    throw new SqlIdentifierError(`not a plain lower-case SQL identifier: ${JSON.stringify(name)}`);
  }
  return name;
}

/** `table` or `schema.table`, each part a plain lower-case identifier. */
export function assertTableName(name: string): string {
  const parts = name.split('.');
  if (parts.length > 2) throw new SqlIdentifierError(`table name has more than schema.table: ${JSON.stringify(name)}`);
  for (const part of parts) assertColumnName(part);
  return name;
}

/** A column list for COPY: non-empty, plain identifiers, no repeats. Returns `a, b, c`. */
export function columnList(columns: readonly string[]): string {
  if (columns.length === 0) throw new SqlIdentifierError('column list is empty');
  const seen = new Set<string>();
  for (const column of columns) {
    assertColumnName(column);
    if (seen.has(column)) throw new SqlIdentifierError(`column listed twice: ${column}`);
    seen.add(column);
  }
  return columns.join(', ');
}
