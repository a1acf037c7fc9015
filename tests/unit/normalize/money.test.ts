import fc from 'fast-check';
import { parseVnd, type MoneyResult } from '../../../shared/normalize';
import { MALFORMED_INPUTS } from './malformed-inputs';

const vnd = (amount: number, negotiable = false): MoneyResult => ({ vnd: amount, negotiable });
const NEGOTIABLE: MoneyResult = { vnd: null, negotiable: true };

/** 545000000 → '545.000.000' with the given separator. */
function group(n: number, sep: string): string {
  return String(n).replace(/\B(?=(\d{3})+(?!\d))/g, sep);
}

describe('parseVnd', () => {
  test.each<[string, unknown, MoneyResult | null]>([
    ['a number', 545_000_000, vnd(545_000_000)],
    ['a fractional number', 545_000_000.4, vnd(545_000_000)],
    ['zero', 0, vnd(0)],
    ['dot grouping', '545.000.000', vnd(545_000_000)],
    ['comma grouping', '545,000,000', vnd(545_000_000)],
    ['space grouping', '545 000 000', vnd(545_000_000)],
    ['plain digits', '545000000', vnd(545_000_000)],
    ['dong sign', '800.000.000 đ', vnd(800_000_000)],
    ['glued dong sign', '800.000.000đ', vnd(800_000_000)],
    ['VNĐ', '800.000.000 VNĐ', vnd(800_000_000)],
    ['VND', '800,000,000 VND', vnd(800_000_000)],
    ['₫', '800.000.000 ₫', vnd(800_000_000)],
    ['đồng', '800.000.000 đồng', vnd(800_000_000)],
    ['decimal cents', '545000000.00', vnd(545_000_000)],
    ['European decimals', '545.000.000,00', vnd(545_000_000)],
    ['US decimals', '545,000,000.00', vnd(545_000_000)],
    ['tỷ and triệu', '1 tỷ 200 triệu', vnd(1_200_000_000)],
    ['tỉ spelling', '1 tỉ 200 triệu', vnd(1_200_000_000)],
    ['no diacritics', '1 ty 200 trieu', vnd(1_200_000_000)],
    ['upper case', '1 TỶ 200 TRIỆU', vnd(1_200_000_000)],
    ['decimal comma tỷ', '1,2 tỷ', vnd(1_200_000_000)],
    ['decimal dot tỷ', '1.2 tỷ', vnd(1_200_000_000)],
    ['two decimals tỷ', '1,25 tỷ', vnd(1_250_000_000)],
    ['three decimals tỷ', '2,125 tỷ', vnd(2_125_000_000)],
    ['a digit after tỷ', '1 tỷ 2', vnd(1_200_000_000)],
    ['two digits after tỷ', '1 tỷ 25', vnd(1_250_000_000)],
    ['three digits after tỷ', '1 tỷ 250', vnd(1_250_000_000)],
    ['glued', '1ty2', vnd(1_200_000_000)],
    ['rưỡi', '1 tỷ rưỡi', vnd(1_500_000_000)],
    ['tỏi slang', '2 tỏi', vnd(2_000_000_000)],
    ['tr', '850tr', vnd(850_000_000)],
    ['tr with a space', '850 tr', vnd(850_000_000)],
    ['triệu', '850 triệu', vnd(850_000_000)],
    ['củ slang', '850 củ', vnd(850_000_000)],
    ['grouped triệu', '1.200 triệu', vnd(1_200_000_000)],
    ['decimal triệu', '2,5 triệu', vnd(2_500_000)],
    ['k', '500k', vnd(500_000)],
    ['nghìn', '500 nghìn', vnd(500_000)],
    ['triệu and nghìn', '850 triệu 500 nghìn', vnd(850_500_000)],
    ['a lead-in', 'Giá: 1 tỷ 250', vnd(1_250_000_000)],
    ['a longer lead-in', 'Giá chỉ 545 triệu', vnd(545_000_000)],
    ['khoảng', 'khoảng 700tr', vnd(700_000_000)],
    ['trailing words after a unit', '850 triệu bao sang tên', vnd(850_000_000)],
    ['a note in parentheses', '545.000.000 (đã gồm VAT)', vnd(545_000_000)],
    ['negotiable after an amount', '800 triệu (còn thương lượng)', vnd(800_000_000, true)],
    ['TL after an amount', '800tr có TL', vnd(800_000_000, true)],
    ['contact details after an amount', '800tr, LH 0903123456', vnd(800_000_000)],
    ['contact details without an amount', 'Liên hệ 0903123456', NEGOTIABLE],
    ['Giá thỏa thuận', 'Giá thỏa thuận', NEGOTIABLE],
    ['thoả thuận', 'thoả thuận', NEGOTIABLE],
    ['THỎA THUẬN', 'THỎA THUẬN', NEGOTIABLE],
    ['Liên hệ', 'Liên hệ', NEGOTIABLE],
    ['LH', 'LH', NEGOTIABLE],
    ['thương lượng', 'Thương lượng', NEGOTIABLE],
    ['a masked price', 'Giá chỉ : 5xx', null],
    ['a range', '800 - 850 triệu', null],
    ['units out of order', '200 triệu 1 tỷ', null],
    ['bad grouping', '1.23.4', null],
    ['a negative number', -5_000_000, null],
    ['a negative string', '-5.000.000', null],
    ['words', 'xe đẹp', null],
    ['a number then words', '545000000 abc', null],
    ['another currency', '30000 USD', null],
  ])('reads %s', (_label, input, expected) => {
    // Act
    const result = parseVnd(input);

    // Assess
    expect(result).toEqual(expected);
  });

  test.each(MALFORMED_INPUTS)('gives null for %s', (_label, input) => {
    // Act
    const result = parseVnd(input);

    // Assess
    expect(result).toBeNull();
  });

  test('reads any formatted whole number as that number', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 100_000_000_000 }),
        fc.constantFrom('.', ',', ' ', ''),
        fc.constantFrom('', ' đ', 'đ', ' VNĐ', ' vnd', ' đồng'),
        (n, sep, suffix) => {
          expect(parseVnd(group(n, sep) + suffix)).toEqual(vnd(n));
        },
      ),
      { numRuns: 3000 },
    );
  });

  test('reads "<a> tỷ <b> triệu" as a billion and b million', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 99 }), fc.integer({ min: 1, max: 999 }), fc.boolean(), (a, b, folded) => {
        const text = folded ? `${a} ty ${b} trieu` : `${a} tỷ ${b} triệu`;
        expect(parseVnd(text)).toEqual(vnd(a * 1_000_000_000 + b * 1_000_000));
      }),
      { numRuns: 1000 },
    );
  });

  test('reads decimal tỷ exactly, without floating-point drift', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 99 }), fc.integer({ min: 1, max: 999 }), fc.constantFrom(',', '.'), (whole, frac, sep) => {
        const fracText = String(frac).padStart(3, '0');
        const expected = whole * 1_000_000_000 + frac * 1_000_000;
        expect(parseVnd(`${whole}${sep}${fracText} tỷ`)).toEqual(vnd(expected));
      }),
      { numRuns: 1000 },
    );
  });
});
