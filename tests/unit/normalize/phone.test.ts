import fc from 'fast-check';
import { normalizePhone, type PhoneResult } from '../../../shared/normalize';
import { MALFORMED_INPUTS } from './malformed-inputs';

const ok = (phone: string, others: string[] = []): PhoneResult => ({ ok: true, phone, others });
const invalid: PhoneResult = { ok: false, reason: 'phone_invalid' };
const missing: PhoneResult = { ok: false, reason: 'phone_missing' };

const VALID_CODES = [
  '32', '33', '34', '35', '36', '37', '38', '39', '52', '55', '56', '58', '59', '70', '76', '77', '78', '79',
  '81', '82', '83', '84', '85', '86', '87', '88', '89', '90', '91', '92', '93', '94', '96', '97', '98', '99',
];
/** The 2018 conversions, old 4-digit prefix → new 3-digit prefix. */
const CONVERSIONS: ReadonlyArray<readonly [string, string]> = [
  ['0162', '032'], ['0163', '033'], ['0164', '034'], ['0165', '035'], ['0166', '036'], ['0167', '037'],
  ['0168', '038'], ['0169', '039'],
  ['0120', '070'], ['0121', '079'], ['0122', '077'], ['0126', '076'], ['0128', '078'],
  ['0123', '083'], ['0124', '084'], ['0125', '085'], ['0127', '081'], ['0129', '082'],
  ['0186', '056'], ['0188', '058'], ['0199', '059'],
];

const validPhone = fc
  .tuple(fc.constantFrom(...VALID_CODES), fc.stringMatching(/^\d{7}$/))
  .map(([code, rest]) => `0${code}${rest}`);

/** Inserts separators between some digits: spaces, dots, dashes. */
function withNoise(digits: string, noise: readonly string[]): string {
  let out = '';
  for (let i = 0; i < digits.length; i++) out += digits[i] + (noise[i] ?? '');
  return out;
}
const noiseArb = fc.array(fc.constantFrom('', '', '', ' ', '.', '-', '  ', ' - '), { minLength: 12, maxLength: 12 });

describe('normalizePhone', () => {
  test.each<[string, unknown, PhoneResult]>([
    ['a clean number', '0903123456', ok('0903123456')],
    ['+84 with spaces', '+84 903 123 456', ok('0903123456')],
    ['84 without plus', '84903123456', ok('0903123456')],
    ['00 84 international prefix', '0084 903 123 456', ok('0903123456')],
    ['+84 (0) with the trunk zero kept', '+84 (0) 903 123 456', ok('0903123456')],
    ['a number that lost its 0', 903123456, ok('0903123456')],
    ['a string that lost its 0', '903123456', ok('0903123456')],
    ['dots', '0903.123.456', ok('0903123456')],
    ['dashes', '0903-123-456', ok('0903123456')],
    ['parentheses', '(0903) 123 456', ok('0903123456')],
    ['a label before the number', 'ĐT: 0903 123 456', ok('0903123456')],
    ['a name after the number', '0903123456 (anh Hùng)', ok('0903123456')],
    ['an old Viettel number', '01689123456', ok('0389123456')],
    ['an old number with +84', '+84 168 9123456', ok('0389123456')],
    ['an old number with 84', '841689123456', ok('0389123456')],
    ['an old number stored as a number', 1689123456, ok('0389123456')],
    ['an old number with dots', '0168.912.3456', ok('0389123456')],
    ['a 9-digit VinaPhone 084 number that lost its 0', 841234567, ok('0841234567')],
    ['two numbers with a slash', '0903123456 / 0912345678', ok('0903123456', ['0912345678'])],
    ['two numbers with a comma', '0903123456, 0912 345 678', ok('0903123456', ['0912345678'])],
    ['two numbers with a dash', '0903123456-0912345678', ok('0903123456', ['0912345678'])],
    ['two numbers with a space', '0903123456 0912345678', ok('0903123456', ['0912345678'])],
    ['two numbers glued', '09031234560912345678', ok('0903123456', ['0912345678'])],
    ['two numbers joined by a word', '0903123456 hoặc 0912345678', ok('0903123456', ['0912345678'])],
    ['three numbers with a repeat', '0903123456; 0912345678; 0903123456', ok('0903123456', ['0912345678'])],
    ['an old and a new number', '01689123456 / 0903123456', ok('0389123456', ['0903123456'])],
    ['a landline then a mobile', '(028) 3823 4567 - 0903 123 456', ok('0903123456')],
    ['an invalid first number then a valid one', '0953123456 / 0912345678', ok('0912345678')],
    ['Gmobile 099', '0993123456', ok('0993123456')],
    ['Vietnamobile 092', '0923123456', ok('0923123456')],
    ['Itel 087', '0873123456', ok('0873123456')],
    ['Wintel 055', '0553123456', ok('0553123456')],
    ['the unallocated 095', '0953123456', invalid],
    ['the unallocated 080', '0803123456', invalid],
    ['a Hồ Chí Minh City landline', '028 3823 4567', invalid],
    ['a Hà Nội landline', '02438234567', invalid],
    ['an old Gmobile number followed by a letter', '01991234567x', ok('0591234567')],
    ['a number with one digit too many', '09031234567', invalid],
    ['an unknown old prefix', '01301234567', invalid],
    ['too few digits', '090312345', invalid],
    ['too many digits', '090312345678', invalid],
    ['all zeros', '0000000000', invalid],
    ['a masked number', '0903***456', invalid],
    ['a negative number', -903123456, invalid],
    ['a fractional number', 903123456.5, invalid],
    ['zero', 0, invalid],
    ['no digits at all', 'không có', missing],
    ['a dash placeholder', '-', missing],
  ])('reads %s', (_label, input, expected) => {
    // Act
    const result = normalizePhone(input);

    // Assess
    expect(result).toEqual(expected);
  });

  test.each(CONVERSIONS)('converts the old prefix %s to %s', (oldPrefix, newPrefix) => {
    // Prepare
    const input = `${oldPrefix}1234567`;

    // Act
    const result = normalizePhone(input);

    // Assess
    expect(result).toEqual(ok(`${newPrefix}1234567`));
  });

  test.each(MALFORMED_INPUTS)('rejects %s: missing when there is nothing to read, else invalid', (_label, input) => {
    // Prepare: blank and digit-free strings, null and undefined hold no number; other types are wrong values.
    const expected = input === null || input === undefined || typeof input === 'string' ? missing : invalid;

    // Act
    const result = normalizePhone(input);

    // Assess
    expect(result).toEqual(expected);
  });

  test('gives the same number under any formatting noise, +84/84 prefix or number type', () => {
    fc.assert(
      fc.property(
        validPhone,
        noiseArb,
        fc.constantFrom('0', '+84', '84', '+84 ', '0084', '+84 (0) ', 'number'),
        (phone, noise, prefix) => {
          const national = phone.slice(1);
          const input = prefix === 'number' ? Number(national) : prefix + withNoise(prefix === '0' ? phone.slice(1) : national, noise);
          const expected = ok(phone);
          expect(normalizePhone(input)).toEqual(expected);
        },
      ),
      { numRuns: 3000 },
    );
  });

  test('converts every generated old 11-digit number whatever its formatting', () => {
    fc.assert(
      fc.property(fc.constantFrom(...CONVERSIONS), fc.stringMatching(/^\d{7}$/), noiseArb, ([oldPrefix, newPrefix], rest, noise) => {
        const input = withNoise(oldPrefix + rest, noise);
        expect(normalizePhone(input)).toEqual(ok(newPrefix + rest));
      }),
      { numRuns: 1000 },
    );
  });

  test('finds both numbers of a two-number field whatever the separator', () => {
    fc.assert(
      fc.property(validPhone, validPhone, fc.constantFrom(' / ', ', ', '-', ' ', ';', ' - ', '\n', ' hoặc '), (a, b, sep) => {
        fc.pre(a !== b);
        expect(normalizePhone(a + sep + b)).toEqual(ok(a, [b]));
      }),
      { numRuns: 1000 },
    );
  });
});
