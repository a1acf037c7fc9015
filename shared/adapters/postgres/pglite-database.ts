import type { Readable } from 'node:stream';
import type { PGlite, Transaction } from '@electric-sql/pglite';
import { loadSqlTemplate } from '../../sql';
import { loadPglite } from './load-pglite';
import { csvRecordChunks } from './csv-record-chunks';
import { RESULT_PARSERS, type SqlDatabase, type SqlSession } from './sql-database';

/** PGlite reads a COPY source as one Blob, so big files go in bounded chunks, each its own COPY statement. */
export const DEFAULT_PGLITE_COPY_CHUNK_BYTES = 8 * 1024 * 1024;

type Queryable = Pick<Transaction, 'query'>;

function sessionOver(target: Queryable, chunkBytes: number): SqlSession {
  return {
    async query(sql, values = []) {
      const result = await target.query<Record<string, unknown>>(sql, [...values]);
      return { rows: result.rows };
    },
    async copyCsv(table, columns, csv: Readable) {
      const copyChunk = (header: boolean) => loadSqlTemplate('postgres/copy_csv_from_blob', { table, columns, header });
      // Only the file's first chunk carries the header row.
      const [first, rest] = [copyChunk(true), copyChunk(false)];
      let sql = first;
      for await (const chunk of csvRecordChunks(csv, chunkBytes)) {
        await target.query(sql, [], { blob: new Blob([chunk]) });
        sql = rest;
      }
    },
  };
}

/** Embedded PostgreSQL (PGlite, PG 17): on disk under `dataDir`, or in memory when it is undefined. */
export class PgliteDatabase implements SqlDatabase {
  private constructor(
    private readonly db: PGlite,
    private readonly chunkBytes: number,
  ) {}

  static async open(options: { dataDir?: string; copyChunkBytes?: number }): Promise<PgliteDatabase> {
    const { PGlite: Pglite } = loadPglite();
    const db = await Pglite.create({ dataDir: options.dataDir, parsers: RESULT_PARSERS });
    return new PgliteDatabase(db, options.copyChunkBytes ?? DEFAULT_PGLITE_COPY_CHUNK_BYTES);
  }

  query(sql: string, values?: readonly unknown[]) {
    return sessionOver(this.db, this.chunkBytes).query(sql, values);
  }

  copyCsv(table: string, columns: string, csv: Readable) {
    return this.transaction((session) => session.copyCsv(table, columns, csv));
  }

  /** PGlite has one connection; its transaction() holds an exclusive lock, so callers never interleave. */
  transaction<T>(work: (session: SqlSession) => Promise<T>): Promise<T> {
    return this.db.transaction((tx) => work(sessionOver(tx, this.chunkBytes)));
  }

  async close(): Promise<void> {
    if (!this.db.closed) await this.db.close();
  }
}
