import type { SqlParams, SqlValue } from '../../ports/warehouse';
import { checkNamedParams, rewriteNamedParams } from '../../sql';

/** A value that cannot be written as a Redshift SQL literal safely. */
export class SqlLiteralError extends Error {
  override readonly name = 'SqlLiteralError';
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
  }
}

const PLAIN_NUMBER = /^\d+(\.\d+)?$/;

/**
 * The one place a value becomes SQL text, for what the Data API cannot bind: BatchExecuteStatement takes no
 * parameters, COPY takes none, and a bound parameter can be neither NULL nor ''.
 *
 * Redshift string literals treat a backslash as an escape character, so both `'` (doubled) and `\` (doubled) are
 * escaped. NUL cannot be stored and is refused. Numbers must be finite and are written without exponent;
 * negatives in parentheses so that `x -:n` can never become a `--` comment. Booleans and NULL are keywords.
 */
export function renderSqlLiteral(value: SqlValue): string {
  if (value === null) return 'NULL';
  if (typeof value === 'boolean') return value ? 'TRUE' : 'FALSE';
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw new SqlLiteralError(`not a finite number: ${String(value)}`);
    const text = String(Math.abs(value));
    if (!PLAIN_NUMBER.test(text)) throw new SqlLiteralError(`number has no plain decimal form: ${String(value)}`);
    return value < 0 || Object.is(value, -0) ? `(-${text})` : text;
  }
  if (typeof value === 'string') {
    if (value.includes('\u0000')) throw new SqlLiteralError('string contains a NUL character');
    return `'${value.replace(/\\/g, '\\\\').replace(/'/g, "''")}'`;
  }
  throw new SqlLiteralError(`unsupported SQL value of type ${typeof value}`);
}

/** Replaces every `:name` in `sql` with the rendered literal; every placeholder needs a value and vice versa. */
export function renderNamedLiterals(sql: string, params: SqlParams): string {
  checkNamedParams([sql], params);
  return rewriteNamedParams(sql, (name) => renderSqlLiteral(params[name] as SqlValue)).text;
}
