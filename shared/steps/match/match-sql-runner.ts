import { namedParams } from '../../sql';
import { loadMatchSql, type MatchSqlName } from '../../sql/match/load-match-sql';
import { WarehouseError, type SqlParams, type SqlValue, type Warehouse, type WarehouseStatement } from '../../ports/warehouse';

/** Runs shared/sql/match files with the run's parameters: each file gets only the placeholders it uses. */
export class MatchSqlRunner {
  constructor(private readonly warehouse: Warehouse) {}

  private statement(name: MatchSqlName, params: Readonly<Record<string, SqlValue>>): { sql: string; params: SqlParams } {
    const sql = loadMatchSql(name);
    const used = new Set(namedParams(sql));
    return { sql, params: Object.fromEntries(Object.entries(params).filter(([key]) => used.has(key))) };
  }

  /** A file's statements in one transaction; the last one's rows. */
  async query<Row extends Record<string, unknown> = Record<string, unknown>>(
    name: MatchSqlName,
    params: Readonly<Record<string, SqlValue>> = {},
  ): Promise<Row[]> {
    const { sql, params: used } = this.statement(name, params);
    return this.warehouse.query<Row>(sql, used);
  }

  /**
   * Several files (or one file with different parameters) as ONE transaction, waiting for the end: submit, then
   * describe until FINISHED or FAILED (PostgreSQL answers at once; Redshift's Data API needs polling).
   */
  async transaction(parts: readonly { name: MatchSqlName; params?: Readonly<Record<string, SqlValue>> }[], pollMs = 500): Promise<void> {
    const statements: WarehouseStatement[] = parts.map((part) => ({ kind: 'sql', ...this.statement(part.name, part.params ?? {}) }));
    let status = await this.warehouse.submit(statements);
    while (status.state !== 'FINISHED' && status.state !== 'FAILED' && status.state !== 'ABORTED') {
      await new Promise((resolve) => setTimeout(resolve, pollMs));
      status = await this.warehouse.describe(status.id);
    }
    if (status.state !== 'FINISHED') {
      throw new WarehouseError(`match: ${parts.map((part) => part.name).join(', ')} ${status.state}: ${status.error ?? 'no error text'}`);
    }
  }
}

/** A count column as a number (PostgreSQL returns bigint counts as strings). */
export function toCount(value: unknown): number {
  if (value === null || value === undefined) return 0;
  const n = Number(value);
  return Number.isFinite(n) ? n : 0;
}
