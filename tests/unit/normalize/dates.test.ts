import fc from 'fast-check';
import { ageToBirthYear, parseDate, yearOf } from '../../../shared/normalize';
import { MALFORMED_INPUTS } from './malformed-inputs';

const DAY_MS = 86_400_000;
/** Excel 1900 system: serial of a date from 1900-03-01 on is its day count from 1899-12-30. */
const excelSerial = (y: number, m: number, d: number): number => (Date.UTC(y, m - 1, d) - Date.UTC(1899, 11, 30)) / DAY_MS;
const pad = (n: number): string => String(n).padStart(2, '0');

const validDate = fc
  .date({ min: new Date(Date.UTC(1920, 0, 1)), max: new Date(Date.UTC(2100, 11, 31)), noInvalidDate: true })
  .map((date) => ({ y: date.getUTCFullYear(), m: date.getUTCMonth() + 1, d: date.getUTCDate() }));

describe('parseDate', () => {
  test.each<[string, unknown, string | null]>([
    ['dd/mm/yyyy', '15/03/2020', '2020-03-15'],
    ['d/m/yyyy', '5/3/2020', '2020-03-05'],
    ['day first even when both could be a month', '03/04/2020', '2020-04-03'],
    ['dd-mm-yyyy', '15-03-2020', '2020-03-15'],
    ['dd.mm.yyyy', '15.03.2020', '2020-03-15'],
    ['spaces around separators', '15 / 03 / 2020', '2020-03-15'],
    ['a trailing time', '15/03/2020 10:30', '2020-03-15'],
    ['a trailing time with seconds', '15/03/2020 10:30:59', '2020-03-15'],
    ['a trailing Vietnamese time', '15/03/2020 10h30', '2020-03-15'],
    ['yyyy-mm-dd', '2020-03-15', '2020-03-15'],
    ['yyyy/mm/dd', '2020/03/15', '2020-03-15'],
    ['yyyy.mm.dd', '2020.03.15', '2020-03-15'],
    ['yyyy-m-d', '2020-3-5', '2020-03-05'],
    ['an ISO date-time without offset keeps its date', '2020-03-15T23:30:00', '2020-03-15'],
    ['an SQL date-time', '2020-03-15 00:00:00', '2020-03-15'],
    ['an ISO instant at UTC midnight', '2020-03-15T00:00:00.000Z', '2020-03-15'],
    ['an ISO instant of Vietnamese midnight', '2024-04-30T17:00:00.000Z', '2024-05-01'],
    ['an ISO instant with a +07:00 offset', '2024-05-01T00:30:00+07:00', '2024-05-01'],
    ['an ISO instant with a -05:00 offset', '2024-05-01T20:00:00-05:00', '2024-05-02'],
    ['yyyymmdd', '20200315', '2020-03-15'],
    ['yyyymmdd as a number', 20200315, '2020-03-15'],
    ['a Vietnamese written date', 'ngày 15 tháng 3 năm 2020', '2020-03-15'],
    ['a Vietnamese written date without diacritics', 'Ngay 5 thang 12 nam 1985', '1985-12-05'],
    ['an Excel serial', 43831, '2020-01-01'],
    ['an Excel serial string', '43831', '2020-01-01'],
    ['an Excel serial with a time fraction', 43831.75, '2020-01-01'],
    ['the first accepted Excel serial', 7306, '1920-01-01'],
    ['the last accepted Excel serial', 73415, '2100-12-31'],
    ['a serial just before 1920', 7305, null],
    ['a serial just after 2100', 73416, null],
    ['a leap day', '29/02/2024', '2024-02-29'],
    ['a leap day in a century leap year', '29/02/2000', '2000-02-29'],
    ['epoch milliseconds read in Vietnam time', 1789115863530, '2026-09-11'],
    ['epoch milliseconds late on a UTC day', Date.UTC(2024, 3, 30, 18, 0), '2024-05-01'],
    ['a Date object', new Date(Date.UTC(2020, 2, 15, 3)), '2020-03-15'],
    ['31 February', '31/02/2020', null],
    ['29 February in a common year', '29/02/2021', null],
    ['29 February 1900', '29/02/1900', null],
    ['month 13', '01/13/2020', null],
    ['day 0', '00/12/2020', null],
    ['a two-digit year', '15/03/20', null],
    ['mixed separators', '15/03-2020', null],
    ['a bare year', '2020', null],
    ['a bare year as a number', 2020, null],
    ['month and year', '03/2020', null],
    ['a year before 1900', '01/01/1899', null],
    ['a year after 2100', '01/01/2101', null],
    ['epoch seconds', 1_700_000_000, null],
    ['a negative number', -43831, null],
    ['an invalid Date', new Date(Number.NaN), null],
    ['words', 'hôm qua', null],
    ['an ISO date with a bad hour', '2020-03-15T25:00:00Z', null],
  ])('reads %s', (_label, input, expected) => {
    // Act
    const iso = parseDate(input);

    // Assess
    expect(iso).toBe(expected);
  });

  test.each(MALFORMED_INPUTS)('gives null for %s', (_label, input) => {
    // Act
    const iso = parseDate(input);

    // Assess
    expect(iso).toBeNull();
  });

  test('round-trips generated dates written dd/mm/yyyy, d/m/yyyy, dd-mm-yyyy and dd.mm.yyyy', () => {
    fc.assert(
      fc.property(validDate, fc.constantFrom('/', '-', '.'), fc.boolean(), ({ y, m, d }, sep, padded) => {
        const text = padded ? `${pad(d)}${sep}${pad(m)}${sep}${y}` : `${d}${sep}${m}${sep}${y}`;
        expect(parseDate(text)).toBe(`${y}-${pad(m)}-${pad(d)}`);
      }),
      { numRuns: 3000 },
    );
  });

  test('round-trips generated dates as Excel serials, numbers and numeric strings, with or without a time', () => {
    fc.assert(
      fc.property(validDate, fc.double({ min: 0, max: 0.999, noNaN: true }), fc.boolean(), ({ y, m, d }, time, asString) => {
        const serial = excelSerial(y, m, d) + time;
        expect(parseDate(asString ? String(serial) : serial)).toBe(`${y}-${pad(m)}-${pad(d)}`);
      }),
      { numRuns: 3000 },
    );
  });

  test('round-trips generated dates as yyyy-mm-dd', () => {
    fc.assert(
      fc.property(validDate, ({ y, m, d }) => {
        const iso = `${y}-${pad(m)}-${pad(d)}`;
        expect(parseDate(iso)).toBe(iso);
      }),
      { numRuns: 1000 },
    );
  });

  test('never reads an impossible day of a month', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1920, max: 2100 }), fc.integer({ min: 1, max: 12 }), (y, m) => {
        const daysInMonth = new Date(Date.UTC(y, m, 0)).getUTCDate();
        expect(parseDate(`${daysInMonth + 1}/${m}/${y}`)).toBeNull();
        expect(parseDate(`${daysInMonth}/${m}/${y}`)).toBe(`${y}-${pad(m)}-${pad(daysInMonth)}`);
      }),
      { numRuns: 500 },
    );
  });
});

describe('yearOf', () => {
  test.each<[string | null, number | null]>([
    ['2020-03-15', 2020],
    ['1985-12-05', 1985],
    ['', null],
    ['20', null],
    ['abcd-01-01', null],
    [null, null],
  ])('reads the year of %j as %j', (iso, expected) => {
    // Act
    const year = yearOf(iso);

    // Assess
    expect(year).toBe(expected);
  });

  test('reads the year of every date parseDate returns', () => {
    fc.assert(
      fc.property(validDate, ({ y, m, d }) => {
        expect(yearOf(parseDate(`${d}/${m}/${y}`))).toBe(y);
      }),
      { numRuns: 500 },
    );
  });
});

describe('ageToBirthYear', () => {
  const asOf = new Date(Date.UTC(2025, 5, 1));

  test.each<[string, unknown, number | null]>([
    ['a number', 35, 1990],
    ['a numeric string', '35', 1990],
    ['Vietnamese "tuổi"', '35 tuổi', 1990],
    ['a fraction', 35.9, 1990],
    ['the youngest plausible age', 16, 2009],
    ['the oldest plausible age', 110, 1915],
    ['too young', 15, null],
    ['too old', 111, null],
    ['zero', 0, null],
    ['negative', -30, null],
    ['a birth year given as an age', 1990, null],
    ['words', 'ba mươi', null],
  ])('reads %s', (_label, age, expected) => {
    // Act
    const year = ageToBirthYear(age, asOf);

    // Assess
    expect(year).toBe(expected);
  });

  test.each(MALFORMED_INPUTS)('gives null for %s', (_label, age) => {
    // Act
    const year = ageToBirthYear(age, asOf);

    // Assess
    expect(year).toBeNull();
  });

  test('uses the year in Vietnam at the given moment', () => {
    // Prepare: 31 Dec 2024 18:00 UTC is already 1 Jan 2025 in Vietnam.
    const newYearInVietnam = new Date(Date.UTC(2024, 11, 31, 18));

    // Act
    const year = ageToBirthYear(30, newYearInVietnam);

    // Assess
    expect(year).toBe(1995);
  });

  test('gives null for an invalid reference date', () => {
    // Act
    const year = ageToBirthYear(30, new Date(Number.NaN));

    // Assess
    expect(year).toBeNull();
  });
});
