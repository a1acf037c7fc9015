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

/** PostgreSQL's own error text with its DETAIL, HINT and CONTEXT lines, as psql would show them. */
export function postgresErrorText(error: unknown): string {
  const fields = asErrorLike(error);
  if (!fields) return String(error);
  const lines = [
    isServerError(error) ? `ERROR: ${fields.message} (SQLSTATE ${String(fields.code)})` : `${fields.name ?? 'Error'}: ${fields.message}`,
  ];
  if (fields.detail) lines.push(`DETAIL: ${fields.detail}`);
  if (fields.hint) lines.push(`HINT: ${fields.hint}`);
  if (fields.where) lines.push(`CONTEXT: ${fields.where}`);
  return lines.join('\n');
}
