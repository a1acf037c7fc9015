/**
 * Realistic, noisy customer exports as the company DB writes them (DESIGN.md "Customer export"): sale rows and
 * service rows of the same vehicles, names with and without diacritics and titles, phones in every shape seen in
 * practice, three date formats, prices as numbers and as dotted strings, old and new province names — plus a
 * small share of broken rows (no name, unusable phone and no id, wrong types) and exact duplicates.
 * Deterministic for a seed, so tests and benchmarks can rely on it.
 */

import { pick, seededRandom, weighted, type Random } from './seeded-random';


const FAMILY_NAMES: readonly (readonly [string, number])[] = [
  ['Nguyễn', 38], ['Trần', 11], ['Lê', 9.5], ['Phạm', 7.1], ['Hoàng', 3.1], ['Huỳnh', 2.1], ['Phan', 4.5], ['Vũ', 2.4],
  ['Võ', 1.5], ['Đặng', 2.1], ['Bùi', 2], ['Đỗ', 1.4], ['Hồ', 1.3], ['Ngô', 1.3], ['Dương', 1], ['Lý', 0.5],
  ['Trịnh', 0.4], ['Đinh', 0.4], ['Lâm', 0.3], ['Mai', 0.3], ['Tạ', 0.2], ['Quách', 0.1],
];
const MIDDLE_MALE = ['Văn', 'Hữu', 'Đức', 'Minh', 'Quốc', 'Thanh', 'Công', 'Xuân', 'Ngọc', 'Hoàng', 'Anh', 'Quang'];
const MIDDLE_FEMALE = ['Thị', 'Ngọc', 'Thu', 'Thanh', 'Minh', 'Kim', 'Mỹ', 'Phương', 'Bảo', 'Hồng'];
const GIVEN_MALE = ['An', 'Bình', 'Cường', 'Dũng', 'Đạt', 'Hải', 'Hiếu', 'Hùng', 'Huy', 'Khánh', 'Khoa', 'Long', 'Minh', 'Nam', 'Phong', 'Phúc', 'Quân', 'Sơn', 'Tâm', 'Thắng', 'Thành', 'Toàn', 'Trung', 'Tuấn', 'Việt', 'Vinh'];
const GIVEN_FEMALE = ['Anh', 'Châu', 'Dung', 'Giang', 'Hà', 'Hằng', 'Hạnh', 'Hoa', 'Hương', 'Lan', 'Linh', 'Loan', 'Mai', 'My', 'Nga', 'Ngân', 'Nhung', 'Oanh', 'Phương', 'Quyên', 'Thảo', 'Trang', 'Trinh', 'Uyên', 'Vân', 'Yến'];
const TITLES_MALE = ['Anh', 'Ông', 'Mr.', 'A.'];
const TITLES_FEMALE = ['Chị', 'Bà', 'Ms.', 'C.'];

const MOBILE_PREFIXES = ['032', '033', '034', '035', '036', '037', '038', '039', '056', '058', '070', '076', '077', '078', '079', '081', '082', '083', '084', '085', '086', '088', '089', '090', '091', '093', '094', '096', '097', '098'];
/** Pre-2018 11-digit prefixes as customers still give them; the normalizer converts them. */
const OLD_MOBILE_PREFIXES = ['0162', '0163', '0164', '0165', '0166', '0167', '0168', '0169', '0120', '0121', '0122', '0126', '0128', '0123', '0124', '0125', '0127', '0129'];

const MODELS: readonly (readonly [string, string, readonly string[], number, number])[] = [
  // make, model as sold, trims, base price (million VND), weight
  ['Toyota', 'Vios', ['1.5E MT', '1.5E CVT', '1.5G CVT', 'GR-S'], 480, 14],
  ['Toyota', 'Corolla Cross', ['1.8G', '1.8V', '1.8HEV'], 760, 7],
  ['Toyota', 'Fortuner', ['2.4 4x2 AT', '2.4 4x2 MT', '2.8 4x4 AT', 'Legender 2.4'], 1050, 6],
  ['Toyota', 'Innova', ['2.0E MT', '2.0G AT', 'Venturer'], 750, 4],
  ['Toyota', 'Camry', ['2.0G', '2.5Q', '2.5HV'], 1100, 3],
  ['Toyota', 'Veloz Cross', ['CVT', 'CVT Top'], 650, 3],
  ['Hyundai', 'Accent', ['1.4 MT', '1.4 AT', '1.4 AT Đặc biệt'], 470, 9],
  ['Hyundai', 'Grand i10', ['1.2 MT', '1.2 AT', 'Sedan 1.2 AT'], 380, 8],
  ['Hyundai', 'Creta', ['1.5 Tiêu chuẩn', '1.5 Đặc biệt', '1.5 Cao cấp'], 640, 4],
  ['Hyundai', 'Tucson', ['2.0 Xăng', '2.0 Dầu Đặc biệt', '1.6 Turbo'], 850, 3],
  ['Hyundai', 'Santa Fe', ['2.5 Xăng', '2.2 Dầu Cao cấp'], 1150, 3],
  ['Kia', 'Morning', ['MT', 'AT Luxury', 'GT-Line'], 360, 5],
  ['Kia', 'Seltos', ['1.4 Turbo Deluxe', '1.5 Premium'], 650, 4],
  ['Kia', 'K3', ['1.6 MT', '1.6 Luxury', '2.0 Premium'], 590, 4],
  ['Kia', 'Cerato', ['1.6 AT', '2.0 AT'], 560, 2],
  ['Kia', 'Carnival', ['2.2D Luxury', '2.2D Signature'], 1300, 2],
  ['Mazda', 'Mazda3', ['1.5 Luxury', '1.5 Premium', '2.0 Signature'], 680, 6],
  ['Mazda', 'CX-5', ['2.0 Deluxe', '2.0 Premium', '2.5 Signature'], 850, 6],
  ['Mazda', 'CX-8', ['2.5 Luxury', '2.5 Premium AWD'], 1050, 2],
  ['Honda', 'City', ['1.5 G', '1.5 L', 'RS'], 540, 6],
  ['Honda', 'CR-V', ['1.5 E', '1.5 G', '1.5 L', 'e:HEV RS'], 1050, 4],
  ['Honda', 'Civic', ['1.5 G', '1.5 RS'], 800, 2],
  ['Mitsubishi', 'Xpander', ['1.5 MT', '1.5 AT', 'Cross'], 600, 7],
  ['Mitsubishi', 'Attrage', ['1.2 MT', '1.2 CVT'], 400, 2],
  ['Ford', 'Ranger', ['XLS 2.0 4x2 AT', 'Wildtrak 2.0 4x4', 'XLT 2.0 4x4'], 780, 6],
  ['Ford', 'Everest', ['Ambiente 2.0', 'Titanium 2.0 4x2', 'Platinum'], 1250, 3],
  ['Ford', 'Territory', ['Trend', 'Titanium', 'Titanium X'], 820, 3],
  ['VinFast', 'VF8', ['Eco', 'Plus'], 1100, 3],
  ['VinFast', 'VF5', ['Plus'], 480, 3],
  ['VinFast', 'Fadil', ['Tiêu chuẩn', 'Nâng cao', 'Cao cấp'], 380, 3],
  ['Suzuki', 'XL7', ['1.5 AT'], 600, 2],
  ['Mercedes-Benz', 'C200', ['Avantgarde', 'Exclusive'], 1600, 2],
];

const PROVINCE_SPELLINGS: readonly (readonly [string, number])[] = [
  ['TP HCM', 10], ['Hồ Chí Minh', 8], ['HCM', 4], ['TP.HCM', 3], ['Sài Gòn', 1],
  ['Hà Nội', 10], ['Ha Noi', 4], ['HN', 2], ['TP Hà Nội', 2],
  ['Đà Nẵng', 4], ['Hải Phòng', 3], ['Cần Thơ', 3], ['Bình Dương', 4], ['Đồng Nai', 4], ['Bà Rịa - Vũng Tàu', 2],
  ['Khánh Hòa', 2], ['Quảng Ninh', 2], ['Nghệ An', 2], ['Thanh Hóa', 2], ['Long An', 2], ['Bắc Ninh', 2],
  ['Bắc Giang', 1], ['Hải Dương', 1], ['Nam Định', 1], ['Thái Bình', 1], ['Quảng Nam', 1], ['Bình Định', 1],
  ['Lâm Đồng', 1], ['Đắk Lắk', 1], ['Kiên Giang', 1], ['Tiền Giang', 1], ['An Giang', 1], ['Thừa Thiên Huế', 1],
];

const ASCII_FOLD: Record<string, string> = {};
for (const [plain, accented] of Object.entries({
  a: 'àáạảãâầấậẩẫăằắặẳẵ', e: 'èéẹẻẽêềếệểễ', i: 'ìíịỉĩ', o: 'òóọỏõôồốộổỗơờớợởỡ', u: 'ùúụủũưừứựửữ', y: 'ỳýỵỷỹ', d: 'đ',
})) {
  for (const char of accented) {
    ASCII_FOLD[char] = plain;
    ASCII_FOLD[char.toUpperCase()] = plain.toUpperCase();
  }
}

/** Strips Vietnamese marks the way old systems and phone keyboards do — noise for the normalizer to undo. */
export function withoutMarks(text: string): string {
  let out = '';
  for (const char of text) out += ASCII_FOLD[char] ?? char;
  return out;
}

function digits(random: Random, count: number): string {
  let out = '';
  for (let i = 0; i < count; i++) out += Math.floor(random() * 10);
  return out;
}

function pad2(value: number): string {
  return value < 10 ? `0${value}` : String(value);
}

/** Days since 1899-12-30, as Excel stores dates. */
function excelSerial(date: Date): number {
  return Math.round((date.getTime() - Date.UTC(1899, 11, 30)) / 86_400_000);
}

function formatDate(random: Random, date: Date): string | number {
  const d = date.getUTCDate();
  const m = date.getUTCMonth() + 1;
  const y = date.getUTCFullYear();
  return weighted<() => string | number>(random, [
    [() => `${pad2(d)}/${pad2(m)}/${y}`, 5],
    [() => `${y}-${pad2(m)}-${pad2(d)}`, 3],
    [() => excelSerial(date), 1],
    [() => `${d}/${m}/${y}`, 1],
  ])();
}

function randomDate(random: Random, fromYear: number, toYear: number): Date {
  const from = Date.UTC(fromYear, 0, 1);
  const to = Date.UTC(toYear, 11, 31);
  return new Date(from + Math.floor(random() * ((to - from) / 86_400_000)) * 86_400_000);
}

interface Person {
  name: string;
  female: boolean;
  phone: string;
  secondPhone: string | null;
  birth: Date | null;
  email: string | null;
}

function makePerson(random: Random, index: number): Person {
  const female = random() < 0.42;
  const family = weighted(random, FAMILY_NAMES);
  const middle = pick(random, female ? MIDDLE_FEMALE : MIDDLE_MALE);
  const given = pick(random, female ? GIVEN_FEMALE : GIVEN_MALE);
  const name = random() < 0.08 ? `${family} ${given}` : `${family} ${middle} ${given}`;
  const email = random() < 0.35 ? `${withoutMarks(given).toLowerCase()}.${withoutMarks(family).toLowerCase()}${index % 1000}@gmail.com` : null;
  return {
    name,
    female,
    phone: `${pick(random, MOBILE_PREFIXES)}${digits(random, 7)}`,
    secondPhone: random() < 0.04 ? `${pick(random, MOBILE_PREFIXES)}${digits(random, 7)}` : null,
    birth: random() < 0.8 ? randomDate(random, 1955, 2003) : null,
    email,
  };
}

function noisyName(random: Random, person: Person): string {
  let name = person.name;
  if (random() < 0.25) name = withoutMarks(name);
  const caseRoll = random();
  if (caseRoll < 0.2) name = name.toUpperCase();
  else if (caseRoll < 0.3) name = name.toLowerCase();
  if (random() < 0.15) name = `${pick(random, person.female ? TITLES_FEMALE : TITLES_MALE)} ${name}`;
  if (random() < 0.1) name = `  ${name.replace(/ /g, '  ')} `;
  return name;
}

function noisyPhone(random: Random, person: Person): string | number {
  const local = person.phone.slice(1);
  const shape = weighted<() => string | number>(random, [
    [() => person.phone, 40],
    [() => `+84 ${local.slice(0, 3)} ${local.slice(3, 6)} ${local.slice(6)}`, 10],
    [() => `84${local}`, 6],
    [() => Number(local), 8],
    [() => `${person.phone.slice(0, 4)}.${person.phone.slice(4, 7)}.${person.phone.slice(7)}`, 8],
    [() => `${person.phone.slice(0, 4)}-${person.phone.slice(4, 7)}-${person.phone.slice(7)}`, 5],
    [() => `${pick(random, OLD_MOBILE_PREFIXES)}${person.phone.slice(3)}`, 5],
  ]);
  const phone = shape();
  return person.secondPhone && typeof phone === 'string' ? `${phone} / ${person.secondPhone}` : phone;
}

function formatPrice(random: Random, millions: number): string | number {
  const vnd = millions * 1_000_000;
  return random() < 0.6 ? vnd : vnd.toLocaleString('de-DE');
}

export type GeneratedRecord = Record<string, unknown>;

/** Which defect, if any, a broken sample row carries: each maps to a reject reason clean must give. */
const DEFECTS = ['no_name', 'no_key', 'object_in_field', 'no_vehicle'] as const;

/**
 * Yields `count` export records (sale rows, service rows, a few exact duplicates and broken rows).
 * Service rows repeat a sold vehicle's asset number, often without CustomerId, so clean must merge them.
 */
export function* generateCustomerRecords(count: number, seed = 2026): Generator<GeneratedRecord> {
  const random = seededRandom(seed);
  const sold: GeneratedRecord[] = [];
  const customers: { id: string; person: Person }[] = [];
  let customerNumber = 0;
  let emitted = 0;
  let previous: GeneratedRecord | null = null;
  while (emitted < count) {
    const roll = random();
    let record: GeneratedRecord;
    if (roll < 0.01 && previous) {
      record = previous; // exact duplicate: the export job ran twice over the same rows
    } else if (roll < 0.2 && sold.length > 0) {
      const sale = pick(random, sold);
      record = {
        CustomerId: random() < 0.5 ? sale.CustomerId ?? null : null,
        NameCustomer: sale.NameCustomer ?? null,
        Phone: sale.Phone ?? null,
        asset_num: sale.asset_num ?? null,
        modelType: sale.modelType ?? null,
        DealerProvince: sale.DealerProvince ?? null,
        ServiceDate: formatDate(random, randomDate(random, 2021, 2026)),
      };
    } else {
      // About 7% of sales go to a returning customer: same id and person, another car.
      const returning = customers.length > 0 && random() < 0.07 ? pick(random, customers) : null;
      if (!returning) customerNumber++;
      const person = returning?.person ?? makePerson(random, customerNumber);
      const customerId = returning?.id ?? `KH${String(100000 + customerNumber).padStart(7, '0')}`;
      if (!returning) {
        if (customers.length < 50_000) customers.push({ id: customerId, person });
        else customers[Math.floor(random() * customers.length)] = { id: customerId, person };
      }
      const [make, model, trims, basePrice] = weighted(random, MODELS.map((entry) => [entry, entry[4]] as const));
      const trim = pick(random, trims);
      const modelType = weighted<string>(random, [
        [`${model} ${trim}`, 6],
        [`${make.toUpperCase()} ${model.toUpperCase()} ${trim}`, 2],
        [`${make} ${model} ${trim}`, 2],
      ]);
      const delivered = randomDate(random, 2014, 2026);
      record = {
        CustomerId: customerId,
        NameCustomer: noisyName(random, { ...person }),
        Phone: noisyPhone(random, person),
        ...(person.birth ? (random() < 0.85 ? { BirthDate: formatDate(random, person.birth) } : { Age: 2026 - person.birth.getUTCFullYear() }) : {}),
        Email: person.email,
        asset_num: `${pick(random, ['RL4', 'MR2', 'KMH', 'RLU', 'JM7'])}${digits(random, 2)}${pick(random, ['A', 'B', 'C', 'K'])}${digits(random, 11)}`,
        modelType,
        Brand: random() < 0.5 ? make : null,
        Warranty_start_dt: formatDate(random, delivered),
        price: formatPrice(random, Math.round(basePrice * (0.9 + random() * 0.25))),
        DealerProvince: weighted(random, PROVINCE_SPELLINGS),
      };
      if (sold.length < 50_000) sold.push(record);
      else sold[Math.floor(random() * sold.length)] = record;
    }
    if (random() < 0.006) {
      const defect = pick(random, DEFECTS);
      record = { ...record };
      if (defect === 'no_name') record.NameCustomer = random() < 0.5 ? '' : null;
      if (defect === 'no_key') {
        record.CustomerId = null;
        record.Phone = `028 ${digits(random, 4)} ${digits(random, 4)}`; // a landline: not a mobile, no key
        delete record.BirthDate;
        delete record.Age;
      }
      if (defect === 'object_in_field') record.Phone = { home: '0903123456' };
      if (defect === 'no_vehicle') {
        record.asset_num = null;
        record.modelType = null;
      }
    }
    previous = record;
    emitted++;
    yield record;
  }
}
