/** What PostgreSQL drivers (node-postgres, PGlite) attach to a server error. */
interface PgErrorFields {
  name?: string;
  message: string;
  code?: unknown;
  detail?: string;
  hint?: string;
  where?: string;
}

const SQLSTATE = /^[0-9A-Z]{5}$/;

/**
 * Errors are read by shape, not `instanceof Error`: PGlite is loaded outside Jest's sandbox (see load-pglite.ts),
 * so its errors come from another realm's Error class.
 */
function asErrorLike(error: unknown): PgErrorFields | undefined {
  return typeof error === 'object' && error !== null && typeof (error as PgErrorFields).message === 'string' ? (error as PgErrorFields) : undefined;
}

/** True for an error the server sent (it carries a SQLSTATE), as opposed to a driver or network failure. */
export function isServerError(error: unknown): boolean {
  const fields = asErrorLike(error);
  return typeof fields?.code === 'string' && SQLSTATE.test(fields.code);
}

const TRANSIENT_SQLSTATES = new Set(['40001', '40P01', '57P01', '57P02', '57P03', '53300']);
const NETWORK_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'EHOSTUNREACH', 'ENETUNREACH', 'EAI_AGAIN']);

/**
 * A failure worth retrying as is: connection lost or refused, server shutting down or out of connections,
 * a serialization failure or deadlock. Statement errors (syntax, constraint, bad data) are not.
 */
export function isConnectionLevel(error: unknown): boolean {
  const fields = asErrorLike(error);
  if (!fields) return false;
  if (error instanceof AggregateError && error.errors.some((inner) => isConnectionLevel(inner))) return true;
  const code = fields.code;
  if (typeof code === 'string') {
    if (SQLSTATE.test(code)) return code.startsWith('08') || TRANSIENT_SQLSTATES.has(code);
    if (NETWORK_CODES.has(code)) return true;
  }
  return /connection terminated|Client has encountered a connection error/i.test(fields.message);
}

/** Stands in for a value taken from a row: the error says where it is, not what it is. */
export const WITHHELD = '…';

/** `COPY <table>, line <n>[, column <column>]` and whatever PostgreSQL quotes after it (the field or the whole line). */
const COPY_CONTEXT = /^(COPY [^\s,]+, line \d+(?:, column [^\s:]+)?)(?::\s[\s\S]*)?$/;
/** `Key (<columns>)=(<values>)` in a constraint violation's DETAIL; the values run to the last parenthesis. */
const KEY_VALUES = /(Key \((?:[^()]|\([^()]*\))*\))=\([\s\S]*\)/g;
const FAILING_ROW = /Failing row contains \([\s\S]*\)/g;
/** A data exception (SQLSTATE class 22) quotes the offending input: `…: "<value>"`, `value "<value>" is out of range`. */
const QUOTED_INPUT = /"[\s\S]*"/;

/**
 * The parts of PostgreSQL's error fields that quote row data are replaced by WITHHELD: a COPY's failing field or
 * line, a key's values, a failing row, the input a type rejected. Table, line, column and constraint names stay.
 * The text goes to logs and ops.batches.error_cause, where a customer's name or phone must not end up.
 */
function withoutRowValues(fields: PgErrorFields): PgErrorFields {
  const dataException = typeof fields.code === 'string' && fields.code.startsWith('22');
  const copy = fields.where ? COPY_CONTEXT.exec(fields.where) : null;
  // Built field by field: an Error's message is not enumerable, so a spread would drop it.
  return {
    code: fields.code,
    hint: fields.hint,
    message: dataException ? fields.message.replace(QUOTED_INPUT, `"${WITHHELD}"`) : fields.message,
    detail: fields.detail?.replace(KEY_VALUES, `$1=(${WITHHELD})`).replace(FAILING_ROW, `Failing row contains (${WITHHELD})`),
    where: copy ? copy[1] : fields.where,
  };
}

/**
 * PostgreSQL's own error text with its DETAIL, HINT and CONTEXT lines, as psql would show them, without the row
 * values they may quote (see withoutRowValues).
 */
export function postgresErrorText(error: unknown): string {
  const original = asErrorLike(error);
  if (!original) return String(error);
  const server = isServerError(error);
  const fields = server ? withoutRowValues(original) : original;
  const lines = [server ? `ERROR: ${fields.message} (SQLSTATE ${String(fields.code)})` : `${fields.name ?? 'Error'}: ${fields.message}`];
  if (fields.detail) lines.push(`DETAIL: ${fields.detail}`);
  if (fields.hint) lines.push(`HINT: ${fields.hint}`);
  if (fields.where) lines.push(`CONTEXT: ${fields.where}`);
  return lines.join('\n');
}
