import type { Warehouse } from '../../../shared/ports/warehouse';
import type { CustomerSeed, ListingSeed } from './match-test-kit';
import { crowd, insertCustomers, insertListings } from './match-test-kit';

/**
 * Named customers and listings for the phenomena of issue 7, among a crowd of 2,000 ordinary customers (which makes
 * the prior and the given-name frequencies realistic). Expected outcome per listing in EXPECTED.
 */
export const NAMED_CUSTOMERS: CustomerSeed[] = [
  // A: common name; sells on xetot with his phone, shown as "Anh Hùng".
  { vehicleKey: 'v:A', customerId: 'A', name: 'NGUYỄN VĂN HÙNG', phone: '0903 123 456', car: 'Toyota Vios 1.5G', year: 2018, province: 'Hà Nội' },
  // B: two numbers, the second an old 11-digit Viettel one (0168… → 038…).
  { vehicleKey: 'v:B', customerId: 'B', name: 'Lê Thị Hạnh', phone: '0912345678 / 01689998888', car: 'Mazda CX-5', year: 2020, province: 'Đà Nẵng' },
  // C: a rare given name; sells on chotot (no phone), Huỳnh/Hoàng spelled the other way there.
  { vehicleKey: 'v:C', customerId: 'C', name: 'Huỳnh Bảo Ngọc', phone: '0987 654 321', car: 'Kia Seltos', year: 2021, province: 'Cần Thơ' },
  // D: sold his Ranger to a dealer, who now advertises it.
  { vehicleKey: 'v:D', customerId: 'D', name: 'Phạm Quốc Cường', phone: '0977 111 222', car: 'Ford Ranger', year: 2017, province: 'Hồ Chí Minh' },
  // G: his old number was recycled to a stranger.
  { vehicleKey: 'v:G', customerId: 'G', name: 'Đỗ Thị Lan', phone: '0966 555 444', car: 'Kia Morning', year: 2015, province: 'Nghệ An' },
];

export const LISTINGS: ListingSeed[] = [
  { source: 'xetot', listingId: 'x-phone', seller: 'Anh Hùng', phone: '+84 903 123 456', car: 'Vios 1.5G CVT', year: 2019, province: 'Ha Noi' },
  { source: 'xetot', listingId: 'x-old-phone', seller: 'Hạnh Lê', phone: '0389998888', car: 'Mazda CX5 2.0', year: 2020, province: 'Đà Nẵng' },
  { source: 'chotot', listingId: 'c-rare-name', seller: 'Hoàng Bảo Ngọc', car: 'Kia Seltos', year: 2021, province: 'Cần Thơ' },
  { source: 'xetot', listingId: 'x-dealer', seller: 'Cường Auto', phone: '0909 888 777', car: 'Ford Ranger', year: 2017, province: 'TP HCM', sellerType: 'dealer' },
  { source: 'xetot', listingId: 'x-dealer-own-phone', seller: 'Salon Phát Đạt', phone: '0977111222', car: 'Ford Ranger', year: 2017, province: 'TP HCM', sellerType: 'dealer' },
  { source: 'chotot', listingId: 'c-lookalike', seller: 'Nguyễn Văn Hùng', car: 'Toyota Vios', year: 2014, province: 'Hồ Chí Minh' },
  { source: 'xetot', listingId: 'x-recycled', seller: 'Trần Minh Khoa', phone: '0966555444', car: 'Honda City', year: 2023, province: 'Hải Phòng' },
];

/** Which listings must be leads, and for whom; every other listing must not be a lead. */
export const EXPECTED_LEADS: Record<string, string> = {
  'xetot:x-phone': 'c:A',
  'xetot:x-old-phone': 'c:B',
  'chotot:c-rare-name': 'c:C',
};

export function scenarioCustomers(): CustomerSeed[] {
  return [...crowd(2000), ...NAMED_CUSTOMERS];
}

/** The scenario's customers (crowd included) and listings, into core. */
export async function insertScenario(warehouse: Warehouse): Promise<void> {
  await insertCustomers(warehouse, scenarioCustomers());
  await insertListings(warehouse, LISTINGS);
}
