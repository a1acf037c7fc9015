/**
 * Normalizer micro-benchmark: ops/s of each shared/normalize function on realistic inputs (customer export
 * fields, chotot/xetot listing fields), cycling through a mixed sample so branch predictors and caches see a
 * realistic spread. Targets: ≥ 1M ops/s each, matchCarModel ≥ 300k ops/s.
 *
 *   node bin/run-ts.mjs bench/normalize-bench.ts            # ~0.6 s per normalizer
 *   node bin/run-ts.mjs bench/normalize-bench.ts --ms 2000  # longer runs
 *   node --import tsx bench/normalize-bench.ts                # same, straight through tsx
 */
import { parseArgs } from 'node:util';
import {
  ageToBirthYear,
  foldVietnamese,
  looksLikeDealer,
  matchCarModel,
  normalizePhone,
  normalizeProvince,
  parseDate,
  parseMileageKm,
  parsePersonName,
  parseVnd,
  maskPhone,
} from '../shared/normalize';

const { values } = parseArgs({ options: { ms: { type: 'string', default: '600' } } });
const RUN_MS = Number(values.ms);

const NAMES = [
  'Nguyễn Văn An', 'TRẦN THỊ BÍCH NGỌC', 'Anh Lê Văn Hùng', 'Chị Phạm Thu Hà', 'nguyen van binh', 'Mr. Huỳnh Tấn Phát',
  'Võ Thị Sáu', 'Ông Đặng Văn Lâm', '  Bùi   Xuân  Phái ', 'KH Đỗ Minh Quân', 'Hoàng Anh', 'Ngô Bảo Châu',
];
const PHONES: unknown[] = [
  '0903123456', '0912 345 678', '+84 903 123 456', '84987654321', 903123456, '0903.123.456', '01689123456',
  '0903123456 / 0912345678', '0388-123-456', '', null, '02838234567',
];
const DATES: unknown[] = [
  '15/03/2020', '2020-03-15', 43831, '3/4/2019', '2024-04-30T17:00:00.000Z', '31/12/1985', '15-03-2020',
  1789115863530, '2019/07/01', '', '01/01/1990 00:00:00', '43500',
];
const PRICES: unknown[] = [
  545000000, '545.000.000', '800.000.000 đ', '1 tỷ 200 triệu', '850tr', 'Giá thỏa thuận', '1,2 tỷ', '589.000.000 đ',
  '650 triệu', '1.250.000.000', '720tr', '1 tỷ 2',
];
const MILEAGES: unknown[] = [42000, '42.000 km', '5 vạn km', '4,2 vạn km', '30000', '120,000km', '42k km', 0];
const PROVINCES: unknown[] = [
  'TP HCM', 'Hà Nội', 'HCM', 'TP Hà Nội', 'Đà Nẵng', 'Bình Dương', 'Ha Noi', 'Tp Hồ Chí Minh', 'Khánh Hòa', 'BR-VT',
  'Đồng Nai', 'Hải Phòng',
];
const MODELS: ReadonlyArray<readonly [string, string | undefined]> = [
  ['Vios 1.5G CVT', undefined], ['TOYOTA VIOS E', undefined], ['Fortuner 2.4 4x2 AT', 'Toyota'],
  ['Mazda CX5 2.0 Premium', undefined], ['Kia Cerato 1.6 AT', 'Kia'], ['VF8 Plus', 'VinFast'], ['Mer C200', undefined],
  ['Corolla Cross 1.8V', 'Toyota'], ['Xpander Cross', 'Mitsubishi'], ['Ranger Wildtrak 2.0', 'Ford'],
  ['Accent 1.4 AT', 'Hyundai'], ['City RS', 'Honda'],
];
const DEALERS = [
  { sellerName: 'Nguyễn Văn A', liveAds: 1, companyAd: false },
  { sellerName: 'HN Auto', liveAds: 3, companyAd: false },
  { sellerName: 'Trần Thị B', liveAds: 14, companyAd: null },
  { sellerName: 'Salon Ô tô Hùng Phát', liveAds: 2, companyAd: false, title: 'Vios 2019' },
];
const TEXTS = ['Nguyễn Văn An', 'Hồ Chí Minh', 'xe lướt đẹp', 'vios 1.5g', 'Giá thỏa thuận', 'nguyen van an'];

let sink = 0;
function consume(v: unknown): void {
  if (v !== null && v !== undefined) sink++;
}

function bench(label: string, inputs: readonly unknown[], fn: (x: unknown, i: number) => unknown): number {
  const n = inputs.length;
  for (let i = 0; i < 50_000; i++) consume(fn(inputs[i % n], i)); // warm-up: let the JIT settle
  let ops = 0;
  const start = process.hrtime.bigint();
  const deadline = start + BigInt(RUN_MS) * 1_000_000n;
  let now = start;
  while (now < deadline) {
    for (let i = 0; i < 10_000; i++, ops++) consume(fn(inputs[ops % n], ops));
    now = process.hrtime.bigint();
  }
  const opsPerSec = ops / (Number(now - start) / 1e9);
  console.log(`${label.padEnd(36)} ${Math.round(opsPerSec).toLocaleString('en-US').padStart(13)} ops/s`);
  return opsPerSec;
}

const asOf = new Date(Date.UTC(2025, 5, 1));
console.log(`normalizer benchmark, node ${process.version}, ${RUN_MS} ms per line`);
bench('foldVietnamese', TEXTS, (x) => foldVietnamese(x as string));
bench('normalizePhone', PHONES, (x) => normalizePhone(x));
bench('maskPhone', ['0903123456'], (x) => maskPhone(x as string));
bench('parsePersonName', NAMES, (x) => parsePersonName(x));
bench('parseDate', DATES, (x) => parseDate(x));
bench('ageToBirthYear', [35, '42', '35 tuổi', 61], (x) => ageToBirthYear(x, asOf));
bench('parseVnd', PRICES, (x) => parseVnd(x));
bench('parseMileageKm', MILEAGES, (x) => parseMileageKm(x));
bench('normalizeProvince', PROVINCES, (x) => normalizeProvince(x));
bench('matchCarModel (repeating models)', MODELS, (x) => {
  const [text, hint] = x as readonly [string, string | undefined];
  return matchCarModel(text, hint);
});
bench('matchCarModel (all distinct, no cache)', MODELS, (x, i) => {
  const [text, hint] = x as readonly [string, string | undefined];
  return matchCarModel(`${text} #${i}`, hint);
});
bench('looksLikeDealer', DEALERS, (x) => looksLikeDealer(x as (typeof DEALERS)[number]));
console.log(`(checksum ${sink})`);
