import type { Warehouse } from '../../ports/warehouse';
import { loadSql, type SqlName } from '../../sql';

/** A page query returned a row without the text `row_key` its keyset pagination needs: the SQL file is wrong. */
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
    for (const row of page) {
      const key = row.row_key;
      if (typeof key !== 'string' || key <= afterKey) {
        throw new PageKeyError(`${sqlName}.sql: row_key must be a text that grows from page to page (got ${JSON.stringify(key)} after ${JSON.stringify(afterKey)})`);
      }
      afterKey = key;
      const { row_key: _key, ...rest } = row;
      yield rest;
    }
  }
}
