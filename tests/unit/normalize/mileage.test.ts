import fc from 'fast-check';
import { parseMileageKm } from '../../../shared/normalize';
import { MALFORMED_INPUTS } from './malformed-inputs';

function group(n: number, sep: string): string {
  return String(n).replace(/\B(?=(\d{3})+(?!\d))/g, sep);
}

describe('parseMileageKm', () => {
  test.each<[string, unknown, number | null]>([
    ['a number', 42000, 42000],
    ['a fractional number', 42000.6, 42001],
    ['zero', 0, 0],
    ['dot grouping with km', '42.000 km', 42000],
    ['comma grouping glued to km', '42,000km', 42000],
    ['space grouping', '42 000 km', 42000],
    ['plain digits', '42000', 42000],
    ['KM in capitals', '42.000 KM', 42000],
    ['vạn', '5 vạn km', 50000],
    ['vạn without diacritics', '5 van km', 50000],
    ['decimal vạn', '4,2 vạn km', 42000],
    ['decimal vạn with a dot', '4.2 vạn', 42000],
    ['v shorthand', '4v', 40000],
    ['v shorthand in a sentence', 'chạy hơn 4v đen quyền lực', 40000],
    ['a digit after vạn', '1 vạn 2', 12000],
    ['k', '42k km', 42000],
    ['nghìn', '42 nghìn km', 42000],
    ['ngàn', '42 ngàn km', 42000],
    ['cây số', '42.000 cây số', 42000],
    ['vạn cây', '5 vạn cây', 50000],
    ['ODO lead-in', 'ODO: 42.000 km', 42000],
    ['đã đi lead-in', 'đã đi 42000 km', 42000],
    ['free text after km', '42.000 km chính chủ', 42000],
    ['a note in parentheses', '42000 (chuẩn)', 42000],
    ['a negative number', -5000, null],
    ['a negative string', '-5000', null],
    ['miles', '42000 miles', null],
    ['a number then another number', '42000 50000', null],
    ['words', 'xe gia đình', null],
    ['bad grouping', '4.20.00 km', null],
  ])('reads %s', (_label, input, expected) => {
    // Act
    const km = parseMileageKm(input);

    // Assess
    expect(km).toBe(expected);
  });

  test.each(MALFORMED_INPUTS)('gives null for %s', (_label, input) => {
    // Act
    const km = parseMileageKm(input);

    // Assess
    expect(km).toBeNull();
  });

  test('reads any formatted whole number of km as that number', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 2_000_000 }), fc.constantFrom('.', ',', ' ', ''), fc.constantFrom('', ' km', 'km', ' Km'), (n, sep, unit) => {
        expect(parseMileageKm(group(n, sep) + unit)).toBe(n);
      }),
      { numRuns: 2000 },
    );
  });

  test('reads "<n> vạn" and "<n>,<d> vạn" as tens of thousands', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 99 }), fc.integer({ min: 0, max: 9 }), (n, d) => {
        expect(parseMileageKm(`${n} vạn km`)).toBe(n * 10_000);
        expect(parseMileageKm(`${n},${d} vạn km`)).toBe(n * 10_000 + d * 1_000);
      }),
      { numRuns: 500 },
    );
  });
});
