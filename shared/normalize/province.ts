/**
 * Vietnamese provinces, before and after the 1 July 2025 merger of 63 provincial units into 34.
 *
 * `province` is the new official short name (no `Tỉnh`/`Thành phố` prefix); `provinceOld` the old (63-list)
 * name the input designates. A name that is both an old and a new unit (`Hà Nội`, `Tuyên Quang`) gives the same
 * name for both. `Huế` (the new name) gives `Thừa Thiên Huế` as the old one: the territory did not change, only
 * the name (it became a centrally governed city on 1 January 2025).
 *
 * Input is matched on a compact key (folded, letters and digits only), so case, diacritics, dots and spaces do
 * not matter: `TP.HCM`, `tp hcm`, `Thành phố Hồ Chí Minh`, `Ho Chi Minh City`, `Sài Gòn`, `BR-VT`,
 * `Đắc Lắc`, `Tỉnh Bình Dương`. An address (`Quận 1, TP HCM`) is tried piece by piece from the end. A few large
 * cities stand for their old province (`Vũng Tàu`, `Nha Trang`, `Đà Lạt`, `Biên Hòa`, `Thủ Đức` …).
 * Results are shared frozen objects.
 */

import { foldVietnamese } from './fold';
import { UnknownProvinceError } from './normalize-error';

export interface ProvinceResult {
  province: string;
  provinceOld: string | null;
}

/** New unit → the old units merged into it (the first keeps its name). Unchanged units map to themselves. */
export const PROVINCE_MERGERS: Readonly<Record<string, readonly string[]>> = Object.freeze({
  'Hà Nội': ['Hà Nội'],
  'Huế': ['Thừa Thiên Huế'],
  'Lai Châu': ['Lai Châu'],
  'Điện Biên': ['Điện Biên'],
  'Sơn La': ['Sơn La'],
  'Lạng Sơn': ['Lạng Sơn'],
  'Quảng Ninh': ['Quảng Ninh'],
  'Thanh Hóa': ['Thanh Hóa'],
  'Nghệ An': ['Nghệ An'],
  'Hà Tĩnh': ['Hà Tĩnh'],
  'Cao Bằng': ['Cao Bằng'],
  'Tuyên Quang': ['Tuyên Quang', 'Hà Giang'],
  'Lào Cai': ['Lào Cai', 'Yên Bái'],
  'Thái Nguyên': ['Thái Nguyên', 'Bắc Kạn'],
  'Phú Thọ': ['Phú Thọ', 'Vĩnh Phúc', 'Hòa Bình'],
  'Bắc Ninh': ['Bắc Ninh', 'Bắc Giang'],
  'Hưng Yên': ['Hưng Yên', 'Thái Bình'],
  'Hải Phòng': ['Hải Phòng', 'Hải Dương'],
  'Ninh Bình': ['Ninh Bình', 'Hà Nam', 'Nam Định'],
  'Quảng Trị': ['Quảng Trị', 'Quảng Bình'],
  'Đà Nẵng': ['Đà Nẵng', 'Quảng Nam'],
  'Quảng Ngãi': ['Quảng Ngãi', 'Kon Tum'],
  'Gia Lai': ['Gia Lai', 'Bình Định'],
  'Khánh Hòa': ['Khánh Hòa', 'Ninh Thuận'],
  'Lâm Đồng': ['Lâm Đồng', 'Đắk Nông', 'Bình Thuận'],
  'Đắk Lắk': ['Đắk Lắk', 'Phú Yên'],
  'Hồ Chí Minh': ['Hồ Chí Minh', 'Bình Dương', 'Bà Rịa - Vũng Tàu'],
  'Đồng Nai': ['Đồng Nai', 'Bình Phước'],
  'Tây Ninh': ['Tây Ninh', 'Long An'],
  'Cần Thơ': ['Cần Thơ', 'Sóc Trăng', 'Hậu Giang'],
  'Vĩnh Long': ['Vĩnh Long', 'Bến Tre', 'Trà Vinh'],
  'Đồng Tháp': ['Đồng Tháp', 'Tiền Giang'],
  'Cà Mau': ['Cà Mau', 'Bạc Liêu'],
  'An Giang': ['An Giang', 'Kiên Giang'],
});

/** The 34 provincial units since 1 July 2025. */
export const NEW_PROVINCES: readonly string[] = Object.freeze(Object.keys(PROVINCE_MERGERS));
/** The 63 provincial units before 1 July 2025 (Thừa Thiên Huế under its pre-2025 name). */
export const OLD_PROVINCES: readonly string[] = Object.freeze(
  Object.values(PROVINCE_MERGERS).flat().sort((a, b) => a.localeCompare(b, 'vi')),
);

/** Other spellings, abbreviations and big cities → old province name. */
const ALIASES: Readonly<Record<string, readonly string[]>> = {
  'Hồ Chí Minh': ['HCM', 'TPHCM', 'HCMC', 'Sài Gòn', 'SG', 'TPSG', 'Thủ Đức', 'Saigon City'],
  'Hà Nội': ['HN', 'TPHN'],
  'Bà Rịa - Vũng Tàu': ['BRVT', 'Vũng Tàu', 'Bà Rịa', 'BR VT'],
  'Thừa Thiên Huế': ['TT Huế', 'TTH', 'Thừa Thiên - Huế', 'Huế'],
  'Đắk Lắk': ['Đắc Lắc', 'Đắk Lắc', 'Đắc Lắk', 'Dak Lak', 'Daklak', 'Buôn Ma Thuột', 'BMT'],
  'Đắk Nông': ['Đắc Nông', 'Dak Nong'],
  'Bắc Kạn': ['Bắc Cạn'],
  'Kon Tum': ['Kontum'],
  'Khánh Hòa': ['Nha Trang', 'Cam Ranh'],
  'Lâm Đồng': ['Đà Lạt', 'Bảo Lộc'],
  'Bình Định': ['Quy Nhơn'],
  'Quảng Ninh': ['Hạ Long', 'Móng Cái'],
  'Đồng Nai': ['Biên Hòa'],
  'Bình Dương': ['Thủ Dầu Một', 'Dĩ An', 'Thuận An'],
  'Bình Thuận': ['Phan Thiết'],
  'Kiên Giang': ['Rạch Giá', 'Phú Quốc'],
  'Gia Lai': ['Pleiku'],
  'Tiền Giang': ['Mỹ Tho'],
  'An Giang': ['Long Xuyên'],
  'Phú Yên': ['Tuy Hòa'],
  'Quảng Nam': ['Hội An', 'Tam Kỳ'],
  'Ninh Thuận': ['Phan Rang', 'Phan Rang - Tháp Chàm'],
  'Hải Phòng': ['HP'],
};

const NON_ALNUM = /[^a-z0-9]/g;
const PREFIXES = ['thanhpho', 'tp', 'tinh'] as const;
const SUFFIXES = ['city', 'province', 'vietnam'] as const;
const PIECES = /[,;|–—-]/;

function compactKey(text: string): string {
  return foldVietnamese(text).replace(NON_ALNUM, '');
}

/** Compact key → result, for every old name, new name and alias. */
const LOOKUP = new Map<string, ProvinceResult>();
/** Old name → new name, keyed by old name. */
const OLD_TO_NEW = new Map<string, string>();

function register(key: string, result: ProvinceResult): void {
  const existing = LOOKUP.get(key);
  if (existing !== undefined && existing !== result) {
    // A key naming two different units would silently mislabel records: fail at load instead.
    throw new Error(`province alias ${key} is ambiguous: ${existing.provinceOld} / ${result.provinceOld}`);
  }
  LOOKUP.set(key, result);
}

for (const [newName, olds] of Object.entries(PROVINCE_MERGERS)) {
  for (const old of olds) {
    const result: ProvinceResult = Object.freeze({ province: newName, provinceOld: old });
    OLD_TO_NEW.set(old, newName);
    register(compactKey(old), result);
    if (old === newName || olds.length === 1) register(compactKey(newName), result);
    for (const alias of ALIASES[old] ?? []) register(compactKey(alias), result);
  }
}

function lookupKey(key: string): ProvinceResult | undefined {
  const direct = LOOKUP.get(key);
  if (direct !== undefined) return direct;
  let k = key;
  for (const suffix of SUFFIXES) {
    if (k.length > suffix.length && k.endsWith(suffix)) { k = k.slice(0, -suffix.length); break; }
  }
  for (const prefix of PREFIXES) {
    if (k.length > prefix.length && k.startsWith(prefix)) { k = k.slice(prefix.length); break; }
  }
  return k === key ? undefined : LOOKUP.get(k);
}

const CACHE_LIMIT = 4096;
const cache = new Map<string, ProvinceResult | null>();

function resolve(text: string): ProvinceResult | null {
  const whole = lookupKey(compactKey(text));
  if (whole !== undefined) return whole;
  if (!PIECES.test(text)) return null;
  const pieces = text.split(PIECES);
  for (let i = pieces.length - 1; i >= 0; i--) {
    const found = lookupKey(compactKey(pieces[i] as string));
    if (found !== undefined) return found;
  }
  return null;
}

/** Province name (old or new, any spelling) → new and old canonical names; null when not recognised. */
export function normalizeProvince(input: unknown): ProvinceResult | null {
  if (typeof input !== 'string') return null;
  const cached = cache.get(input);
  if (cached !== undefined) return cached;
  const result = resolve(input);
  if (cache.size >= CACHE_LIMIT) cache.clear();
  cache.set(input, result);
  return result;
}

/**
 * New province for an old one (any spelling normalizeProvince accepts). Throws UnknownProvinceError for a
 * name that is not a province: meant for known-good names, use normalizeProvince for raw input.
 */
export function provinceOldToNew(old: string): string {
  const direct = OLD_TO_NEW.get(old);
  if (direct !== undefined) return direct;
  const found = normalizeProvince(old);
  if (found === null) throw new UnknownProvinceError(old);
  return found.province;
}
