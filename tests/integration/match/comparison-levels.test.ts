import type { PostgresWarehouse } from '../../../shared/adapters/postgres/postgres-warehouse';
import type { ComparisonName } from '../../../shared/steps/match/comparisons';
import { MatchSqlRunner } from '../../../shared/steps/match/match-sql-runner';
import { insertCustomers, insertListings, openMatchWarehouse, type CustomerSeed, type ListingSeed } from './match-test-kit';

/** One pair: what the customer DB and the ad say (everything else as in BASE_*), and the level expected. */
interface Case {
  title: string;
  comparison: ComparisonName;
  customer?: Partial<CustomerSeed>;
  listing?: Partial<ListingSeed>;
  level: number;
}

const BASE_CUSTOMER: Omit<CustomerSeed, 'vehicleKey' | 'customerId'> = { name: 'Nguyễn Văn Hùng', phone: '0903123456', car: 'Toyota Vios', year: 2018, province: 'Hà Nội' };
const BASE_LISTING: Omit<ListingSeed, 'listingId'> = { source: 'xetot', seller: 'Nguyễn Văn Hùng', phone: '0903123456', car: 'Toyota Vios', year: 2018, province: 'Hà Nội' };

const CASES: Case[] = [
  { title: 'Western word order', comparison: 'name', listing: { seller: 'Hung Van Nguyen' }, level: 4 },
  { title: 'Huỳnh is Hoàng, capitals', comparison: 'name', customer: { name: 'HUỲNH THỊ MAI' }, listing: { seller: 'Hoàng Thị Mai' }, level: 4 },
  { title: 'no diacritics, đ as d', comparison: 'name', customer: { name: 'Lê Thị Đào' }, listing: { seller: 'Le Thi Dao' }, level: 4 },
  { title: 'Vũ is Võ, middle name left out', comparison: 'name', customer: { name: 'Vũ Đức Khoa' }, listing: { seller: 'Võ Khoa' }, level: 3 },
  { title: 'title + given name', comparison: 'name', listing: { seller: 'Anh Hùng' }, level: 2 },
  { title: 'given name inside a shop-like name', comparison: 'name', listing: { seller: 'Hùng Ô Tô' }, level: 1 },
  { title: 'another person', comparison: 'name', listing: { seller: 'Trần Minh Khoa' }, level: 0 },
  { title: 'no usable seller name', comparison: 'name', listing: { seller: '0909' }, level: -1 },
  { title: '+84 and spaces', comparison: 'phone', customer: { phone: '0903 123 456' }, listing: { phone: '+84 903 123 456' }, level: 2 },
  { title: "the customer's old 11-digit number, converted", comparison: 'phone', customer: { phone: '0912345678 / 01689998888' }, listing: { phone: '0389998888' }, level: 1 },
  { title: 'one digit off', comparison: 'phone', listing: { phone: '0903123457' }, level: 0 },
  { title: 'chotot shows no phone', comparison: 'phone', listing: { source: 'chotot', phone: undefined }, level: -1 },
  { title: 'catalog model from different spellings', comparison: 'model', customer: { car: 'TOYOTA VIOS E' }, listing: { car: 'Vios 1.5G CVT' }, level: 2 },
  { title: 'same make, other model', comparison: 'model', listing: { car: 'Toyota Camry' }, level: 1 },
  { title: 'other make', comparison: 'model', listing: { car: 'Hyundai Accent' }, level: 0 },
  { title: 'same year', comparison: 'year', level: 3 },
  { title: 'made one year after the purchase record', comparison: 'year', listing: { year: 2019 }, level: 2 },
  { title: 'three years apart', comparison: 'year', listing: { year: 2015 }, level: 1 },
  { title: 'eight years apart', comparison: 'year', listing: { year: 2010 }, level: 0 },
  { title: 'TP HCM is Hồ Chí Minh', comparison: 'province', customer: { province: 'Hồ Chí Minh' }, listing: { province: 'TP HCM' }, level: 1 },
  { title: 'old Bình Dương merged into Hồ Chí Minh (2025)', comparison: 'province', customer: { province: 'Bình Dương' }, listing: { province: 'Hồ Chí Minh' }, level: 1 },
  { title: 'another province', comparison: 'province', listing: { province: 'Đà Nẵng' }, level: 0 },
  { title: 'dealer ad', comparison: 'seller_type', listing: { sellerType: 'dealer' }, level: 0 },
  { title: 'private seller', comparison: 'seller_type', level: 1 },
];

let warehouse: PostgresWarehouse;
let levels: Map<string, Record<string, number>>;

beforeAll(async () => {
  warehouse = await openMatchWarehouse();
  await insertCustomers(warehouse, CASES.map((c, i) => ({ ...BASE_CUSTOMER, ...c.customer, vehicleKey: `v:${i}`, customerId: `C${i}` })));
  await insertListings(warehouse, CASES.map((c, i) => ({ ...BASE_LISTING, ...c.listing, listingId: `l${i}` })));
  // Each case's listing paired with its own vehicle only, then compared by compare_pairs.sql.
  await warehouse.query(
    `insert into match.candidates (run_id, rule_rank, source, listing_id, vehicle_key, first_rule)
     select 'levels', 1, source, listing_id, 'v:' || substring(listing_id, 2), true from core.listings`,
  );
  await new MatchSqlRunner(warehouse).query('compare_pairs', { run_id: 'levels' });
  const rows = await warehouse.query<Record<string, number> & { listing_id: string }>("select * from match.pairs where run_id = 'levels'");
  levels = new Map(rows.map((row) => [row.listing_id, row]));
}, 60_000);

afterAll(async () => warehouse?.close());

describe('comparison levels (compare_pairs.sql) on Vietnamese cases', () => {
  it.each(CASES.map((c, i) => [c.comparison, c.title, c.level, i] as const))('%s: %s → level %d', (comparison, _title, level, i) => {
    // Assess
    expect(levels.get(`l${i}`)?.[`${comparison}_level`]).toBe(level);
  });
});
