import { fillSqlTemplate, loadSqlTemplate, SqlIdentifierError } from '../../../shared/sql';

describe('SQL templates', () => {
  it('fills a table, a column list and a boolean option', () => {
    // Act
    const sql = fillSqlTemplate('copy {{table}} ({{columns}}) from stdin with (header {{header}})', {
      table: 'staging.stg_listings',
      columns: 'batch_id, source, listing_id',
      header: false,
    });
    // Assess
    expect(sql).toBe('copy staging.stg_listings (batch_id, source, listing_id) from stdin with (header false)');
  });

  it.each([
    ['a statement smuggled into a table name', { table: 'staging.t; drop table core.listings' }],
    ['a quoted identifier', { table: 'staging."T"' }],
    ['a value without a marker', { table: 'staging.t', extra: 'x' }],
    ['a marker without a value', {}],
  ])('refuses %s', (_case, values) => {
    // Act + Assess
    expect(() => fillSqlTemplate('analyze {{table}}', values)).toThrow(SqlIdentifierError);
  });

  it('loads a template file as its one statement, comments and all, without the semicolon', () => {
    // Act
    const sql = loadSqlTemplate('postgres/copy_csv_from_blob', { table: 'staging.stg_listings', columns: 'batch_id, source', header: true });
    // Assess
    expect(sql).toMatch(/^-- PostgreSQL only/);
    expect(sql).toMatch(/\ncopy staging\.stg_listings \(batch_id, source\) from '\/dev\/blob' with \(format csv, header true\)$/);
  });
});
