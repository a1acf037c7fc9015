import fc from 'fast-check';
import { sanitizeRecord, sanitizeText } from '../../../shared/steps/clean/sanitize-text';

const found = () => ({ controls: 0, invalidCharacters: 0 });

describe('sanitizeText', () => {
  it.each([
    ['Nguyễn\u0000Văn', 'NguyễnVăn'],
    ['An\tBình\nHà\r\nNội', 'An Bình Hà  Nội'],
    ['\u0007\u001b\u007f\u0085\u009f', ''],
    ['Vios \ud800G', 'Vios \ufffdG'],
    ['\udfffx', '\ufffdx'],
    ['🚗 xe', '🚗 xe'],
    ['ok\uffff\ufffe\ufdd0', 'ok\ufffd\ufffd\ufffd'],
    ['Lê \ufffd Tám', 'Lê \ufffd Tám'],
  ])('%j → %j', (input, output) => {
    expect(sanitizeText(input, found())).toBe(output);
  });

  it('leaves nothing PostgreSQL or Redshift refuse, and well-formed text unchanged', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary' }), (value) => {
        const clean = sanitizeText(value, found());
        expect(clean).not.toMatch(/[\u0000-\u001f\u007f-\u009f\ufffe\uffff]/);
        expect(Buffer.from(clean, 'utf8').toString('utf8')).toBe(clean); // no lone surrogate survives a UTF-8 round trip
        if (!/[\u0000-\u001f\u007f-\u009f\ud800-\udfff\ufdd0-\ufdef\ufffe\uffff]/.test(value)) expect(clean).toBe(value);
      }),
    );
  });
});

describe('sanitizeRecord', () => {
  it('cleans top-level strings in place, nulls infinite numbers, and names what it changed', () => {
    const record: Record<string, unknown> = { a: 'x\u0000y', b: '\ud800', c: Number.POSITIVE_INFINITY, d: { e: '\u0000' }, f: 5 };
    expect(sanitizeRecord(record)).toEqual(['number_out_of_range', 'control_characters_removed', 'invalid_characters_replaced']);
    expect(record).toEqual({ a: 'xy', b: '\ufffd', c: null, d: { e: '\u0000' }, f: 5 });
  });
});

