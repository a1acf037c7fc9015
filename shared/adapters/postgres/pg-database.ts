import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { Pool, types, type PoolClient } from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import { loadSqlTemplate } from '../../sql';
import { RESULT_PARSERS, type SqlDatabase, type SqlSession } from './sql-database';

function sessionOver(client: Pick<PoolClient, 'query'>): SqlSession {
  return {
    async query(sql, values = []) {
      const result = await client.query<Record<string, unknown>>(sql, [...values]);
      return { rows: result.rows };
    },
    async copyCsv(table, columns, csv: Readable) {
      // pg-copy-streams streams COPY FROM STDIN with backpressure: memory does not grow with the file.
      const sink = (client as PoolClient).query(copyFrom(loadSqlTemplate('postgres/copy_csv_from_stdin', { table, columns })));
      await pipeline(csv, sink);
    },
  };
}

/**
 * Session settings of every connection. UTC, like Redshift's default. work_mem: the warehouse's statements hash and
 * sort hundreds of thousands of rows at once (matching's pairs, MERGE); PostgreSQL's 4 MB default spilled them to
 * disk, and 64 MB for each of the pool's four sessions fits a laptop. A URL with its own `options` replaces these
 * (node-postgres prefers the connection string's).
 */
export const PG_SESSION_OPTIONS = '-c TimeZone=UTC -c work_mem=64MB';

/** A PostgreSQL server by URL, through a small node-postgres pool. */
export class PgDatabase implements SqlDatabase {
  private readonly pool: Pool;

  constructor(databaseUrl: string) {
    this.pool = new Pool({
      connectionString: databaseUrl,
      max: 4,
      options: PG_SESSION_OPTIONS,
      types: {
        getTypeParser: ((oid: number, format?: 'text' | 'binary') =>
          RESULT_PARSERS[oid] ?? types.getTypeParser(oid, format ?? 'text')) as typeof types.getTypeParser,
      },
    });
    // An idle client's dropped connection must not crash the process; the next query reports it.
    this.pool.on('error', () => undefined);
  }

  async query(sql: string, values?: readonly unknown[]) {
    const result = await this.pool.query<Record<string, unknown>>(sql, values ? [...values] : []);
    return { rows: result.rows };
  }

  async copyCsv(table: string, columns: string, csv: Readable): Promise<void> {
    await this.transaction((session) => session.copyCsv(table, columns, csv));
  }

  async transaction<T>(work: (session: SqlSession) => Promise<T>): Promise<T> {
    const client = await this.pool.connect();
    let broken: Error | undefined;
    try {
      await client.query('BEGIN');
      try {
        const result = await work(sessionOver(client));
        await client.query('COMMIT');
        return result;
      } catch (error) {
        try {
          await client.query('ROLLBACK');
        } catch (rollbackError) {
          broken = rollbackError as Error; // the connection is gone: do not hand it back to the pool
        }
        throw error;
      }
    } finally {
      client.release(broken);
    }
  }

  async close(): Promise<void> {
    await this.pool.end();
  }
}
