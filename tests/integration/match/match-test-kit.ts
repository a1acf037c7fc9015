import { MemoryObjectStore } from '../../../shared/adapters/memory/memory-object-store';
import { PostgresWarehouse } from '../../../shared/adapters/postgres/postgres-warehouse';
import { matchCarModel, normalizePhone, normalizeProvince, parsePersonName, personNameKey } from '../../../shared/normalize';
import type { SqlValue, Warehouse } from '../../../shared/ports/warehouse';

/** A customer vehicle as the company DB would describe it; features are derived with shared/normalize, as clean does. */
export interface CustomerSeed {
  vehicleKey: string;
  customerId: string;
  name: string;
  phone?: string;
  car: string;
  year: number;
  province: string;
}

/** A listing as a site shows it. */
export interface ListingSeed {
  source: 'chotot' | 'xetot';
  listingId: string;
  seller: string;
  phone?: string;
  car: string;
  year: number;
  province: string;
  sellerType?: 'private' | 'dealer';
  lastSeenAt?: string;
}

export const CUSTOMER_BATCH = 'b_' + 'c'.repeat(32);
export const LISTING_BATCH = 'b_' + 'a'.repeat(32);

/** An in-memory PGlite warehouse with every DDL file (015_match included) applied. */
export async function openMatchWarehouse(databaseUrl?: string): Promise<PostgresWarehouse> {
  const objectStore = new MemoryObjectStore();
  const warehouse = new PostgresWarehouse(databaseUrl ? { objectStore, databaseUrl } : { objectStore });
  await warehouse.migrate();
  return warehouse;
}

function car(text: string): { make: string | null; model: string | null } {
  const found = matchCarModel(text);
  return { make: found?.make ?? null, model: found?.model ?? null };
}

function phoneOf(text: string | undefined): { phone: string | null; phoneAlt: string | null } {
  if (!text) return { phone: null, phoneAlt: null };
  const result = normalizePhone(text);
  if (!result.ok) throw new Error(`test phone ${text} is not valid: ${result.reason}`);
  return { phone: result.phone, phoneAlt: result.others[0] ?? null };
}

function province(text: string): string {
  const found = normalizeProvince(text);
  if (!found) throw new Error(`unknown province ${text}`);
  return found.province;
}

export async function insertCustomers(warehouse: Warehouse, seeds: readonly CustomerSeed[], batchId = CUSTOMER_BATCH): Promise<void> {
  for (let start = 0; start < seeds.length; start += 200) {
    const chunk = seeds.slice(start, start + 200);
    const params: Record<string, SqlValue> = { batch_id: batchId };
    const rows = chunk.map((seed, i) => {
      const name = parsePersonName(seed.name);
      if (!name) throw new Error(`unparsable test name ${seed.name}`);
      const { make, model } = car(seed.car);
      const { phone, phoneAlt } = phoneOf(seed.phone);
      const values: Record<string, SqlValue> = {
        customer_key: `c:${seed.customerId}`,
        customer_id: seed.customerId,
        full_name: name.full,
        name_folded: name.folded,
        family_name_folded: name.familyFolded || null,
        middle_name_folded: name.middleFolded || null,
        given_name_folded: name.givenFolded,
        name_key: personNameKey(name),
        phone,
        phone_alt: phoneAlt,
        vehicle_key: seed.vehicleKey,
        make,
        model,
        purchase_year: seed.year,
        province: province(seed.province),
      };
      for (const [column, value] of Object.entries(values)) params[`${column}_${i}`] = value;
      return `(${Object.keys(values).map((column) => `:${column}_${i}`).join(', ')}, 'h', :batch_id, :batch_id)`;
    });
    await warehouse.query(
      `insert into core.customer_vehicles (customer_key, customer_id, full_name, name_folded, family_name_folded,
        middle_name_folded, given_name_folded, name_key, phone, phone_alt, vehicle_key, make, model, purchase_year,
        province, record_hash, first_batch_id, batch_id) values ${rows.join(',\n')}`,
      params,
    );
  }
}

export async function insertListings(warehouse: Warehouse, seeds: readonly ListingSeed[], batchId = LISTING_BATCH): Promise<void> {
  for (let start = 0; start < seeds.length; start += 200) {
    const chunk = seeds.slice(start, start + 200);
    const params: Record<string, SqlValue> = { batch_id: batchId };
    const rows = chunk.map((seed, i) => {
      const name = parsePersonName(seed.seller);
      const { make, model } = car(seed.car);
      const values: Record<string, SqlValue> = {
        source: seed.source,
        listing_id: seed.listingId,
        make,
        model,
        year: seed.year,
        seller_name: seed.seller,
        seller_phone: phoneOf(seed.phone).phone,
        seller_type: seed.sellerType ?? 'private',
        province: province(seed.province),
        seller_name_folded: name?.folded ?? null,
        seller_family_name_folded: name ? name.familyFolded || null : null,
        seller_middle_name_folded: name ? name.middleFolded || null : null,
        seller_given_name_folded: name?.givenFolded ?? null,
        seller_name_key: name ? personNameKey(name) : null,
        seen_at: seed.lastSeenAt ?? '2026-12-01 08:00:00',
      };
      for (const [column, value] of Object.entries(values)) params[`${column}_${i}`] = value;
      const columns = Object.keys(values);
      return `(${columns.map((column) => `:${column}_${i}`).join(', ')}, :seen_at_${i}, 'h', :batch_id, :batch_id)`;
    });
    await warehouse.query(
      `insert into core.listings (source, listing_id, make, model, year, seller_name, seller_phone, seller_type,
        province, seller_name_folded, seller_family_name_folded, seller_middle_name_folded, seller_given_name_folded,
        seller_name_key, first_seen_at, last_seen_at, record_hash, first_batch_id, batch_id) values ${rows.join(',\n')}`,
      params,
    );
  }
}

/** A deterministic crowd of customers with real name and market shares: what makes weights and TF realistic. */
export function crowd(count: number, seed = 7): CustomerSeed[] {
  const families = ['Nguyễn', 'Nguyễn', 'Nguyễn', 'Nguyễn', 'Trần', 'Trần', 'Lê', 'Lê', 'Phạm', 'Hoàng', 'Huỳnh', 'Vũ', 'Võ', 'Phan', 'Đặng', 'Bùi', 'Đỗ', 'Ngô', 'Dương', 'Lý'];
  const middles = ['Văn', 'Văn', 'Thị', 'Thị', 'Minh', 'Đức', 'Quốc', 'Ngọc', 'Thanh', 'Hữu', 'Xuân', 'Hoàng'];
  const givens = ['Anh', 'Anh', 'Hùng', 'Hùng', 'Dũng', 'Tuấn', 'Linh', 'Hương', 'Trang', 'Nam', 'Hải', 'Long', 'Phương', 'Thảo', 'Hà', 'Sơn', 'Quang', 'Huy', 'Minh', 'Thủy', 'Hạnh', 'Khoa', 'Bình', 'Cường', 'Phúc', 'Tâm', 'Lan', 'Mai', 'Vy', 'Đạt'];
  const cars = ['Toyota Vios', 'Toyota Vios', 'Toyota Vios', 'Hyundai Accent', 'Hyundai Accent', 'Kia Morning', 'Mazda CX-5', 'Ford Ranger', 'Toyota Fortuner', 'Honda City', 'Mitsubishi Xpander', 'Toyota Innova', 'Kia Seltos', 'Hyundai Grand i10'];
  const provinces = ['Hồ Chí Minh', 'Hồ Chí Minh', 'Hà Nội', 'Hà Nội', 'Đà Nẵng', 'Cần Thơ', 'Hải Phòng', 'Đồng Nai', 'Khánh Hòa', 'Nghệ An'];
  let state = seed;
  const next = (n: number): number => {
    state = (state * 1103515245 + 12345) % 2147483648;
    return state % n;
  };
  const pick = <T>(list: readonly T[]): T => list[next(list.length)] as T;
  return Array.from({ length: count }, (_, i) => ({
    vehicleKey: `v:crowd-${i}`,
    customerId: `CROWD${i}`,
    name: `${pick(families)} ${pick(middles)} ${pick(givens)}`,
    phone: `09${String(10_000_000 + i * 37).padStart(8, '0')}`,
    car: pick(cars),
    year: 2012 + next(13),
    province: pick(provinces),
  }));
}
