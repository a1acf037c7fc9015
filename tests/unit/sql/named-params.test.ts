import { checkNamedParams, namedParams, scanSql, splitSqlStatements, SqlParameterError, toPositionalParams } from '../../../shared/sql';

describe('named parameters', () => {
  it('finds :name but not casts, string or identifier contents, or comments', () => {
    // Prepare
    const sql = [
      "select :a, x::int, ':b', E'it\\'s :c', \"col:d\", $$ :e $$, $tag$ :f $tag$",
      '-- :g',
      '/* :h /* nested :i */ still comment :j */',
      'from t where y = :k and z = :a',
    ].join('\n');
    // Act + Assess
    expect(namedParams(sql)).toEqual(['a', 'k']);
  });

  it('numbers distinct names in order of first use and reuses the number', () => {
    // Act
    const { text, values } = toPositionalParams('select :b, :a, :b, x::text', { a: 1, b: 'two' });
    // Assess
    expect(text).toBe('select $1, $2, $1, x::text');
    expect(values).toEqual(['two', 1]);
  });

  it('treats null as a value and undefined as missing', () => {
    // Act + Assess
    expect(toPositionalParams('select :a', { a: null }).values).toEqual([null]);
    expect(() => toPositionalParams('select :a', { a: undefined })).toThrow(SqlParameterError);
    expect(() => checkNamedParams(['select :a'], {})).toThrow('missing SQL parameter(s): :a');
    expect(() => checkNamedParams(['select :a'], { a: 1, b: 2 })).toThrow('unknown SQL parameter(s), not in the statement: :b');
  });

  it('splits statements on top-level semicolons only and drops comment-only pieces', () => {
    // Prepare
    const sql = "-- header\nupdate t set a = ';';\n\ninsert into t values (:x) /* ; */;\n-- trailing comment\n";
    // Act
    const statements = splitSqlStatements(sql);
    // Assess
    expect(statements).toEqual(["-- header\nupdate t set a = ';'", 'insert into t values (:x) /* ; */']);
  });

  it('gives each statement its own parameter offsets', () => {
    // Act
    const [first, second] = scanSql('select :a;\nselect :b, :a').statements;
    // Assess
    expect(first?.params.map((p) => p.name)).toEqual(['a']);
    expect(second?.params.map((p) => [p.name, second.text.slice(p.start, p.end)])).toEqual([
      ['b', ':b'],
      ['a', ':a'],
    ]);
  });

  it('does not read a positional $1 as a dollar quote', () => {
    // Act + Assess
    expect(namedParams('select $1, :a, $2')).toEqual(['a']);
  });
});
