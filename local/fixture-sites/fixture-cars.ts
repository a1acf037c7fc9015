import { chototParamCodes } from '../../scraper-onprem/sites/chotot/chotot-codes';
import { seededRandom } from '../sample-data/seeded-random';


type Random = () => number;

function pick<T>(random: Random, items: readonly T[]): T {
  const item = items[Math.floor(random() * items.length)];
  if (item === undefined) throw new RangeError('pick from an empty list');
  return item;
}

function weighted<T extends { weight: number }>(random: Random, items: readonly T[]): T {
  const total = items.reduce((sum, item) => sum + item.weight, 0);
  let at = random() * total;
  for (const item of items) {
    at -= item.weight;
    if (at <= 0) return item;
  }
  const last = items[items.length - 1];
  if (!last) throw new RangeError('weighted pick from an empty list');
  return last;
}

export interface MimicModel {
  brand: number;
  model: number;
  name: string;
  variants: readonly string[];
  /** New price in million VND. */
  newPriceMillion: number;
  firstYear: number;
  cartype: number;
  fuel: number;
  seats: number;
  weight: number;
}

const brandName = (code: number): string => (chototParamCodes.carbrand as Record<string, string>)[String(code)] ?? 'Hãng khác';

/**
 * Models the fixture sites sell. Brand codes, and model codes where the captured code table has them, are
 * chotot's; model codes ≥ 9000 exist only in the fixture (the table is a sample).
 */
export const MIMIC_MODELS: readonly MimicModel[] = [
  { brand: 2, model: 101, name: 'Vios', variants: ['1.5E MT', '1.5G CVT', '1.5E CVT'], newPriceMillion: 540, firstYear: 2010, cartype: 1, fuel: 1, seats: 2, weight: 14 },
  { brand: 2, model: 1095, name: 'Corolla Cross', variants: ['1.8G', '1.8V', '1.8HV'], newPriceMillion: 820, firstYear: 2020, cartype: 3, fuel: 1, seats: 2, weight: 6 },
  { brand: 2, model: 67, name: 'Fortuner', variants: ['2.4G 4x2 AT', '2.7V 4x2', 'Legender 2.8'], newPriceMillion: 1150, firstYear: 2010, cartype: 3, fuel: 2, seats: 3, weight: 6 },
  { brand: 2, model: 71, name: 'Innova', variants: ['2.0E', '2.0G', 'Venturer'], newPriceMillion: 780, firstYear: 2010, cartype: 8, fuel: 1, seats: 6, weight: 5 },
  { brand: 2, model: 54, name: 'Camry', variants: ['2.0G', '2.5Q', '2.5HV'], newPriceMillion: 1220, firstYear: 2010, cartype: 1, fuel: 1, seats: 2, weight: 4 },
  { brand: 2, model: 1158, name: 'Veloz Cross', variants: ['CVT', 'CVT Top'], newPriceMillion: 660, firstYear: 2022, cartype: 8, fuel: 1, seats: 3, weight: 3 },
  { brand: 6, model: 240, name: 'City', variants: ['1.5 G', '1.5 L', 'RS'], newPriceMillion: 560, firstYear: 2014, cartype: 1, fuel: 1, seats: 2, weight: 7 },
  { brand: 6, model: 243, name: 'CR V', variants: ['1.5 E', '1.5 G', '1.5 L'], newPriceMillion: 1050, firstYear: 2012, cartype: 3, fuel: 1, seats: 3, weight: 4 },
  { brand: 6, model: 241, name: 'Civic', variants: ['1.8 E', '1.5 RS', 'G'], newPriceMillion: 780, firstYear: 2012, cartype: 1, fuel: 1, seats: 2, weight: 3 },
  { brand: 6, model: 1080, name: 'HR-V', variants: ['G', 'L', 'RS'], newPriceMillion: 760, firstYear: 2018, cartype: 3, fuel: 1, seats: 2, weight: 2 },
  { brand: 5, model: 187, name: 'Accent', variants: ['1.4 MT', '1.4 AT', '1.4 AT Đặc biệt'], newPriceMillion: 500, firstYear: 2012, cartype: 1, fuel: 1, seats: 2, weight: 8 },
  { brand: 5, model: 210, name: 'Grand i10', variants: ['1.2 MT Base', '1.2 AT', 'Sedan 1.2 AT'], newPriceMillion: 400, firstYear: 2014, cartype: 4, fuel: 1, seats: 2, weight: 7 },
  { brand: 5, model: 194, name: 'Creta', variants: ['1.5 Tiêu chuẩn', '1.5 Đặc biệt', '1.5 Cao cấp'], newPriceMillion: 650, firstYear: 2022, cartype: 3, fuel: 1, seats: 2, weight: 3 },
  { brand: 5, model: 223, name: 'Santa Fe', variants: ['2.2 Dầu Đặc biệt', '2.5 Xăng Cao cấp'], newPriceMillion: 1200, firstYear: 2012, cartype: 3, fuel: 2, seats: 3, weight: 3 },
  { brand: 5, model: 229, name: 'Tucson', variants: ['2.0 Tiêu chuẩn', '1.6 Turbo'], newPriceMillion: 880, firstYear: 2016, cartype: 3, fuel: 1, seats: 2, weight: 3 },
  { brand: 1, model: 21, name: 'Morning', variants: ['MT', 'AT', 'GT-Line'], newPriceMillion: 380, firstYear: 2010, cartype: 4, fuel: 1, seats: 2, weight: 5 },
  { brand: 1, model: 15, name: 'K3', variants: ['1.6 Luxury', '1.6 Premium', '2.0 Premium'], newPriceMillion: 640, firstYear: 2021, cartype: 1, fuel: 1, seats: 2, weight: 3 },
  { brand: 1, model: 6, name: 'Cerato', variants: ['1.6 MT', '1.6 AT Deluxe', '2.0 AT Premium'], newPriceMillion: 600, firstYear: 2012, cartype: 1, fuel: 1, seats: 2, weight: 3 },
  { brand: 1, model: 1098, name: 'Seltos', variants: ['1.4 Turbo Luxury', '1.4 Turbo Premium'], newPriceMillion: 700, firstYear: 2020, cartype: 3, fuel: 1, seats: 2, weight: 3 },
  { brand: 1, model: 5, name: 'Carnival', variants: ['2.2D Luxury', '2.2D Signature'], newPriceMillion: 1400, firstYear: 2021, cartype: 8, fuel: 2, seats: 12, weight: 1 },
  { brand: 3, model: 145, name: 'Ranger', variants: ['XLS 2.2L 4x2 AT', 'Wildtrak 2.0L 4x4', 'XLT 2.2L 4x4 MT'], newPriceMillion: 780, firstYear: 2012, cartype: 6, fuel: 2, seats: 2, weight: 6 },
  { brand: 3, model: 125, name: 'Everest', variants: ['Ambiente 2.0L', 'Titanium 2.0L 4x2', 'Platinum'], newPriceMillion: 1250, firstYear: 2012, cartype: 3, fuel: 2, seats: 3, weight: 3 },
  { brand: 3, model: 1120, name: 'Territory', variants: ['Trend', 'Titanium', 'Titanium X'], newPriceMillion: 850, firstYear: 2023, cartype: 3, fuel: 1, seats: 2, weight: 2 },
  { brand: 80, model: 1112, name: 'VF8', variants: ['Eco', 'Plus'], newPriceMillion: 1100, firstYear: 2022, cartype: 3, fuel: 4, seats: 2, weight: 3 },
  { brand: 80, model: 1185, name: 'VF6', variants: ['Eco', 'Plus'], newPriceMillion: 700, firstYear: 2024, cartype: 3, fuel: 4, seats: 2, weight: 2 },
  { brand: 80, model: 1133, name: 'VF5', variants: ['Plus'], newPriceMillion: 500, firstYear: 2023, cartype: 4, fuel: 4, seats: 2, weight: 2 },
  { brand: 80, model: 1183, name: 'VF3', variants: ['Tiêu chuẩn'], newPriceMillion: 300, firstYear: 2024, cartype: 4, fuel: 4, seats: 1, weight: 2 },
  { brand: 80, model: 1082, name: 'Fadil', variants: ['1.4 Tiêu chuẩn', '1.4 Nâng cao', '1.4 Cao cấp'], newPriceMillion: 420, firstYear: 2019, cartype: 4, fuel: 1, seats: 2, weight: 3 },
  { brand: 7, model: 9001, name: 'CX-5', variants: ['2.0 Deluxe', '2.0 Luxury', '2.5 Signature Premium'], newPriceMillion: 900, firstYear: 2013, cartype: 3, fuel: 1, seats: 2, weight: 5 },
  { brand: 7, model: 9002, name: 'Mazda 3', variants: ['1.5L Luxury', '1.5L Premium', '2.0 AT'], newPriceMillion: 700, firstYear: 2012, cartype: 1, fuel: 1, seats: 2, weight: 4 },
  { brand: 18, model: 9011, name: 'Xpander', variants: ['1.5 MT', '1.5 AT', 'Cross'], newPriceMillion: 620, firstYear: 2018, cartype: 8, fuel: 1, seats: 3, weight: 5 },
  { brand: 18, model: 9012, name: 'Attrage', variants: ['1.2 MT', '1.2 CVT'], newPriceMillion: 420, firstYear: 2015, cartype: 1, fuel: 1, seats: 2, weight: 2 },
  { brand: 16, model: 9021, name: 'C Class', variants: ['C200', 'C300 AMG', 'C200 Exclusive'], newPriceMillion: 1700, firstYear: 2012, cartype: 1, fuel: 1, seats: 2, weight: 2 },
  { brand: 16, model: 9022, name: 'GLC', variants: ['GLC 200', 'GLC 300 4Matic'], newPriceMillion: 2200, firstYear: 2016, cartype: 3, fuel: 1, seats: 2, weight: 1 },
];

export interface MimicProvince {
  /** chotot region_v2; codes ≥ 90000 exist only in the fixture (the captured table has three). */
  regionV2: number;
  /** chotot region_name (the old, 63-province name). */
  regionName: string;
  /** chotot region_name_v3 (the name since the July 2025 merger). */
  regionNameV3: string;
  /** xetot URL slug and the spellings its pages use. */
  slug: string;
  spellings: readonly string[];
  areas: readonly string[];
  weight: number;
}

export const MIMIC_PROVINCES: readonly MimicProvince[] = [
  { regionV2: 13000, regionName: 'Tp Hồ Chí Minh', regionNameV3: 'TP Hồ Chí Minh', slug: 'tp-ho-chi-minh', spellings: ['TP HCM', 'Hồ Chí Minh', 'Tp.Hồ Chí Minh', 'TP. Hồ Chí Minh'], areas: ['Quận 1', 'Quận 7', 'Thành phố Thủ Đức', 'Quận Gò Vấp', 'Quận Bình Thạnh', 'Quận Tân Bình'], weight: 30 },
  { regionV2: 12000, regionName: 'Hà Nội', regionNameV3: 'TP Hà Nội', slug: 'ha-noi', spellings: ['Hà Nội', 'Ha Noi', 'TP Hà Nội'], areas: ['Quận Long Biên', 'Quận Hai Bà Trưng', 'Quận Cầu Giấy', 'Quận Đống Đa', 'Quận Hà Đông', 'Huyện Gia Lâm'], weight: 27 },
  { regionV2: 7044, regionName: 'Khánh Hòa', regionNameV3: 'Khánh Hòa', slug: 'khanh-hoa', spellings: ['Khánh Hòa', 'Khánh Hoà'], areas: ['Thành phố Nha Trang', 'Thành phố Cam Ranh'], weight: 4 },
  { regionV2: 90001, regionName: 'Đà Nẵng', regionNameV3: 'TP Đà Nẵng', slug: 'da-nang', spellings: ['Đà Nẵng', 'TP Đà Nẵng'], areas: ['Quận Hải Châu', 'Quận Thanh Khê', 'Quận Sơn Trà'], weight: 6 },
  { regionV2: 90002, regionName: 'Hải Phòng', regionNameV3: 'TP Hải Phòng', slug: 'hai-phong', spellings: ['Hải Phòng'], areas: ['Quận Lê Chân', 'Quận Ngô Quyền'], weight: 5 },
  { regionV2: 90003, regionName: 'Bình Dương', regionNameV3: 'TP Hồ Chí Minh', slug: 'binh-duong', spellings: ['Bình Dương', 'Binh Duong'], areas: ['Thành phố Thủ Dầu Một', 'Thành phố Dĩ An', 'Thành phố Thuận An'], weight: 7 },
  { regionV2: 90004, regionName: 'Đồng Nai', regionNameV3: 'Đồng Nai', slug: 'dong-nai', spellings: ['Đồng Nai'], areas: ['Thành phố Biên Hòa', 'Huyện Long Thành'], weight: 5 },
  { regionV2: 90005, regionName: 'Bà Rịa - Vũng Tàu', regionNameV3: 'TP Hồ Chí Minh', slug: 'ba-ria-vung-tau', spellings: ['Bà Rịa - Vũng Tàu', 'BR-VT', 'Vũng Tàu'], areas: ['Thành phố Vũng Tàu', 'Thành phố Bà Rịa'], weight: 3 },
  { regionV2: 90006, regionName: 'Cần Thơ', regionNameV3: 'TP Cần Thơ', slug: 'can-tho', spellings: ['Cần Thơ'], areas: ['Quận Ninh Kiều', 'Quận Cái Răng'], weight: 3 },
  { regionV2: 90007, regionName: 'Nghệ An', regionNameV3: 'Nghệ An', slug: 'nghe-an', spellings: ['Nghệ An'], areas: ['Thành phố Vinh'], weight: 3 },
  { regionV2: 90008, regionName: 'Quảng Ninh', regionNameV3: 'Quảng Ninh', slug: 'quang-ninh', spellings: ['Quảng Ninh'], areas: ['Thành phố Hạ Long', 'Thành phố Cẩm Phả'], weight: 3 },
  { regionV2: 90009, regionName: 'Lâm Đồng', regionNameV3: 'Lâm Đồng', slug: 'lam-dong', spellings: ['Lâm Đồng', 'Đà Lạt'], areas: ['Thành phố Đà Lạt', 'Thành phố Bảo Lộc'], weight: 2 },
];

const FAMILY = [
  ...Array<string>(38).fill('Nguyễn'),
  ...Array<string>(11).fill('Trần'),
  ...Array<string>(9).fill('Lê'),
  ...Array<string>(7).fill('Phạm'),
  ...Array<string>(5).fill('Hoàng'),
  ...Array<string>(4).fill('Huỳnh'),
  ...Array<string>(4).fill('Phan'),
  ...Array<string>(4).fill('Vũ'),
  ...Array<string>(3).fill('Võ'),
  ...Array<string>(3).fill('Đặng'),
  ...Array<string>(3).fill('Bùi'),
  ...Array<string>(3).fill('Đỗ'),
  'Hồ', 'Ngô', 'Dương', 'Lý', 'Trịnh', 'Đinh',
];
const MIDDLE_MALE = ['Văn', 'Hữu', 'Minh', 'Đức', 'Quốc', 'Thanh', 'Công', 'Ngọc'];
const MIDDLE_FEMALE = ['Thị', 'Ngọc', 'Thu', 'Thanh', 'Minh', 'Kim'];
const GIVEN_MALE = ['An', 'Bình', 'Cường', 'Dũng', 'Hải', 'Hùng', 'Khánh', 'Long', 'Minh', 'Nam', 'Phong', 'Quân', 'Sơn', 'Tâm', 'Thắng', 'Tuấn', 'Việt', 'Vinh', 'Toàn', 'Đạt'];
const GIVEN_FEMALE = ['Hà', 'Hương', 'Lan', 'Linh', 'Mai', 'Ngân', 'Nhung', 'Phương', 'Thảo', 'Trang', 'Vy', 'Yến'];

/** Dealers: trade names, and a few people whose many live ads give them away. */
const DEALER_NAMES = [
  'Salon Ô tô Minh Phát', 'Toyota Sure Hùng Vương', 'Anycar Việt Nam', 'Auto Hưng Thịnh', 'Showroom Xe Lướt Sài Gòn',
  'Oto Hà Nội 88', 'Công ty TNHH Ô tô Phú Mỹ', 'Carmart Bình Dương', 'Đại lý Ford Thủ Đô', 'Gara Tuấn Anh',
  'Salon Xe Cũ Đức Thiện', 'Hải Phòng Auto', 'Ô tô Đà Nẵng Center', 'Xe Lướt Miền Tây', 'Auto Kim Long',
];

const MOBILE_PREFIXES = ['090', '093', '089', '070', '079', '077', '091', '094', '088', '083', '085', '086', '096', '097', '098', '032', '035', '038', '039', '056', '058'];
const OLD_11_DIGIT_PREFIXES = ['0168', '0167', '0123', '0126', '0186'];

export interface FixtureSeller {
  accountId: number;
  name: string;
  /** Digits as the seller typed them (the sites show them in several formats). */
  phone: string;
  dealer: boolean;
  /** chotot's "Bán chuyên" flag: most dealers set it, some do not. */
  companyAd: boolean;
  liveAds: number;
  soldAds: number;
}

export interface FixtureCar {
  index: number;
  model: MimicModel;
  brandName: string;
  variant: string;
  year: number;
  mileageKm: number;
  /** null: negotiable ("Giá thỏa thuận"). */
  priceVnd: number | null;
  province: MimicProvince;
  area: string;
  seller: FixtureSeller;
  postedAtMs: number;
  gearbox: number;
  color: number;
  owners: number;
}

function phone(random: Random): string {
  if (random() < 0.04) return `${pick(random, OLD_11_DIGIT_PREFIXES)}${String(Math.floor(random() * 1e7)).padStart(7, '0')}`;
  return `${pick(random, MOBILE_PREFIXES)}${String(Math.floor(random() * 1e7)).padStart(7, '0')}`;
}

function personName(random: Random): string {
  const female = random() < 0.35;
  return `${pick(random, FAMILY)} ${pick(random, female ? MIDDLE_FEMALE : MIDDLE_MALE)} ${pick(random, female ? GIVEN_FEMALE : GIVEN_MALE)}`;
}

/** Epoch ms all fixture dates count back from (fixed, so pages are identical on every run). */
export const FIXTURE_NOW_MS = Date.UTC(2026, 9, 1, 8, 0, 0);

/**
 * `count` used cars with realistic Vietnamese market shapes: Toyota/Hyundai/Kia/VinFast-heavy, prices from new
 * price and age, mileage ~12,000 km a year, a third of ads from dealers (a handful of shops with many ads each),
 * the rest from private sellers, spread over provinces with Hồ Chí Minh and Hà Nội dominant.
 */
export function generateFixtureCars(seed: number, count: number): FixtureCar[] {
  const random = seededRandom(seed);
  const dealers: FixtureSeller[] = DEALER_NAMES.map((name, index) => ({
    accountId: 20_000_000 + index,
    name,
    phone: phone(random),
    dealer: true,
    companyAd: random() < 0.7,
    liveAds: 0,
    soldAds: Math.floor(random() * 400),
  }));
  // People selling for a living under their own name: only their ad count tells.
  for (let index = 0; index < 4; index += 1) {
    dealers.push({ accountId: 21_000_000 + index, name: personName(random), phone: phone(random), dealer: true, companyAd: false, liveAds: 0, soldAds: Math.floor(random() * 100) });
  }
  const dealerHome = new Map(dealers.map((dealer) => [dealer.accountId, weighted(random, MIMIC_PROVINCES)]));

  const cars: FixtureCar[] = [];
  for (let index = 0; index < count; index += 1) {
    const model = weighted(random, MIMIC_MODELS);
    const isDealer = random() < 0.33;
    let seller: FixtureSeller;
    let province: MimicProvince;
    if (isDealer) {
      seller = pick(random, dealers);
      seller.liveAds += 1;
      province = dealerHome.get(seller.accountId) ?? weighted(random, MIMIC_PROVINCES);
    } else {
      seller = { accountId: 10_000_000 + index, name: personName(random), phone: phone(random), dealer: false, companyAd: false, liveAds: 1 + (random() < 0.2 ? 1 : 0), soldAds: Math.floor(random() * 3) };
      province = weighted(random, MIMIC_PROVINCES);
    }
    const newest = 2025;
    const span = newest - model.firstYear;
    // Recent years are commoner on the used market.
    const year = newest - Math.min(span, Math.floor(span * random() ** 1.6));
    const age = Math.max(0, 2026 - year);
    const mileageKm = Math.max(500, Math.round((age * 12_000 + (random() - 0.3) * 15_000) / 100) * 100);
    const depreciation = 0.87 ** age * (1 - Math.min(0.15, mileageKm / 1_500_000));
    const priceMillion = Math.max(80, Math.round((model.newPriceMillion * depreciation * (0.92 + random() * 0.16)) / 5) * 5);
    const negotiable = random() < 0.05;
    cars.push({
      index,
      model,
      brandName: brandName(model.brand),
      variant: pick(random, model.variants),
      year,
      mileageKm,
      priceVnd: negotiable ? null : priceMillion * 1_000_000,
      province,
      area: pick(random, province.areas),
      seller,
      postedAtMs: FIXTURE_NOW_MS - Math.floor(random() * 45 * 86_400_000),
      gearbox: model.fuel === 4 || random() < 0.8 ? 1 : 2,
      color: 1 + Math.floor(random() * 12),
      owners: random() < 0.7 ? 1 : 2,
    });
  }
  // Newest first, as both sites list them.
  cars.sort((a, b) => b.postedAtMs - a.postedAtMs || a.index - b.index);
  return cars;
}

/** Formats digits the way sellers write phones on xetot: spaced, dotted, +84, or two numbers in one field. */
export function displayPhone(digits: string, variant: number): string {
  if (digits.length !== 10) return digits;
  switch (variant % 5) {
    case 0:
      return digits;
    case 1:
      return `${digits.slice(0, 4)} ${digits.slice(4, 7)} ${digits.slice(7)}`;
    case 2:
      return `+84 ${digits.slice(1, 4)} ${digits.slice(4, 7)} ${digits.slice(7)}`;
    case 3:
      return `${digits.slice(0, 4)}.${digits.slice(4, 7)}.${digits.slice(7)}`;
    default:
      return `${digits.slice(0, 4)}-${digits.slice(4)}`;
  }
}

/** Price as xetot sellers write it: "1 tỷ 200 triệu", "1,25 tỷ", "850tr", "850.000.000 đ", "1.200 triệu". */
export function priceText(vnd: number | null, variant: number): string {
  if (vnd === null) return 'Thỏa thuận';
  const million = Math.round(vnd / 1_000_000);
  const billions = Math.floor(million / 1000);
  const rest = million % 1000;
  switch (variant % 4) {
    case 0:
      if (billions > 0) return rest > 0 ? `${billions} tỷ ${rest} triệu` : `${billions} tỷ`;
      return `${million} triệu`;
    case 1:
      if (billions > 0) return `${(million / 1000).toFixed(million % 10 === 0 ? 2 : 3).replace(/0+$/, '').replace(/\.$/, '').replace('.', ',')} tỷ`;
      return `${million}tr`;
    case 2:
      return `${vnd.toLocaleString('de-DE')} đ`;
    default:
      return `${million.toLocaleString('de-DE')} triệu`;
  }
}

/** Mileage as sellers write it: "45.000 km", "4,5 vạn km", "45000km". */
export function mileageText(km: number, variant: number): string {
  switch (variant % 3) {
    case 0:
      return `${km.toLocaleString('de-DE')} km`;
    case 1:
      return km % 1000 === 0 && km >= 10_000 ? `${String(km / 10_000).replace('.', ',')} vạn km` : `${km} km`;
    default:
      return `${km}km`;
  }
}

/** Relative date chotot shows beside an ad ("46 giây trước", "6 phút trước", "3 ngày trước"). */
export function relativeDate(postedAtMs: number): string {
  const seconds = Math.max(1, Math.floor((FIXTURE_NOW_MS - postedAtMs) / 1000));
  if (seconds < 60) return `${seconds} giây trước`;
  if (seconds < 3600) return `${Math.floor(seconds / 60)} phút trước`;
  if (seconds < 86_400) return `${Math.floor(seconds / 3600)} giờ trước`;
  return `${Math.floor(seconds / 86_400)} ngày trước`;
}
