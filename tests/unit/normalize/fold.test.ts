import fc from 'fast-check';
import { foldVietnamese } from '../../../shared/normalize';
import { foldVietnameseReference } from '../../../shared/normalize/fold';
import { VIETNAMESE_LETTERS } from './malformed-inputs';

const vietnameseText = fc.string({
  unit: fc.constantFrom(...VIETNAMESE_LETTERS, ' ', '  ', '\t', '\u00a0', '-', '.', '1', 'A'),
  maxLength: 40,
});

describe('foldVietnamese', () => {
  test.each([
    ['Nguyễn Văn An', 'nguyen van an'],
    ['NGUYỄN VĂN AN', 'nguyen van an'],
    ['  Trần   Thị\tBích  ', 'tran thi bich'],
    ['Đặng Đình Đức', 'dang dinh duc'],
    ['đường Điện Biên Phủ', 'duong dien bien phu'],
    ['Hồ Chí Minh\u00a0City', 'ho chi minh city'],
    ['Thành phố Thủ Đức', 'thanh pho thu duc'],
    ['Ðà Nẵng', 'da nang'], // Icelandic Ð (U+00D0) from old encodings, not Đ (U+0110)
    ['Nguye\u0302\u0303n', 'nguyen'], // decomposed (NFD) input
    ['Thoả thuận', 'thoa thuan'],
    ['Thỏa thuận', 'thoa thuan'],
    ['Xe lướt 🚗 đẹp', 'xe luot 🚗 dep'],
    ['already folded', 'already folded'],
    ['', ''],
    ['   ', ''],
  ])('folds %j to %j', (input, expected) => {
    // Act
    const folded = foldVietnamese(input);

    // Assess
    expect(folded).toBe(expected);
  });

  test('leaves already folded text unchanged', () => {
    // Prepare
    const input = 'nguyen van an 0903 vf8-plus';

    // Act
    const folded = foldVietnamese(input);

    // Assess
    expect(folded).toBe(input);
  });

  test('is idempotent on Vietnamese text', () => {
    fc.assert(
      fc.property(vietnameseText, (text) => {
        const once = foldVietnamese(text);
        expect(foldVietnamese(once)).toBe(once);
      }),
      { numRuns: 2000 },
    );
  });

  test('is idempotent on arbitrary Unicode', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 30 }), (text) => {
        const once = foldVietnamese(text);
        expect(foldVietnamese(once)).toBe(once);
      }),
      { numRuns: 2000 },
    );
  });

  test('turns every Vietnamese letter into ASCII', () => {
    fc.assert(
      fc.property(vietnameseText, (text) => {
        expect(foldVietnamese(text)).toMatch(/^[\x20-\x7e]*$/);
      }),
      { numRuns: 2000 },
    );
  });

  test('maps each Vietnamese letter to one lower-case ASCII letter', () => {
    // Act
    const folded = VIETNAMESE_LETTERS.map((l) => foldVietnamese(l));

    // Assess
    for (const f of folded) expect(f).toMatch(/^[a-z]$/);
  });

  test('agrees with the reference definition on Vietnamese text, in NFC and NFD', () => {
    fc.assert(
      fc.property(vietnameseText, fc.boolean(), (text, decompose) => {
        const input = decompose ? text.normalize('NFD') : text;
        expect(foldVietnamese(input)).toBe(foldVietnameseReference(input));
      }),
      { numRuns: 2000 },
    );
  });

  test('agrees with the reference definition on arbitrary Unicode', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 30 }), (text) => {
        expect(foldVietnamese(text)).toBe(foldVietnameseReference(text));
      }),
      { numRuns: 3000 },
    );
  });

  test('never leaves leading, trailing or doubled spaces', () => {
    fc.assert(
      fc.property(vietnameseText, (text) => {
        const folded = foldVietnamese(text);
        expect(folded).not.toMatch(/^\s|\s$|\s\s/);
      }),
      { numRuns: 2000 },
    );
  });
});
