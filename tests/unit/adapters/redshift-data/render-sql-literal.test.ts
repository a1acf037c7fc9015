import { renderNamedLiterals, renderSqlLiteral } from '../../../../shared/adapters/redshift-data/render-sql-literal';

describe('renderSqlLiteral', () => {
  it.each([
    [null, 'NULL'],
    [true, 'TRUE'],
    [false, 'FALSE'],
    [0, '0'],
    [545_000_000, '545000000'],
    [1.25, '1.25'],
    [-7, '(-7)'],
    ['', "''"],
    ["O'Brien", "'O''Brien'"],
    ['C:\\temp\\', "'C:\\\\temp\\\\'"],
    ["\\'; drop table ops.batches; --", "'\\\\''; drop table ops.batches; --'"],
    ['Nguyễn Văn Đức', "'Nguyễn Văn Đức'"],
    ['line\nbreak', "'line\nbreak'"],
  ])('renders %j as %s', (value, literal) => {
    // Act + Assess
    expect(renderSqlLiteral(value)).toBe(literal);
  });

  it.each([
    [Number.NaN, /not a finite number/],
    [Number.POSITIVE_INFINITY, /not a finite number/],
    [1e21, /no plain decimal form/],
    [1e-7, /no plain decimal form/],
    ['nul\u0000byte', /NUL character/],
  ])('refuses %j', (value, message) => {
    // Act + Assess
    expect(() => renderSqlLiteral(value)).toThrow(message);
  });

  it('refuses a value of another type', () => {
    // Act + Assess
    expect(() => renderSqlLiteral({} as unknown as string)).toThrow(/unsupported SQL value of type object/);
  });

  it('keeps a negative number from turning `x -:n` into a comment', () => {
    // Act
    const sql = renderNamedLiterals('select 10 -:n as x', { n: -3 });
    // Assess
    expect(sql).toBe('select 10 -(-3) as x');
  });
});

describe('renderNamedLiterals', () => {
  it('replaces every use of a name and leaves casts and quoted colons alone', () => {
    // Act
    const sql = renderNamedLiterals("select :a, '1'::int, ':a', :a || :b", { a: "it's", b: null });
    // Assess
    expect(sql).toBe("select 'it''s', '1'::int, ':a', 'it''s' || NULL");
  });

  it('refuses a placeholder without a value and a value without a placeholder', () => {
    // Act + Assess
    expect(() => renderNamedLiterals('select :a', {})).toThrow(/missing SQL parameter\(s\): :a/);
    expect(() => renderNamedLiterals('select 1', { a: 1 })).toThrow(/unknown SQL parameter\(s\).*:a/);
  });
});
