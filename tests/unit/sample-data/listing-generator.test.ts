import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { CustomerVehicleRow } from '../../../shared/contracts/customer-export';
import { ListingSchema } from '../../../shared/contracts/listing';
import { foldVietnamese, normalizePhone } from '../../../shared/normalize';
import { listingProfile } from '../../../shared/steps/clean/listing-profile';
import { parseCsvLine } from '../../../shared/steps/clean/csv-line';
import { generateListingSample, LISTING_KINDS, TRUTH_COLUMNS, type SampleListing } from '../../../local/sample-data/listing-generator';
import { writeListingSample } from '../../../local/sample-data/write-sample-data';

// One small sample shared by the tests (generating it runs clean's profile on 4,000 customer records).
const vehicles = new Map<string, CustomerVehicleRow>();
const sample: SampleListing[] = generateListingSample({ customers: 4000, listings: 1200, onCustomerRow: (row) => vehicles.set(row.vehicle_key, row) });
const ofKind = (kind: string): SampleListing[] => sample.filter((item) => item.truth.kind === kind);
const canonical = (phone: string | null): string | null => {
  const result = normalizePhone(phone);
  return result.ok ? result.phone : null;
};

describe('labeled sample listings', () => {
  it('is the same for the same customers, listings and seed, and another for another seed', () => {
    expect(generateListingSample({ customers: 4000, listings: 1200 })).toEqual(sample);
    expect(generateListingSample({ customers: 4000, listings: 1200, seed: 7 })).not.toEqual(sample);
  });

  it('writes listings in the scraper contract, unique per site, chotot without phones', () => {
    expect(sample).toHaveLength(1200);
    for (const { listing } of sample) expect(ListingSchema.safeParse(listing).success).toBe(true);
    for (const source of ['chotot', 'xetot'] as const) {
      const ids = sample.filter((item) => item.listing.source === source).map((item) => item.listing.listing_id);
      expect(new Set(ids).size).toBe(ids.length);
      expect(ids.length).toBeGreaterThan(300);
    }
    expect(sample.filter((item) => item.listing.source === 'chotot').every((item) => item.listing.seller_phone === null)).toBe(true);
  });

  it('labels only owners and their cross-posts with the keys clean gives their customer record', () => {
    for (const kind of LISTING_KINDS) expect(ofKind(kind).length).toBeGreaterThan(0);
    for (const { listing, truth } of sample) {
      if (truth.kind !== 'own' && truth.kind !== 'cross_post') {
        expect(truth.vehicle_key).toBeNull();
        continue;
      }
      const vehicle = vehicles.get(truth.vehicle_key ?? '');
      expect(vehicle?.customer_key).toBe(truth.customer_key);
      expect(listing.model).toBe(vehicle?.model);
      expect(Math.abs((listing.year ?? 0) - (vehicle?.purchase_year ?? 0))).toBeLessThanOrEqual(2);
      expect(truth.year_gap).toBe((listing.year ?? 0) - (vehicle?.purchase_year ?? 0));
    }
  });

  it('posts some owners on both sites under the same vehicle', () => {
    const owned = new Map(ofKind('own').map((item) => [item.truth.vehicle_key, item.listing.source]));
    const crossPosts = ofKind('cross_post');
    expect(crossPosts.length).toBeGreaterThan(20);
    for (const { listing, truth } of crossPosts) expect(owned.get(truth.vehicle_key)).toBe(listing.source === 'chotot' ? 'xetot' : 'chotot');
  });

  it('writes owner names the ways marketplaces show them, and xetot phones old and new', () => {
    const owners = [...ofKind('own'), ...ofKind('cross_post')];
    const variants = new Set(owners.map((item) => item.truth.name_variant));
    for (const variant of ['full', 'no_diacritics', 'given_only', 'title_given', 'western', 'username', 'shop_style']) expect(variants).toContain(variant);
    for (const { listing, truth } of owners) {
      const vehicle = vehicles.get(truth.vehicle_key ?? '') as CustomerVehicleRow;
      const given = foldVietnamese(vehicle.full_name?.split(' ').at(-1) ?? '');
      if (truth.name_variant === 'given_only') expect(foldVietnamese(listing.seller_name ?? '')).toBe(given);
      if (truth.name_variant === 'title_given') expect(foldVietnamese(listing.seller_name ?? '')).toMatch(new RegExp(` ${given}$`));
      if (truth.name_variant === 'western') expect(foldVietnamese(listing.seller_name ?? '').startsWith(`${given} `)).toBe(true);
      if (truth.phone_variant === 'current') expect(canonical(listing.seller_phone)).toBe(vehicle.phone);
      if (truth.phone_variant === 'old_11_digit') {
        expect(listing.seller_phone).toMatch(/^01\d{9}$/);
        expect(canonical(listing.seller_phone)).toBe(vehicle.phone);
      }
    }
    const phones = new Set(owners.filter((item) => item.listing.source === 'xetot').map((item) => item.truth.phone_variant));
    for (const variant of ['current', 'old_11_digit', 'family']) expect(phones).toContain(variant);
    // "Hùng Ô Tô": the scraper reads a shop-like name as a dealer, even when the customer is selling their own car.
    expect(owners.filter((item) => item.truth.name_variant === 'shop_style').every((item) => item.listing.seller_type === 'dealer')).toBe(true);
  });

  it('makes the non-matches that look like matches: dealer resales, lookalikes, recycled phones', () => {
    const customerPhones = new Set([...vehicles.values()].flatMap((vehicle) => [vehicle.phone, vehicle.phone_alt]).filter(Boolean));
    for (const { listing } of ofKind('dealer_resale')) expect(listing.seller_type).toBe('dealer');
    for (const { listing } of ofKind('dealer_stock')) expect(listing.seller_type).toBe('dealer');
    const lookalikes = ofKind('lookalike');
    const byName = new Map<string, CustomerVehicleRow[]>();
    for (const vehicle of vehicles.values()) {
      const key = foldVietnamese(vehicle.full_name ?? '');
      byName.set(key, [...(byName.get(key) ?? []), vehicle]);
    }
    for (const { listing, truth } of lookalikes) {
      // Some customer has this exact name and this model, in another year (2–5 off) or another province.
      const namesakes = (byName.get(foldVietnamese(listing.seller_name ?? '')) ?? []).filter((vehicle) => vehicle.model === listing.model);
      expect(namesakes.length).toBeGreaterThan(0);
      if (truth.province === 'other') expect(namesakes.some((vehicle) => vehicle.province !== listing.province)).toBe(true);
      else expect(Math.abs(truth.year_gap ?? 0)).toBeGreaterThanOrEqual(2);
    }
    const recycled = ofKind('recycled_phone');
    for (const { listing } of recycled) {
      expect(listing.source).toBe('xetot');
      expect(customerPhones.has(canonical(listing.seller_phone))).toBe(true);
    }
  });

  it('writes chotot.ndjson, xetot.ndjson and truth.csv that clean accepts row for row', async () => {
    const outDir = mkdtempSync(path.join(tmpdir(), 'xecu-listings-'));
    try {
      const written = await writeListingSample({ customers: 4000, listings: 1200, outDir });
      expect(written.dir).toBe(path.join(outDir, 'listings-1200-for-4000'));
      const truthLines = readFileSync(written.truthFile, 'utf8').trimEnd().split('\n');
      expect(parseCsvLine(truthLines[0] ?? '')).toEqual([...TRUTH_COLUMNS]);
      expect(truthLines).toHaveLength(1201);
      const truthRows = truthLines.slice(1).map((line) => parseCsvLine(line));
      expect(truthRows.filter((cells) => cells[3] !== null)).toHaveLength(written.matches);
      for (const source of ['chotot', 'xetot'] as const) {
        const lines = readFileSync(written.files[source], 'utf8').trimEnd().split('\n');
        expect(lines).toHaveLength(written.listings[source]);
        lines.forEach((line, index) => {
          const result = listingProfile.toRow(JSON.parse(line) as Record<string, unknown>, { batchId: 'b', row: index, recordHash: 'h', now: new Date() });
          expect(result.ok).toBe(true);
        });
      }
      expect(written.listings.chotot + written.listings.xetot).toBe(1200);
    } finally {
      rmSync(outDir, { recursive: true, force: true });
    }
  });
});
