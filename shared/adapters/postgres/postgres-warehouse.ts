import { randomUUID } from 'node:crypto';
import { createGunzip } from 'node:zlib';
import type { ObjectStore } from '../../ports/object-store';
import { ObjectNotFoundError } from '../../ports/object-store';
import { TransientError } from '../../ports/errors';
import {
  WarehouseError,
  type CopyStatement,
  type SqlParams,
  type StatementStatus,
  type Warehouse,
  type WarehouseStatement,
} from '../../ports/warehouse';
import {
  assertTableName,
  columnList,
  ddlFiles,
  loadSqlTemplate,
  scanSql,
  SqlIdentifierError,
  SqlParameterError,
  toPositionalParams,
} from '../../sql';
import { isConnectionLevel, postgresErrorText } from './postgres-error-text';
import { PgDatabase } from './pg-database';
import { PgliteDatabase } from './pglite-database';
import { readCopyManifest } from './read-copy-manifest';
import type { SqlDatabase, SqlSession } from './sql-database';

export interface PostgresWarehouseOptions {
  /** Where COPY manifests and the files they list are read from. */
  objectStore: ObjectStore;
  /** A PostgreSQL server (≥15). When unset, PGlite runs embedded. */
  databaseUrl?: string;
  /** PGlite's data directory; unset means in memory. Ignored with databaseUrl. */
  dataDir?: string;
  /** PGlite only: largest CSV piece fed to one COPY (default 8 MiB). */
  copyChunkBytes?: number;
  /** How many submit() results describe() remembers (default 1000; oldest forgotten first). */
  rememberStatements?: number;
}

/** One statement of a submit(), ready to run: SQL already positional, or a validated COPY. */
type PreparedStatement =
  | { kind: 'sql'; label: string; text: string; values: unknown[] }
  | { kind: 'copy'; label: string; table: string; columns: string; copy: CopyStatement };

/** A statement of a submit() that failed: its position and the cause, for the FAILED text. */
class StatementFailedError extends Error {
  override readonly name = 'StatementFailedError';
  constructor(
    readonly label: string,
    options: { cause: unknown },
  ) {
    super(label, options);
  }
}

/**
 * The Warehouse port over PostgreSQL: PGlite embedded by default, a server when `databaseUrl` is set.
 * submit() runs everything in one transaction and returns when it is done, so the state it reports is already
 * final (FINISHED or FAILED); describe() answers from memory. COPY reads the manifest from the object store and
 * streams each gzip CSV in, as Redshift's COPY … MANIFEST would read it from S3.
 */
export class PostgresWarehouse implements Warehouse {
  private database: Promise<SqlDatabase> | undefined;
  private readonly results = new Map<string, StatementStatus>();
  private readonly remember: number;

  constructor(private readonly options: PostgresWarehouseOptions) {
    this.remember = options.rememberStatements ?? 1000;
  }

  private db(): Promise<SqlDatabase> {
    if (!this.database) {
      this.database = this.options.databaseUrl
        ? Promise.resolve(new PgDatabase(this.options.databaseUrl))
        : PgliteDatabase.open({ dataDir: this.options.dataDir, copyChunkBytes: this.options.copyChunkBytes });
      // A failed open must not stick: the next call tries again.
      this.database.catch(() => {
        this.database = undefined;
      });
    }
    return this.database;
  }

  /** Creates schemas and tables (idempotent DDL from shared/sql/ddl/postgres), all in one transaction. */
  async migrate(): Promise<void> {
    const db = await this.db();
    try {
      await db.transaction(async (session) => {
        for (const file of ddlFiles('postgres')) {
          for (const statement of scanSql(file.sql).statements) {
            try {
              await session.query(statement.text);
            } catch (error) {
              throw new StatementFailedError(`DDL ${file.name}`, { cause: error });
            }
          }
        }
      });
    } catch (error) {
      throw this.toThrown(error);
    }
  }

  /**
   * Runs SQL and returns the rows. A text with several statements runs them in one transaction and returns the
   * last one's rows. Statement errors throw WarehouseError with PostgreSQL's text; connection errors TransientError.
   */
  async query<Row extends Record<string, unknown> = Record<string, unknown>>(sql: string, params: SqlParams = {}): Promise<Row[]> {
    const prepared = prepareSql(sql, params, 'query');
    const db = await this.db();
    try {
      if (prepared.length === 1) {
        const only = prepared[0] as { text: string; values: unknown[] };
        return (await db.query(only.text, only.values)).rows as Row[];
      }
      return (await db.transaction(async (session) => {
        let rows: Record<string, unknown>[] = [];
        for (const statement of prepared) rows = (await runLabelled(session, statement.label, statement.text, statement.values)).rows;
        return rows;
      })) as Row[];
    } catch (error) {
      throw this.toThrown(error);
    }
  }

  /**
   * Runs all statements in one transaction. A statement's failure is a FAILED result carrying PostgreSQL's error
   * text (and everything rolls back); only connection-level failures throw (TransientError). Bad parameters or
   * identifiers are caller bugs and throw WarehouseError before anything runs.
   */
  async submit(statements: readonly WarehouseStatement[]): Promise<StatementStatus> {
    if (statements.length === 0) throw new WarehouseError('submit needs at least one statement');
    const prepared = prepareAll(statements);
    const id = `pg-${randomUUID()}`;
    const db = await this.db();
    let status: StatementStatus;
    try {
      await db.transaction(async (session) => {
        for (const statement of prepared) {
          if (statement.kind === 'sql') await runLabelled(session, statement.label, statement.text, statement.values);
          else await this.runCopy(session, statement);
        }
      });
      status = { id, state: 'FINISHED' };
    } catch (error) {
      if (isConnectionLevel(innermost(error)) || innermost(error) instanceof TransientError) throw this.toThrown(error);
      status = { id, state: 'FAILED', error: failureText(error) };
    }
    this.keep(status);
    return status;
  }

  async describe(statementId: string): Promise<StatementStatus> {
    return this.results.get(statementId) ?? { id: statementId, state: 'FAILED', error: `unknown statement: ${statementId}` };
  }

  /**
   * submit() returns only once its transaction has committed or rolled back, so no statement of this adapter is
   * ever still running when cancel() is called: there is nothing to stop, and the final state is the answer.
   */
  async cancel(statementId: string): Promise<StatementStatus> {
    return this.describe(statementId);
  }

  async close(): Promise<void> {
    const pending = this.database;
    this.database = undefined;
    if (pending) await (await pending).close();
  }

  private async runCopy(session: SqlSession, statement: Extract<PreparedStatement, { kind: 'copy' }>): Promise<void> {
    const manifestUrl = `s3://${statement.copy.manifest.bucket}/${statement.copy.manifest.key}`;
    let entries;
    try {
      entries = await readCopyManifest(this.options.objectStore, statement.copy.manifest);
    } catch (error) {
      if (error instanceof ObjectNotFoundError) {
        throw new StatementFailedError(statement.label, { cause: new Error(`COPY manifest ${manifestUrl} does not exist`) });
      }
      throw new StatementFailedError(statement.label, { cause: error });
    }
    for (const entry of entries) {
      let body;
      try {
        body = await this.options.objectStore.getStream(entry.ref);
      } catch (error) {
        if (error instanceof ObjectNotFoundError) {
          if (!entry.mandatory) continue; // Redshift skips a missing optional entry too
          throw new StatementFailedError(statement.label, {
            cause: new Error(`COPY manifest ${manifestUrl}: mandatory entry ${entry.url} does not exist`),
          });
        }
        throw new StatementFailedError(statement.label, { cause: error });
      }
      try {
        const csv = body.pipe(createGunzip());
        body.on('error', (error) => csv.destroy(error));
        await session.copyCsv(statement.table, statement.columns, csv);
      } catch (error) {
        body.destroy(); // release the object's connection; the COPY stopped reading it
        throw new StatementFailedError(`${statement.label}, file ${entry.url}`, { cause: error });
      }
    }
    // Fresh statistics for the rows just loaded, as Redshift's COPY keeps them: without them the planner takes a
    // 100k-row staging batch for a few rows and picks nested loops over the growing core table (O(n²)).
    await runLabelled(session, `${statement.label}, analyze`, loadSqlTemplate('postgres/analyze_table', { table: statement.table }), []);
  }

  private keep(status: StatementStatus): void {
    this.results.set(status.id, status);
    while (this.results.size > this.remember) {
      const oldest = this.results.keys().next().value as string;
      this.results.delete(oldest);
    }
  }

  private toThrown(error: unknown): Error {
    const cause = innermost(error);
    if (cause instanceof TransientError) return cause;
    if (isConnectionLevel(cause)) return new TransientError(`PostgreSQL connection failed: ${postgresErrorText(cause)}`, { cause });
    if (cause instanceof WarehouseError) return cause;
    return new WarehouseError(failureText(error), { cause });
  }
}

/** `:name` → `$n` for each statement of a SQL text; parameter mistakes are caller bugs (WarehouseError). */
function prepareSql(sql: string, params: SqlParams, label: string): { label: string; text: string; values: unknown[] }[] {
  const statements = scanSql(sql).statements;
  if (statements.length === 0) throw new WarehouseError(`${label}: the SQL text holds no statement`);
  const used = new Set(statements.flatMap((statement) => statement.params.map((p) => p.name)));
  const unknown = Object.keys(params).filter((name) => !used.has(name));
  if (unknown.length > 0) {
    throw new WarehouseError(`${label}: unknown SQL parameter(s), not in the statement: ${unknown.map((u) => `:${u}`).join(', ')}`);
  }
  return statements.map((statement, index) => {
    try {
      const { text, values } = toPositionalParams(statement.text, params);
      return { label: statements.length > 1 ? `${label}, statement ${index + 1} of ${statements.length}` : label, text, values };
    } catch (error) {
      if (error instanceof SqlParameterError) throw new WarehouseError(`${label}: ${error.message}`, { cause: error });
      throw error;
    }
  });
}

function prepareAll(statements: readonly WarehouseStatement[]): PreparedStatement[] {
  return statements.flatMap((statement, index): PreparedStatement[] => {
    const label = `statement ${index + 1} of ${statements.length} (${statement.kind})`;
    if (statement.kind === 'sql') return prepareSql(statement.sql, statement.params ?? {}, label).map((s) => ({ kind: 'sql', ...s }));
    try {
      return [{ kind: 'copy', label, table: assertTableName(statement.table), columns: columnList(statement.columns), copy: statement }];
    } catch (error) {
      if (error instanceof SqlIdentifierError) throw new WarehouseError(`${label}: ${error.message}`, { cause: error });
      throw error;
    }
  });
}

async function runLabelled(session: SqlSession, label: string, text: string, values: unknown[]) {
  try {
    return await session.query(text, values);
  } catch (error) {
    throw new StatementFailedError(label, { cause: error });
  }
}

function innermost(error: unknown): unknown {
  return error instanceof StatementFailedError ? error.cause : error;
}

function failureText(error: unknown): string {
  if (error instanceof StatementFailedError) return `${error.label}: ${postgresErrorText(error.cause)}`;
  return postgresErrorText(error);
}
