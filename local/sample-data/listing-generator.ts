/**
 * Labeled marketplace listings for the sample customers (issue 7): what the scraper would write for chotot and xetot
 * (shared/contracts/listing.ts), and for each listing the truth — which customer vehicle it is, or none.
 *
 * Sellers are drawn from the same generated customer records `xecu sample-data --customers N --seed S` writes, and
 * the truth keys (customer_key, vehicle_key) come from the clean profile on each raw record (customerProfile.toRow),
 * so they are the keys core.customer_vehicles holds after ingest. The phenomena matching must survive:
 * - own: a customer selling their own car, the name as marketplaces show it (full, no diacritics, given name only,
 *   title + given name, Western order, username, nickname, "Hùng Ô Tô"), on xetot with their current, secondary or
 *   old 11-digit phone (or a family member's, or none); chotot shows no phone. Year = purchase year or ±1 (sometimes
 *   2 off), province mostly theirs (the customer record may carry the old name), sometimes moved.
 * - cross_post: the same car posted by its owner on the other site too — both listings are that vehicle.
 * - dealer_resale: a dealer selling a car it bought from a customer (same car, dealer name and phone): not a match.
 * - lookalike: a stranger with a customer's name and model, another year (2–5 off) or province: not a match.
 * - recycled_phone: a customer's number now used by a stranger selling another car (xetot): not a match.
 * - stranger / dealer_stock: everyone else, private sellers and dealers: not a match.
 * Deterministic for (customers, listings, seed).
 */

import type { CustomerVehicleRow } from '../../shared/contracts/customer-export';
import type { Listing } from '../../shared/contracts/listing';
import { looksLikeDealer } from '../../shared/normalize';
import { customerProfile } from '../../shared/steps/clean/customer-profile';
import { generateCustomerRecords, withoutMarks } from './customer-generator';
import { pick, seededRandom, weighted, type Random } from './seeded-random';

export const LISTING_KINDS = ['own', 'cross_post', 'dealer_resale', 'lookalike', 'recycled_phone', 'stranger', 'dealer_stock'] as const;
export type ListingKind = (typeof LISTING_KINDS)[number];

/** Which customer vehicle a listing is (keys as in core.customer_vehicles), or none, and how it was made. */
export interface ListingTruth {
  source: Listing['source'];
  listing_id: string;
  /** Null: the listing is nobody in the customer data (or a dealer's, which must not become a lead). */
  customer_key: string | null;
  vehicle_key: string | null;
  kind: ListingKind;
  /** How the seller's name was written (own / cross_post / lookalike). */
  name_variant: string | null;
  /** Which number the seller gave (xetot): current, secondary, old_11_digit, family, hidden, none (chotot). */
  phone_variant: string | null;
  /** Listing year minus purchase year, for listings of a customer's car. */
  year_gap: number | null;
  /** same | old_name (the customer record has the pre-2025 province) | moved | other (lookalike). */
  province: string | null;
}

export interface SampleListing {
  listing: Listing;
  truth: ListingTruth;
}

export const TRUTH_COLUMNS = ['source', 'listing_id', 'customer_key', 'vehicle_key', 'kind', 'name_variant', 'phone_variant', 'year_gap', 'province'] as const satisfies readonly (keyof ListingTruth)[];

export interface ListingSampleOptions {
  /** Records of the customer export the listings refer to (the same N as `--customers`). */
  customers: number;
  listings: number;
  /** The customer export's seed (default 2026, as `xecu sample-data`). */
  seed?: number;
  /** scraped_at of every listing (default 2026-11-30T08:00Z: fixed, so the files are identical on every run). */
  scrapedAt?: Date;
  /**
   * Called with each customer vehicle row as clean makes it from a raw record (the first row of each vehicle key), in
   * the same pass: the bench loads these straight into core instead of generating the export twice.
   */
  onCustomerRow?: (row: CustomerVehicleRow) => void;
}

/** A customer vehicle a listing can be made from: what the clean row says (the keys the warehouse will hold). */
interface Seller {
  customerKey: string;
  vehicleKey: string;
  family: string;
  middle: string;
  given: string;
  female: boolean;
  phone: string | null;
  phoneAlt: string | null;
  make: string;
  model: string;
  variant: string | null;
  year: number;
  province: string;
  oldProvinceName: boolean;
}

interface Car {
  make: string;
  model: string;
  variant: string | null;
  year: number;
  province: string;
}

const DEFAULT_SCRAPED_AT = new Date(Date.UTC(2026, 10, 30, 8, 0, 0));
const CLEAN_NOW = new Date(Date.UTC(2026, 9, 1));

/** Dealers: every name carries a trade word, as real shop accounts do (the scraper calls them dealers). */
const DEALERS: readonly string[] = [
  'Salon Ô tô Minh Phát', 'Toyota Sure Hùng Vương', 'Anycar Việt Nam', 'Auto Hưng Thịnh', 'Showroom Xe Lướt Sài Gòn',
  'Oto Hà Nội 88', 'Công ty TNHH Ô tô Phú Mỹ', 'Carmart Bình Dương', 'Đại lý Ford Thủ Đô', 'Gara Tuấn Anh',
  'Salon Xe Cũ Đức Thiện', 'Hải Phòng Auto', 'Ô tô Đà Nẵng Center', 'Xe Lướt Miền Tây', 'Auto Kim Long',
  'Salon Ô tô Thành Công', 'Showroom Ô tô Cũ Long Biên', 'Auto Minh Khang', 'Oto Cần Thơ Xanh', 'Đại lý Xe Cũ Hoàng Gia',
];

const MOBILE_PREFIXES = ['032', '033', '034', '035', '036', '037', '038', '039', '070', '076', '077', '078', '079', '081', '083', '085', '086', '088', '089', '090', '091', '093', '094', '096', '097', '098'];

/** New network code → the pre-2018 11-digit prefix it replaced (DESIGN.md "Phones"), to write a number the old way. */
const NEW_TO_OLD: Readonly<Record<string, string>> = {
  '032': '0162', '033': '0163', '034': '0164', '035': '0165', '036': '0166', '037': '0167', '038': '0168', '039': '0169',
  '070': '0120', '079': '0121', '077': '0122', '076': '0126', '078': '0128',
  '083': '0123', '084': '0124', '085': '0125', '081': '0127', '082': '0129',
  '056': '0186', '058': '0188', '059': '0199',
};

function randomPhone(random: Random): string {
  return `${pick(random, MOBILE_PREFIXES)}${String(Math.floor(random() * 1e7)).padStart(7, '0')}`;
}

/** As xetot sellers type a number: plain, spaced, dotted or +84. */
function displayPhone(random: Random, phone: string): string {
  if (phone.length !== 10) return phone;
  return weighted<() => string>(random, [
    [() => phone, 4],
    [() => `${phone.slice(0, 4)} ${phone.slice(4, 7)} ${phone.slice(7)}`, 2],
    [() => `${phone.slice(0, 4)}.${phone.slice(4, 7)}.${phone.slice(7)}`, 1],
    [() => `+84 ${phone.slice(1, 4)} ${phone.slice(4, 7)} ${phone.slice(7)}`, 1],
  ])();
}

/** A seller from a clean customer row, or null when the row cannot be anyone's listing (no name, car or year). */
function sellerOf(row: CustomerVehicleRow): Seller | null {
  if (!row.full_name || !row.make || !row.model || row.purchase_year === null || !row.province || !row.customer_id) return null;
  const words = row.full_name.split(' ').filter(Boolean);
  if (words.length < 2) return null;
  const family = words[0] as string;
  const given = words[words.length - 1] as string;
  const middle = words.slice(1, -1).join(' ');
  return {
    customerKey: row.customer_key,
    vehicleKey: row.vehicle_key,
    family,
    middle,
    given,
    female: /^(thi|thị)$/i.test(words[1] ?? '') || /^(Thị|Thi)\b/.test(middle),
    phone: row.phone,
    phoneAlt: row.phone_alt,
    make: row.make,
    model: row.model,
    variant: row.variant,
    year: row.purchase_year,
    province: row.province,
    oldProvinceName: Boolean(row.province_old && row.province_old !== row.province),
  };
}

/** The customer's name as they show it on a marketplace account. */
function sellerName(random: Random, seller: Seller): { name: string; variant: string } {
  const full = [seller.family, seller.middle, seller.given].filter(Boolean).join(' ');
  const title = seller.female ? pick(random, ['Chị', 'C.', 'Cô']) : pick(random, ['Anh', 'A.', 'Chú']);
  const ascii = (text: string): string => withoutMarks(text).toLowerCase().replace(/\s+/g, '');
  const variant = weighted<string>(random, [
    ['full', 30], ['no_diacritics', 15], ['given_only', 12], ['title_given', 12], ['western', 8], ['family_given', 8],
    ['username', 5], ['nickname', 4], ['shop_style', 3], ['lowercase', 3],
  ]);
  const name: Record<string, () => string> = {
    full: () => full,
    no_diacritics: () => withoutMarks(full),
    given_only: () => seller.given,
    title_given: () => `${title} ${seller.given}`,
    western: () => (random() < 0.5 ? `${seller.given} ${seller.family}` : [seller.given, seller.middle, seller.family].filter(Boolean).join(' ')),
    family_given: () => `${seller.family} ${seller.given}`,
    username: () => `${ascii(seller.given)}${ascii(seller.family)}${Math.floor(random() * 99)}`,
    nickname: () => `${seller.given} ${seller.model.split(' ')[0] ?? ''}`.trim(),
    shop_style: () => `${seller.given} ${pick(random, ['Ô Tô', 'Auto', 'Oto'])}`,
    lowercase: () => full.toLowerCase(),
  };
  return { name: (name[variant] as () => string)(), variant };
}

/** Which number a customer gives on xetot. */
function sellerPhone(random: Random, seller: Seller): { phone: string | null; variant: string } {
  const variant = weighted<string>(random, [['current', 70], ['secondary', 8], ['old_11_digit', 10], ['family', 8], ['hidden', 4]]);
  const current = seller.phone;
  if (variant === 'hidden' || !current) return { phone: null, variant: current ? 'hidden' : 'none' };
  if (variant === 'secondary' && seller.phoneAlt) return { phone: displayPhone(random, seller.phoneAlt), variant };
  const old = NEW_TO_OLD[current.slice(0, 3)];
  if (variant === 'old_11_digit' && old) return { phone: `${old}${current.slice(3)}`, variant };
  if (variant === 'family') return { phone: displayPhone(random, randomPhone(random)), variant };
  return { phone: displayPhone(random, current), variant: 'current' };
}

/**
 * Yields eligible sellers in a reservoir of `size` (deterministic), calling onCustomerRow for every vehicle's first
 * clean row. The clean profile runs on each raw record exactly as ingest runs it.
 */
function sampleSellers(options: ListingSampleOptions, random: Random, size: number): Seller[] {
  const reservoir: Seller[] = [];
  const seen = new Set<string>();
  let eligible = 0;
  let row = 0;
  for (const record of generateCustomerRecords(options.customers, options.seed ?? 2026)) {
    row++;
    const result = customerProfile.toRow(record, { batchId: 'sample', row, recordHash: 'sample', now: CLEAN_NOW });
    if (!result.ok || seen.has(result.row.vehicle_key)) continue;
    // A vehicle's first row is its sale (service rows and duplicates repeat it later): the row core keeps.
    seen.add(result.row.vehicle_key);
    options.onCustomerRow?.(result.row);
    const seller = sellerOf(result.row);
    if (!seller) continue;
    if (reservoir.length < size) reservoir.push(seller);
    else {
      const slot = Math.floor(random() * (eligible + 1));
      if (slot < size) reservoir[slot] = seller;
    }
    eligible++;
  }
  for (let i = reservoir.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [reservoir[i], reservoir[j]] = [reservoir[j] as Seller, reservoir[i] as Seller];
  }
  return reservoir;
}

/** Every listing with its truth; chotot and xetot interleaved in generation order. */
export function generateListingSample(options: ListingSampleOptions): SampleListing[] {
  const seed = options.seed ?? 2026;
  const random = seededRandom((seed ^ 0x5eed1157) >>> 0);
  const pool = sampleSellers(options, random, Math.max(1, options.listings));
  if (pool.length === 0) return [];
  const scrapedAt = options.scrapedAt ?? DEFAULT_SCRAPED_AT;
  const provinces = [...new Set(pool.map((seller) => seller.province))];
  const dealerPhones = DEALERS.map(() => randomPhone(random));
  const counters = { chotot: 0, xetot: 0 };
  const out: SampleListing[] = [];
  let next = 0;
  const take = (): Seller => pool[next++ % pool.length] as Seller;
  const any = (): Seller => pick(random, pool);
  const otherProvince = (province: string): string => {
    if (provinces.length < 2) return province;
    let other = province;
    while (other === province) other = pick(random, provinces);
    return other;
  };
  const strangerName = (): string => {
    const [a, b, c] = [any(), any(), any()];
    const name = [a.family, b.middle, c.given].filter(Boolean).join(' ');
    return random() < 0.2 ? withoutMarks(name) : name;
  };
  const randomCar = (): Car => {
    const car = any();
    return { make: car.make, model: car.model, variant: car.variant, year: 2012 + Math.floor(random() * 14), province: pick(random, provinces) };
  };

  const emit = (source: Listing['source'], car: Car, seller: { name: string; phone: string | null; dealer: boolean }, truth: Omit<ListingTruth, 'source' | 'listing_id'>): void => {
    counters[source]++;
    const listingId = String(source === 'chotot' ? 150_000_000 + counters[source] : 7_000_000 + counters[source]);
    const age = Math.max(0, 2026 - car.year);
    const mileageKm = Math.max(500, Math.round((age * 12_000 + (random() - 0.3) * 15_000) / 100) * 100);
    const priceVnd = Math.max(80, Math.round((400 + random() * 700) * 0.88 ** age)) * 1_000_000;
    const title = [source === 'xetot' ? 'Bán' : null, car.make, car.model, car.variant, car.year].filter((part) => part !== null).join(' ');
    const slug = withoutMarks(`${car.make} ${car.model} ${car.year}`).toLowerCase().replace(/[^a-z0-9]+/g, '-');
    const phone = source === 'chotot' ? null : seller.phone;
    out.push({
      listing: {
        source,
        listing_id: listingId,
        url: source === 'chotot' ? `https://xe.chotot.com/mua-ban-oto/${listingId}.htm` : `https://xetot.com/mua-ban-oto/${slug}-id${listingId}.html`,
        title,
        make: car.make,
        model: car.model,
        variant: car.variant,
        year: car.year,
        mileage_km: mileageKm,
        price_vnd: priceVnd,
        price_text: source === 'chotot' ? `${priceVnd.toLocaleString('de-DE')} đ` : `${priceVnd / 1_000_000} triệu`,
        negotiable: false,
        seller_name: seller.name,
        seller_phone: phone,
        // What the scraper would say: a shop-like name ("Hùng Ô Tô") reads as a dealer even when it is a customer.
        seller_type: seller.dealer || looksLikeDealer({ sellerName: seller.name, title }) ? 'dealer' : 'private',
        province: car.province,
        district: null,
        posted_at: new Date(scrapedAt.getTime() - Math.floor(random() * 30 * 86_400_000)).toISOString(),
        scraped_at: scrapedAt.toISOString(),
      },
      truth: { source, listing_id: listingId, ...truth, phone_variant: source === 'chotot' ? 'none' : truth.phone_variant },
    });
  };

  while (out.length < options.listings) {
    const kind = weighted<ListingKind>(random, [
      ['own', 40], ['dealer_resale', 7], ['lookalike', 7], ['recycled_phone', 3], ['stranger', 23], ['dealer_stock', 20],
    ]);
    let source: Listing['source'] = random() < 0.55 ? 'chotot' : 'xetot';
    if (kind === 'own') {
      const seller = take();
      const gap = weighted<number>(random, [[0, 50], [-1, 35], [1, 8], [-2, 7]]);
      const moved = random() < 0.06;
      const car: Car = { make: seller.make, model: seller.model, variant: seller.variant, year: Math.min(2026, seller.year + gap), province: moved ? otherProvince(seller.province) : seller.province };
      const province = moved ? 'moved' : seller.oldProvinceName ? 'old_name' : 'same';
      const name = sellerName(random, seller);
      const phone = sellerPhone(random, seller);
      const truth = { customer_key: seller.customerKey, vehicle_key: seller.vehicleKey, name_variant: name.variant, phone_variant: phone.variant, year_gap: car.year - seller.year, province };
      emit(source, car, { name: name.name, phone: phone.phone, dealer: false }, { kind: 'own', ...truth });
      if (random() < 0.15 && out.length < options.listings) {
        // The same car on the other site: the owner often keeps the same account name there.
        const again = random() < 0.6 ? name : sellerName(random, seller);
        const otherPhone = sellerPhone(random, seller);
        emit(source === 'chotot' ? 'xetot' : 'chotot', car, { name: again.name, phone: otherPhone.phone, dealer: false }, { kind: 'cross_post', ...truth, name_variant: again.variant, phone_variant: otherPhone.variant });
      }
    } else if (kind === 'dealer_resale') {
      const seller = take();
      const dealer = Math.floor(random() * DEALERS.length);
      const car: Car = { make: seller.make, model: seller.model, variant: seller.variant, year: seller.year - (random() < 0.3 ? 1 : 0), province: seller.province };
      emit(source, car, { name: DEALERS[dealer] as string, phone: dealerPhones[dealer] ?? null, dealer: true }, { kind, customer_key: null, vehicle_key: null, name_variant: null, phone_variant: 'dealer', year_gap: car.year - seller.year, province: 'same' });
    } else if (kind === 'lookalike') {
      const seller = take();
      const otherYear = random() < 0.6;
      const gap = 2 + Math.floor(random() * 4);
      const year = otherYear ? (random() < 0.5 || seller.year + gap > 2026 ? seller.year - gap : seller.year + gap) : seller.year - (random() < 0.4 ? 1 : 0);
      const car: Car = { make: seller.make, model: seller.model, variant: seller.variant, year, province: otherYear ? seller.province : otherProvince(seller.province) };
      const full = [seller.family, seller.middle, seller.given].filter(Boolean).join(' ');
      const plain = random() < 0.3;
      emit(source, car, { name: plain ? withoutMarks(full) : full, phone: displayPhone(random, randomPhone(random)), dealer: false }, {
        kind, customer_key: null, vehicle_key: null, name_variant: plain ? 'no_diacritics' : 'full', phone_variant: 'stranger', year_gap: car.year - seller.year, province: otherYear ? 'same' : 'other',
      });
    } else if (kind === 'recycled_phone') {
      const seller = take();
      source = 'xetot';
      if (!seller.phone) continue;
      emit(source, randomCar(), { name: strangerName(), phone: displayPhone(random, seller.phone), dealer: false }, { kind, customer_key: null, vehicle_key: null, name_variant: null, phone_variant: 'recycled', year_gap: null, province: null });
    } else if (kind === 'stranger') {
      emit(source, randomCar(), { name: strangerName(), phone: displayPhone(random, randomPhone(random)), dealer: false }, { kind, customer_key: null, vehicle_key: null, name_variant: null, phone_variant: 'stranger', year_gap: null, province: null });
    } else {
      const dealer = Math.floor(random() * DEALERS.length);
      emit(source, randomCar(), { name: DEALERS[dealer] as string, phone: dealerPhones[dealer] ?? null, dealer: true }, { kind, customer_key: null, vehicle_key: null, name_variant: null, phone_variant: 'dealer', year_gap: null, province: null });
    }
  }
  return out;
}
