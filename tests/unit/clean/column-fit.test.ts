import { columnFitter, cutToBytes, fitsType, isLoadableDateTime } from '../../../shared/steps/clean/column-fit';

describe('what the warehouse columns take', () => {
  it.each([
    [2_147_483_647, 'int4', true],
    [2_147_483_648, 'int4', false],
    [-2_147_483_649, 'int4', false],
    [2019.5, 'int4', false],
    [9_223_372_036_854_774_784, 'int8', true], // the largest double below 2^63
    [2 ** 63, 'int8', false], // 9223372036854775808: what 9223372036854775807 reads as in JSON
    [1e21, 'int8', false],
    [1.2345678901234568e22, 'int8', false],
    [545_000_000, 'int8', true],
    [Number.NaN, 'int8', false],
    ['545000000', 'int8', false],
    [true, 'boolean', true],
    ['true', 'boolean', false],
  ] as const)('%p fits %s: %p', (value, type, fits) => {
    expect(fitsType(value, type)).toBe(fits);
  });

  it.each([
    ['2024-02-29', true],
    ['2023-02-29', false],
    ['0000-01-01', false],
    ['0001-01-01', false],
    ['10000-01-01', false],
    ['9999-12-31', false], // inside PostgreSQL's range, outside any real fact: nulled
    ['2026-11-20T01:00:00.000Z', true],
    ['2026-11-20T08:00:00+07:00', true],
    ['2026-11-20 09:30:00', true],
    ['2026-11-20T24:00:00Z', false],
    ['2026-11-20T08:00:00+99:00', false],
    ['2026-11-20T08:61:00Z', false],
    ['hôm qua', false],
  ])('%s is a loadable date or time: %p', (value, loadable) => {
    expect(isLoadableDateTime(value)).toBe(loadable);
  });

  it('cuts text to a byte width between characters, never inside one', () => {
    expect(cutToBytes('Đặc biệt', 4)).toBe('Đ'); // Đ (2 bytes) + ặ (3 bytes) = 5 > 4
    expect(Buffer.byteLength(cutToBytes('🚗🚗🚗', 7))).toBe(4);
    expect(cutToBytes('abc', 10)).toBe('abc');
  });
});

describe('columnFitter', () => {
  const fitRow = columnFitter({
    columns: ['key', 'note', 'email', 'year', 'price', 'at', 'scraped_at'],
    maxBytes: { key: 4, note: 4, email: 4 },
    types: { year: 'int4', price: 'int8', at: 'timestamptz', scraped_at: 'timestamptz' },
    required: ['key', 'scraped_at'],
    tooLong: { email: 'null' },
  });

  it('returns null when every value fits (the common case costs nothing)', () => {
    expect(fitRow(['k1', 'ab', 'a@b', 2019, 1, '2026-01-01T00:00:00Z', '2026-01-01T00:00:00Z'])).toBeNull();
  });

  it('nulls numbers and dates out of range, cuts or nulls long text, with a warning for each', () => {
    expect(fitRow(['k1', 'abcdef', 'a@bcdef', 99_999_999_999, 1e30, '0000-01-01T00:00:00Z', '2026-01-01T00:00:00Z'])).toEqual({
      values: ['k1', 'abcd', null, null, null, null, '2026-01-01T00:00:00Z'],
      warnings: ['out_of_range:year', 'out_of_range:price', 'out_of_range:at', 'truncated:note', 'too_long:email'],
      reasons: [],
    });
  });

  it('rejects only when a NOT NULL column cannot take its value', () => {
    expect(fitRow(['k12345', null, null, null, null, null, '10000-01-01T00:00:00Z'])?.reasons).toEqual(['field_out_of_range:scraped_at', 'field_too_long:key']);
  });
});
