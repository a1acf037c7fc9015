import type { Warehouse } from '../../ports/warehouse';
import { loadSql, type SqlName } from '../../sql';

/** A page query returned a row without the text `row_key` its keyset pagination needs, or keys that repeat. */
export class PageKeyError extends Error {
  override readonly name = 'PageKeyError';
}

/**
 * Every row of a keyset-paginated query (`where row_key > :after_key order by row_key limit N`), one page at a
 * time: memory holds one page, never the result. Stops at the first empty page, so the page size lives only in
 * the SQL file. `row_key` is dropped from the rows it yields.
 */
export async function* keysetPages(warehouse: Pick<Warehouse, 'query'>, sqlName: SqlName): AsyncGenerator<Record<string, unknown>> {
  const sql = loadSql(sqlName);
  let afterKey = '';
  for (;;) {
    const page = await warehouse.query(sql, { after_key: afterKey });
    if (page.length === 0) return;
    const pageStart = afterKey;
    for (const row of page) {
      const key = row.row_key;
      // The order is the warehouse's collation (byte order on Redshift, the locale's on a PostgreSQL server), not
      // JavaScript's: only check that the key is text and that the page moved on.
      if (typeof key !== 'string') throw new PageKeyError(`${sqlName}.sql: row_key must be text (got ${JSON.stringify(key)})`);
      afterKey = key;
      const { row_key: _key, ...rest } = row;
      yield rest;
    }
    if (afterKey === pageStart) throw new PageKeyError(`${sqlName}.sql: a page ended on the key it started after (${JSON.stringify(afterKey)}): keys are not unique`);
  }
}
