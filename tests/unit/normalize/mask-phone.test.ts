import fc from 'fast-check';
import { maskPhone } from '../../../shared/normalize';

describe('maskPhone', () => {
  test.each([
    ['0903123456', '0903***456'],
    ['0389123456', '0389***456'],
    ['+84903123456', '+849***456'],
    ['1234567', '***'],
    ['', '***'],
  ])('masks %j as %j', (phone, expected) => {
    // Act
    const masked = maskPhone(phone);

    // Assess
    expect(masked).toBe(expected);
  });

  test('hides digits 5 to 7 of any 10-digit number and keeps its length', () => {
    fc.assert(
      fc.property(fc.stringMatching(/^0\d{9}$/), (phone) => {
        const masked = maskPhone(phone);
        expect(masked).toHaveLength(10);
        expect(masked.slice(4, 7)).toBe('***');
        expect(masked.replace(/\*/g, '')).toBe(phone.slice(0, 4) + phone.slice(7));
      }),
      { numRuns: 500 },
    );
  });
});
