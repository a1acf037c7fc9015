import { neutralizeFormula } from '../../../shared/steps/export/neutralize-formula';
import { cellValue, type SheetColumn } from '../../../shared/steps/export/sheet-columns';

describe('neutralizeFormula', () => {
  it.each(['=1+1', '+84903123456', '-2+3', '@SUM(A1:A2)', '\t=cmd', '\r=cmd', '=HYPERLINK("http://evil","x")', '＝1+1'])(
    'prefixes %j with an apostrophe so it stays text',
    (text) => {
      // Act
      const out = neutralizeFormula(text);
      // Assess
      expect(out).toBe(`'${text}`);
    },
  );

  it.each(['Nguyễn Văn An', '0903123456', 'Toyota Vios 1.5G', '', ' =not first', 'a=b', "'already"])('leaves %j as it is', (text) => {
    // Act + Assess
    expect(neutralizeFormula(text)).toBe(text);
  });
});

describe('cellValue', () => {
  const text: SheetColumn = { key: 'v', header: 'V', kind: 'text', width: 10 };
  const id: SheetColumn = { key: 'v', header: 'V', kind: 'id', width: 10 };
  const link: SheetColumn = { key: 'url', header: 'Listing', kind: 'link', width: 10, linkTextKey: 'title' };
  const vnd: SheetColumn = { key: 'v', header: 'V', kind: 'vnd', width: 10 };
  const date: SheetColumn = { key: 'v', header: 'V', kind: 'date', width: 10 };

  it('neutralizes text and ids from data', () => {
    // Act + Assess
    expect(cellValue(text, { v: '=cmd|" /C calc"!A0' })).toBe(`'=cmd|" /C calc"!A0`);
    expect(cellValue(id, { v: '-0903' })).toBe("'-0903");
  });

  it('keeps a phone as text with its leading zero', () => {
    // Act + Assess
    expect(cellValue(id, { v: '0903123456' })).toBe('0903123456');
  });

  it('neutralizes the shown text of a link and refuses a target that is not http(s)', () => {
    // Act + Assess
    expect(cellValue(link, { url: 'https://xe.chotot.com/1.htm', title: '@Bán gấp' })).toEqual({ text: "'@Bán gấp", hyperlink: 'https://xe.chotot.com/1.htm' });
    expect(cellValue(link, { url: 'javascript:alert(1)', title: 'x' })).toBe('javascript:alert(1)');
    expect(cellValue(link, { url: '=HYPERLINK("x")', title: 'x' })).toBe(`'=HYPERLINK("x")`);
  });

  it('turns warehouse numbers and dates into numbers and Dates', () => {
    // Act + Assess: pg returns bigint as a string
    expect(cellValue(vnd, { v: '545000000' })).toBe(545_000_000);
    expect(cellValue(vnd, { v: 'n/a' })).toBeNull();
    expect(cellValue(date, { v: '2026-11-30' })).toEqual(new Date('2026-11-30T00:00:00Z'));
    expect(cellValue(date, { v: '2026-11-30 08:15:00' })).toEqual(new Date('2026-11-30T08:15:00Z'));
  });
});
