import fc from 'fast-check';
import {
  foldVietnamese,
  NEW_PROVINCES,
  normalizeProvince,
  OLD_PROVINCES,
  PROVINCE_MERGERS,
  provinceOldToNew,
  UnknownProvinceError,
  type ProvinceResult,
} from '../../../shared/normalize';
import { MALFORMED_INPUTS } from './malformed-inputs';

const result = (province: string, provinceOld: string | null): ProvinceResult => ({ province, provinceOld });

describe('province lists', () => {
  test('have 34 new and 63 old units, all distinct', () => {
    // Assess
    expect(NEW_PROVINCES).toHaveLength(34);
    expect(new Set(NEW_PROVINCES).size).toBe(34);
    expect(OLD_PROVINCES).toHaveLength(63);
    expect(new Set(OLD_PROVINCES).size).toBe(63);
  });

  test('merge every old unit into exactly one new unit: 11 unchanged and 23 merged', () => {
    // Prepare
    const groups = Object.values(PROVINCE_MERGERS);

    // Act
    const unchanged = groups.filter((olds) => olds.length === 1).length;
    const oldsInGroups = groups.flat();

    // Assess
    expect(unchanged).toBe(11);
    expect(groups.length - unchanged).toBe(23);
    expect([...oldsInGroups].sort()).toEqual([...OLD_PROVINCES].sort());
  });

  test.each([
    ['Tuyên Quang', ['Tuyên Quang', 'Hà Giang']],
    ['Lào Cai', ['Lào Cai', 'Yên Bái']],
    ['Thái Nguyên', ['Thái Nguyên', 'Bắc Kạn']],
    ['Phú Thọ', ['Phú Thọ', 'Vĩnh Phúc', 'Hòa Bình']],
    ['Bắc Ninh', ['Bắc Ninh', 'Bắc Giang']],
    ['Hưng Yên', ['Hưng Yên', 'Thái Bình']],
    ['Hải Phòng', ['Hải Phòng', 'Hải Dương']],
    ['Ninh Bình', ['Ninh Bình', 'Hà Nam', 'Nam Định']],
    ['Quảng Trị', ['Quảng Trị', 'Quảng Bình']],
    ['Đà Nẵng', ['Đà Nẵng', 'Quảng Nam']],
    ['Quảng Ngãi', ['Quảng Ngãi', 'Kon Tum']],
    ['Gia Lai', ['Gia Lai', 'Bình Định']],
    ['Khánh Hòa', ['Khánh Hòa', 'Ninh Thuận']],
    ['Lâm Đồng', ['Lâm Đồng', 'Đắk Nông', 'Bình Thuận']],
    ['Đắk Lắk', ['Đắk Lắk', 'Phú Yên']],
    ['Hồ Chí Minh', ['Hồ Chí Minh', 'Bình Dương', 'Bà Rịa - Vũng Tàu']],
    ['Đồng Nai', ['Đồng Nai', 'Bình Phước']],
    ['Tây Ninh', ['Tây Ninh', 'Long An']],
    ['Cần Thơ', ['Cần Thơ', 'Sóc Trăng', 'Hậu Giang']],
    ['Vĩnh Long', ['Vĩnh Long', 'Bến Tre', 'Trà Vinh']],
    ['Đồng Tháp', ['Đồng Tháp', 'Tiền Giang']],
    ['Cà Mau', ['Cà Mau', 'Bạc Liêu']],
    ['An Giang', ['An Giang', 'Kiên Giang']],
  ])('forms %s from %j', (newName, olds) => {
    // Act
    const mapped = olds.map((old) => provinceOldToNew(old));

    // Assess
    expect(PROVINCE_MERGERS[newName]).toEqual(olds);
    expect(new Set(mapped)).toEqual(new Set([newName]));
  });
});

describe('normalizeProvince', () => {
  test.each<[string, ProvinceResult]>([
    ['TP HCM', result('Hồ Chí Minh', 'Hồ Chí Minh')],
    ['TP.HCM', result('Hồ Chí Minh', 'Hồ Chí Minh')],
    ['Tp.HCM', result('Hồ Chí Minh', 'Hồ Chí Minh')],
    ['HCM', result('Hồ Chí Minh', 'Hồ Chí Minh')],
    ['Hồ Chí Minh', result('Hồ Chí Minh', 'Hồ Chí Minh')],
    ['Tp Hồ Chí Minh', result('Hồ Chí Minh', 'Hồ Chí Minh')],
    ['Thành phố Hồ Chí Minh', result('Hồ Chí Minh', 'Hồ Chí Minh')],
    ['Sài Gòn', result('Hồ Chí Minh', 'Hồ Chí Minh')],
    ['Ho Chi Minh City', result('Hồ Chí Minh', 'Hồ Chí Minh')],
    ['ho chi minh', result('Hồ Chí Minh', 'Hồ Chí Minh')],
    ['Ha Noi', result('Hà Nội', 'Hà Nội')],
    ['Hanoi', result('Hà Nội', 'Hà Nội')],
    ['HN', result('Hà Nội', 'Hà Nội')],
    ['Hà Nội', result('Hà Nội', 'Hà Nội')],
    ['TP Hà Nội', result('Hà Nội', 'Hà Nội')],
    ['HÀ NỘI', result('Hà Nội', 'Hà Nội')],
    ['Thừa Thiên Huế', result('Huế', 'Thừa Thiên Huế')],
    ['Thừa Thiên - Huế', result('Huế', 'Thừa Thiên Huế')],
    ['Huế', result('Huế', 'Thừa Thiên Huế')],
    ['Thành phố Huế', result('Huế', 'Thừa Thiên Huế')],
    ['BR-VT', result('Hồ Chí Minh', 'Bà Rịa - Vũng Tàu')],
    ['Vũng Tàu', result('Hồ Chí Minh', 'Bà Rịa - Vũng Tàu')],
    ['Bà Rịa - Vũng Tàu', result('Hồ Chí Minh', 'Bà Rịa - Vũng Tàu')],
    ['Bà Rịa–Vũng Tàu', result('Hồ Chí Minh', 'Bà Rịa - Vũng Tàu')],
    ['Tỉnh Bà Rịa Vũng Tàu', result('Hồ Chí Minh', 'Bà Rịa - Vũng Tàu')],
    ['Bình Dương', result('Hồ Chí Minh', 'Bình Dương')],
    ['Đắc Lắc', result('Đắk Lắk', 'Đắk Lắk')],
    ['Đắk Lắk', result('Đắk Lắk', 'Đắk Lắk')],
    ['Dak Lak', result('Đắk Lắk', 'Đắk Lắk')],
    ['Phú Yên', result('Đắk Lắk', 'Phú Yên')],
    ['Đắk Nông', result('Lâm Đồng', 'Đắk Nông')],
    ['Bắc Cạn', result('Thái Nguyên', 'Bắc Kạn')],
    ['Tỉnh Hà Giang', result('Tuyên Quang', 'Hà Giang')],
    ['Tuyên Quang', result('Tuyên Quang', 'Tuyên Quang')],
    ['Hoà Bình', result('Phú Thọ', 'Hòa Bình')],
    ['Thanh Hoá', result('Thanh Hóa', 'Thanh Hóa')],
    ['Khánh Hoà', result('Khánh Hòa', 'Khánh Hòa')],
    ['Nha Trang', result('Khánh Hòa', 'Khánh Hòa')],
    ['Đà Lạt', result('Lâm Đồng', 'Lâm Đồng')],
    ['Biên Hòa', result('Đồng Nai', 'Đồng Nai')],
    ['Quảng Nam', result('Đà Nẵng', 'Quảng Nam')],
    ['Kontum', result('Quảng Ngãi', 'Kon Tum')],
    ['Quận 1, TP HCM', result('Hồ Chí Minh', 'Hồ Chí Minh')],
    ['Quận Long Biên - Hà Nội', result('Hà Nội', 'Hà Nội')],
    ['  hai   phong  ', result('Hải Phòng', 'Hải Phòng')],
  ])('reads %j', (input, expected) => {
    // Act
    const found = normalizeProvince(input);

    // Assess
    expect(found).toEqual(expected);
  });

  test.each(['xyz', 'Quận 1', 'Bangkok', 'Tỉnh', 'TP', 'DN'])('does not guess a province for %j', (input) => {
    // Act
    const found = normalizeProvince(input);

    // Assess
    expect(found).toBeNull();
  });

  test.each(MALFORMED_INPUTS)('gives null for %s', (_label, input) => {
    // Act
    const found = normalizeProvince(input);

    // Assess
    expect(found).toBeNull();
  });

  test('reads every old name in any case, with or without diacritics or prefixes, as itself', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...OLD_PROVINCES),
        fc.constantFrom((s: string) => s, (s: string) => s.toUpperCase(), foldVietnamese, (s: string) => foldVietnamese(s).replace(/ /g, '')),
        fc.constantFrom('', 'Tỉnh ', 'TP ', 'TP. ', 'Thành phố '),
        (old, style, prefix) => {
          expect(normalizeProvince(prefix + style(old))).toEqual(result(provinceOldToNew(old), old));
        },
      ),
      { numRuns: 1000 },
    );
  });

  test('reads every new name as itself', () => {
    // Act
    const provinces = NEW_PROVINCES.map((name) => normalizeProvince(name)?.province);

    // Assess
    expect(provinces).toEqual(NEW_PROVINCES);
  });
});

describe('provinceOldToNew', () => {
  test('maps each of the 63 old names to one of the 34 new ones', () => {
    // Act
    const mapped = OLD_PROVINCES.map((old) => provinceOldToNew(old));

    // Assess
    for (const name of mapped) expect(NEW_PROVINCES).toContain(name);
    expect(new Set(mapped).size).toBe(34);
  });

  test('accepts aliases', () => {
    // Act / Assess
    expect(provinceOldToNew('BR-VT')).toBe('Hồ Chí Minh');
    expect(provinceOldToNew('Thua Thien Hue')).toBe('Huế');
  });

  test('throws UnknownProvinceError for a name that is not a province', () => {
    // Act
    const act = (): string => provinceOldToNew('Atlantis');

    // Assess
    expect(act).toThrow(UnknownProvinceError);
    expect(act).toThrow('unknown province: "Atlantis"');
  });
});
