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

/** What a template marker may stand for: a table name, a column list as columnList() writes it, or a boolean. */
const TEMPLATE_TEXT = /^[a-z_][a-z0-9_]*(?:\.[a-z_][a-z0-9_]*)?(?:, [a-z_][a-z0-9_]*)*$/;
const MARKER = /\{\{([a-z_]+)\}\}/g;

/**
 * Fills the `{{name}}` markers of a statement template with what cannot be a bind parameter: identifiers (checked
 * again here against the narrow shape) and boolean options (written `true`/`false`). Every marker needs a value
 * and every value a marker, so a typo in either fails instead of reaching the warehouse.
 */
export function fillSqlTemplate(sql: string, values: Readonly<Record<string, string | boolean>>): string {
  const used = new Set<string>();
  const filled = sql.replace(MARKER, (_marker, name: string) => {
    if (!Object.prototype.hasOwnProperty.call(values, name)) throw new SqlIdentifierError(`no value for template marker {{${name}}}`);
    used.add(name);
    const value = values[name] as string | boolean;
    if (typeof value === 'boolean') return value ? 'true' : 'false';
    if (!TEMPLATE_TEXT.test(value)) throw new SqlIdentifierError(`not a table name or column list for {{${name}}}: ${JSON.stringify(value)}`);
    return value;
  });
  const unused = Object.keys(values).filter((name) => !used.has(name));
  if (unused.length > 0) throw new SqlIdentifierError(`template has no marker for: ${unused.join(', ')}`);
  if (filled.includes('{{')) throw new SqlIdentifierError('template has a marker that is not a plain lower-case name');
  return filled;
}
