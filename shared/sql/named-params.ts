/**
 * Named placeholders (`:name`) in SQL text, found by a small scanner that knows where a colon is *not* a
 * placeholder: `::` casts, string literals ('…', E'…', $tag$…$tag$), quoted identifiers ("…") and comments
 * (-- and nested /* *\/). The same scan finds top-level `;` so a file may hold several statements.
 *
 * Plain '…' literals follow standard SQL (a quote is doubled to escape it); backslash-escaped quotes are only
 * understood inside E'…'. The SQL in shared/sql never needs either.
 */

export interface NamedParamUse {
  name: string;
  /** Offset of the colon. */
  start: number;
  /** Offset just past the name. */
  end: number;
}

export interface SqlScan {
  params: NamedParamUse[];
  /** Statements separated by top-level `;`, without the `;`, each with its params (offsets relative to the text). */
  statements: { text: string; params: NamedParamUse[] }[];
}

/** A placeholder without a value, a value without a placeholder, or a name the warehouse cannot bind. */
export class SqlParameterError extends Error {
  override readonly name = 'SqlParameterError';
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
  }
}

const IDENT_START = /[A-Za-z_]/;
const IDENT_PART = /[A-Za-z0-9_]/;

/** Scans SQL once: placeholders and statement boundaries. */
export function scanSql(sql: string): SqlScan {
  const params: NamedParamUse[] = [];
  const boundaries: { start: number; end: number; hasCode: boolean }[] = [];
  let statementStart = 0;
  let i = 0;
  const n = sql.length;
  while (i < n) {
    const ch = sql[i] as string;
    const next = sql[i + 1];
    if (ch === '-' && next === '-') {
      const eol = sql.indexOf('\n', i);
      i = eol === -1 ? n : eol + 1;
      continue;
    }
    if (ch === '/' && next === '*') {
      i = skipBlockComment(sql, i);
      continue;
    }
    if (/\s/.test(ch)) {
      i += 1;
      continue;
    }
    if (ch === "'") {
      const escaped = i > 0 && /[eE]/.test(sql[i - 1] as string) && (i < 2 || !IDENT_PART.test(sql[i - 2] as string));
      i = skipQuoted(sql, i, "'", escaped);
    } else if (ch === '"') {
      i = skipQuoted(sql, i, '"', false);
    } else if (ch === '$' && (i === 0 || !IDENT_PART.test(sql[i - 1] as string))) {
      i = skipDollarQuoted(sql, i);
    } else if (ch === ':' && next === ':') {
      i += 2;
    } else if (ch === ':' && next !== undefined && IDENT_START.test(next)) {
      let end = i + 2;
      while (end < n && IDENT_PART.test(sql[end] as string)) end += 1;
      params.push({ name: sql.slice(i + 1, end), start: i, end });
      i = end;
    } else if (ch === ';') {
      boundaries.push({ start: statementStart, end: i, hasCode: hasCodeBefore(sql, statementStart, i) });
      statementStart = i + 1;
      i += 1;
    } else {
      i += 1;
    }
  }
  boundaries.push({ start: statementStart, end: n, hasCode: hasCodeBefore(sql, statementStart, n) });

  const statements = boundaries
    .filter((b) => b.hasCode)
    .map((b) => {
      const raw = sql.slice(b.start, b.end);
      const lead = raw.length - raw.trimStart().length;
      const text = raw.trim();
      const offset = b.start + lead;
      return {
        text,
        params: params
          .filter((p) => p.start >= b.start && p.end <= b.end)
          .map((p) => ({ name: p.name, start: p.start - offset, end: p.end - offset })),
      };
    });
  return { params, statements };
}

/** True when [start, end) holds anything besides whitespace and comments. */
function hasCodeBefore(sql: string, start: number, end: number): boolean {
  let i = start;
  while (i < end) {
    const ch = sql[i] as string;
    if (ch === '-' && sql[i + 1] === '-') {
      const eol = sql.indexOf('\n', i);
      i = eol === -1 || eol > end ? end : eol + 1;
    } else if (ch === '/' && sql[i + 1] === '*') {
      i = skipBlockComment(sql, i);
    } else if (/\s/.test(ch)) {
      i += 1;
    } else {
      return true;
    }
  }
  return false;
}

function skipBlockComment(sql: string, start: number): number {
  let depth = 0;
  let i = start;
  while (i < sql.length) {
    if (sql[i] === '/' && sql[i + 1] === '*') {
      depth += 1;
      i += 2;
    } else if (sql[i] === '*' && sql[i + 1] === '/') {
      depth -= 1;
      i += 2;
      if (depth === 0) return i;
    } else {
      i += 1;
    }
  }
  return sql.length;
}

function skipQuoted(sql: string, start: number, quote: string, backslashEscapes: boolean): number {
  let i = start + 1;
  while (i < sql.length) {
    const ch = sql[i];
    if (backslashEscapes && ch === '\\') {
      i += 2;
    } else if (ch === quote) {
      if (sql[i + 1] === quote) i += 2;
      else return i + 1;
    } else {
      i += 1;
    }
  }
  return sql.length;
}

function skipDollarQuoted(sql: string, start: number): number {
  const match = /^\$([A-Za-z_][A-Za-z0-9_]*)?\$/.exec(sql.slice(start, start + 66));
  if (!match) return start + 1; // a lone `$`, e.g. a positional `$1`
  const tag = match[0];
  const close = sql.indexOf(tag, start + tag.length);
  return close === -1 ? sql.length : close + tag.length;
}

/** The statements of a SQL text (a `.sql` file may hold several), trimmed, comment-only pieces dropped. */
export function splitSqlStatements(sql: string): string[] {
  return scanSql(sql).statements.map((s) => s.text);
}

/** Distinct placeholder names, in order of first use. */
export function namedParams(sql: string): string[] {
  return [...new Set(scanSql(sql).params.map((p) => p.name))];
}

/**
 * Checks that every placeholder has a value and every value has a placeholder (a typo in either is a bug,
 * not something to guess around). Throws SqlParameterError naming the offenders.
 */
export function checkNamedParams(sqlTexts: readonly string[], params: Readonly<Record<string, unknown>>): void {
  const used = new Set(sqlTexts.flatMap((sql) => scanSql(sql).params.map((p) => p.name)));
  const missing = [...used].filter((name) => !Object.prototype.hasOwnProperty.call(params, name) || params[name] === undefined);
  const unknown = Object.keys(params).filter((name) => !used.has(name));
  if (missing.length > 0) throw new SqlParameterError(`missing SQL parameter(s): ${missing.map((m) => `:${m}`).join(', ')}`);
  if (unknown.length > 0) throw new SqlParameterError(`unknown SQL parameter(s), not in the statement: ${unknown.map((u) => `:${u}`).join(', ')}`);
}

/**
 * Rewrites each `:name` with `replace(name, index)`; `index` numbers distinct names from 1 in order of first use.
 * Returns the new text and the names in index order.
 */
export function rewriteNamedParams(sql: string, replace: (name: string, index: number) => string): { text: string; names: string[] } {
  const uses = scanSql(sql).params;
  const index = new Map<string, number>();
  let out = '';
  let last = 0;
  for (const use of uses) {
    let at = index.get(use.name);
    if (at === undefined) {
      at = index.size + 1;
      index.set(use.name, at);
    }
    out += sql.slice(last, use.start) + replace(use.name, at);
    last = use.end;
  }
  out += sql.slice(last);
  return { text: out, names: [...index.keys()] };
}

/** `:name` → `$n` for PostgreSQL drivers, with the values in `$n` order. */
export function toPositionalParams(sql: string, params: Readonly<Record<string, unknown>> = {}): { text: string; values: unknown[] } {
  const { text, names } = rewriteNamedParams(sql, (_name, index) => `$${index}`);
  const missing = names.filter((name) => !Object.prototype.hasOwnProperty.call(params, name) || params[name] === undefined);
  if (missing.length > 0) throw new SqlParameterError(`missing SQL parameter(s): ${missing.map((m) => `:${m}`).join(', ')}`);
  return { text, values: names.map((name) => params[name]) };
}
