import type { PostgresWarehouse } from '../../../shared/adapters/postgres/postgres-warehouse';
import { deleteRunWork, explainListing, runMatch } from '../../../shared/steps/match';
import { insertCustomers, insertListings, openMatchWarehouse } from './match-test-kit';
import { EXPECTED_LEADS, LISTINGS, NAMED_CUSTOMERS, insertScenario } from './match-scenario';

type MartRow = Record<string, unknown> & { source: string; listing_id: string; customer_key: string; band: string; why: string };

let warehouse: PostgresWarehouse;

async function currentMatches(): Promise<MartRow[]> {
  return warehouse.query<MartRow>('select * from marts.listing_matches where valid_to is null order by source, listing_id');
}

beforeAll(async () => {
  warehouse = await openMatchWarehouse();
  await insertScenario(warehouse);
}, 120_000);

afterAll(async () => warehouse?.close());

describe('runMatch on PGlite (full)', () => {
  let first: Awaited<ReturnType<typeof runMatch>>;

  beforeAll(async () => {
    first = await runMatch({ warehouse, mode: 'full' });
  }, 120_000);

  it('makes leads of the phone, old-phone and rare-name sellers, each for the right customer', async () => {
    // Act
    const leads = (await currentMatches()).filter((row) => row.band === 'lead');
    // Assess
    expect(Object.fromEntries(leads.map((row) => [`${row.source}:${row.listing_id}`, row.customer_key]))).toEqual(EXPECTED_LEADS);
  });

  it('does not make leads of dealer ads (even with the customer\'s own phone), lookalikes or recycled phones', async () => {
    // Act
    const rows = await currentMatches();
    const band = (id: string) => rows.find((row) => row.listing_id === id)?.band ?? 'none';
    // Assess
    expect(band('x-dealer')).not.toBe('lead');
    expect(band('x-dealer-own-phone')).not.toBe('lead');
    expect(band('c-lookalike')).not.toBe('lead');
    expect(band('x-recycled')).toBe('none');
  });

  it('reports the pairs of every blocking rule and the decisions per source and band', () => {
    // Assess
    const rules = Object.fromEntries(first.blockingRules.map((rule) => [rule.blockingRule, rule.pairs]));
    expect(rules.phone).toBeGreaterThanOrEqual(4);
    expect(rules.name_key_make).toBeGreaterThanOrEqual(2);
    expect(rules.given_name_model).toBeGreaterThanOrEqual(1);
    expect(rules.car_place).toBeUndefined(); // a training-only rule
    expect(first.listingsInScope).toBe(LISTINGS.length);
    expect(first.bands).toEqual(expect.arrayContaining([{ source: 'xetot', band: 'lead', listings: 2 }, { source: 'chotot', band: 'lead', listings: 1 }]));
    expect(Object.keys(first.timings)).toEqual(expect.arrayContaining(['scope', 'blocking', 'comparison_vectors', 'scoring', 'decision', 'apply']));
  });

  it('compares a pair several rules found once, under the first rule that found it', async () => {
    // Arrange
    const run = await runMatch({ warehouse, mode: 'full', apply: false, keepWork: true });
    try {
      // Act
      const overlaps = await warehouse.query<{ rules: number; first_rules: number; first_rank: number; lowest_rank: number; pairs: number }>(
        `select
             count(*) as rules,
             sum(case when candidates.first_rule then 1 else 0 end) as first_rules,
             max(case when candidates.first_rule then candidates.rule_rank end) as first_rank,
             min(candidates.rule_rank) as lowest_rank,
             max(paired.pairs) as pairs
         from match.candidates as candidates
         inner join (
             select source, listing_id, vehicle_key, count(*) as pairs from match.pairs where run_id = :run_id
             group by source, listing_id, vehicle_key
         ) as paired
             on paired.source = candidates.source and paired.listing_id = candidates.listing_id and paired.vehicle_key = candidates.vehicle_key
         where candidates.run_id = :run_id
         group by candidates.source, candidates.listing_id, candidates.vehicle_key`,
        { run_id: run.runId },
      );
      // Assess
      const found = overlaps.map((row) => ({
        rules: Number(row.rules), firstRules: Number(row.first_rules), firstRank: Number(row.first_rank), lowestRank: Number(row.lowest_rank), pairs: Number(row.pairs),
      }));
      expect(found.some((row) => row.rules > 1)).toBe(true); // the scenario has pairs found by two rules
      for (const row of found) expect(row).toEqual({ ...row, firstRules: 1, firstRank: row.lowestRank, pairs: 1 });
    } finally {
      await deleteRunWork(warehouse, run.runId);
    }
  });

  it('says why in a short sentence with the phone masked', async () => {
    // Act
    const row = (await currentMatches()).find((r) => r.listing_id === 'x-phone');
    // Assess
    expect(row?.why).toMatch(/^same phone 0903\*\*\*456; given name Hùng \(.*\); Vios 2019 vs bought 2018; Hà Nội$/);
    expect(row?.why).not.toContain('0903123456');
  });

  it('says how rare the full name is when the full name agreed, not the given name alone', async () => {
    // Act
    const rows = (await currentMatches()).filter((r) => Number(r.name_level) === 4);
    // Assess
    expect(rows.length).toBeGreaterThan(0);
    for (const row of rows) {
      expect(row.why).toMatch(/same full name \((rare, |common, )?[+-]?\d+\.?\d*\)/);
      expect(row.why).not.toContain('given name');
    }
  });

  it('counts big blocks as capped instead of pairing them', async () => {
    // Act: a cap of 1 vehicle per block.
    const capped = await runMatch({ warehouse, mode: 'full', apply: false, settings: { blockCap: 1 } });
    // Assess: given name + model blocks hold several crowd customers (Hùng + Vios)
    const givenModel = capped.blockingRules.find((rule) => rule.blockingRule === 'given_name_model');
    expect(givenModel?.cappedListings).toBeGreaterThan(0);
    expect(givenModel?.cappedPairs).toBeGreaterThan(givenModel?.cappedListings ?? 0);
  }, 60_000);

  it('changes nothing when run again', async () => {
    // Prepare
    const before = await warehouse.query('select * from marts.listing_matches order by source, listing_id, valid_from');
    // Act
    const again = await runMatch({ warehouse, mode: 'full' });
    // Assess
    expect({ closed: again.closed, opened: again.opened }).toEqual({ closed: 0, opened: 0 });
    expect(await warehouse.query('select * from marts.listing_matches order by source, listing_id, valid_from')).toEqual(before);
  }, 60_000);

  it('explains a listing with the same weights the mart row was scored with', async () => {
    // Act
    const explained = await explainListing(warehouse, { source: 'chotot', listingId: 'c-rare-name' });
    const [mart] = await warehouse.query<Record<string, number | string>>(
      "select * from marts.listing_matches where source = 'chotot' and listing_id = 'c-rare-name' and valid_to is null",
    );
    // Assess
    const best = explained.candidates[0];
    expect(best?.customerKey).toBe('c:C');
    expect(explained.decision).toMatchObject({ customerKey: 'c:C', band: 'lead' });
    expect(best?.matchWeight).toBeCloseTo(Number(mart?.match_weight), 9);
    expect(best?.tfAdjustment).toBeCloseTo(Number(mart?.tf_adjustment), 9);
    for (const c of best?.comparisons ?? []) expect(c.weight).toBeCloseTo(Number(mart?.[`${c.comparison}_weight`]), 9);
    const sum = (best?.priorWeight ?? 0) + (best?.tfAdjustment ?? 0) + (best?.comparisons ?? []).reduce((s, c) => s + c.weight, 0);
    expect(sum).toBeCloseTo(best?.matchWeight ?? NaN, 9);
    expect(await warehouse.query('select count(*) as n from match.scores')).toEqual([{ n: 0 }]);
  }, 60_000);
});

describe('runMatch incremental and history', () => {
  it('matches a loaded listings batch against all customers, touching only that batch', async () => {
    // Prepare: a new xetot listing by customer C, in its own batch.
    const batchId = 'b_' + '1'.repeat(32);
    await insertListings(warehouse, [{ source: 'xetot', listingId: 'x-new', seller: 'Bảo Ngọc', phone: '0987654321', car: 'Kia Seltos', year: 2021, province: 'Cần Thơ' }], batchId);
    // Act
    const result = await runMatch({ warehouse, mode: 'listings-batch', batchId });
    // Assess
    expect(result.listingsInScope).toBe(1);
    expect(result.opened).toBe(1);
    const [row] = await warehouse.query<MartRow>("select * from marts.listing_matches where listing_id = 'x-new' and valid_to is null");
    expect(row).toMatchObject({ customer_key: 'c:C', band: 'lead' });
  }, 60_000);

  it('matches a loaded customers batch against the active listings it can pair with', async () => {
    // Prepare: a listing nobody matches yet, then its seller arrives as a customer.
    await insertListings(warehouse, [{ source: 'xetot', listingId: 'x-later', seller: 'Vương Thế Kiệt', phone: '0944 222 333', car: 'Honda City', year: 2022, province: 'Khánh Hòa' }], 'b_' + '2'.repeat(32));
    await runMatch({ warehouse, mode: 'listings-batch', batchId: 'b_' + '2'.repeat(32) });
    expect(await warehouse.query("select * from marts.listing_matches where listing_id = 'x-later'")).toEqual([]);
    const batchId = 'b_' + '3'.repeat(32);
    await insertCustomers(warehouse, [{ vehicleKey: 'v:K', customerId: 'K', name: 'Vương Thế Kiệt', phone: '0944222333', car: 'Honda City', year: 2022, province: 'Khánh Hòa' }], batchId);
    // Act
    const result = await runMatch({ warehouse, mode: 'customers-batch', batchId, now: new Date('2026-12-05T00:00:00Z') });
    // Assess
    expect(result.listingsInScope).toBe(1);
    const [row] = await warehouse.query<MartRow>("select * from marts.listing_matches where listing_id = 'x-later' and valid_to is null");
    expect(row).toMatchObject({ customer_key: 'c:K', band: 'lead' });
    // The customer batch rebuilt the block sizes a listings batch looks up: the new customer's given name + model.
    const sizes = await warehouse.query<{ vehicles: number }>(
      `select sizes.vehicles from match.block_sizes as sizes
       inner join core.customer_vehicles as vehicles on vehicles.given_name_folded = sizes.first_key and vehicles.model = sizes.second_key
       where sizes.blocking_rule = 'given_name_model' and vehicles.vehicle_key = 'v:K'`,
    );
    expect(sizes.map((size) => Number(size.vehicles))).toEqual([1]);
  }, 60_000);

  it('reports a tie between two customers and makes no lead of it', async () => {
    // Prepare: two customers with the same rare name and the same car; a chotot ad (no phone) by that name.
    const batchId = 'b_' + '4'.repeat(32);
    const twin = { name: 'Khúc Thừa Dụ', car: 'Toyota Innova', year: 2020, province: 'Nghệ An' };
    await insertCustomers(warehouse, [
      { ...twin, vehicleKey: 'v:T1', customerId: 'T1', phone: '0977000001' },
      { ...twin, vehicleKey: 'v:T2', customerId: 'T2', phone: '0977000002' },
    ], 'b_' + '5'.repeat(32));
    await insertListings(warehouse, [{ source: 'chotot', listingId: 'c-twins', seller: 'Khúc Thừa Dụ', car: 'Toyota Innova', year: 2020, province: 'Nghệ An' }], batchId);
    // Act
    await runMatch({ warehouse, mode: 'listings-batch', batchId });
    // Assess
    const [row] = await warehouse.query<MartRow & { tied_customers: number }>("select * from marts.listing_matches where listing_id = 'c-twins' and valid_to is null");
    expect(row?.band).toBe('review');
    expect(row?.tied_customers).toBe(2);
    expect(row?.why).toContain('tied with 1 other customer(s)');
  }, 60_000);

  it('refreshes the weights of a match that stays the same match, without a history row', async () => {
    // Prepare: the seller of x-phone edits the ad's year: same customer, same band, another weight.
    await warehouse.query("update core.listings set year = 2017 where listing_id = 'x-phone'");
    // Act
    const result = await runMatch({ warehouse, mode: 'full' });
    // Assess
    const rows = await warehouse.query<MartRow>("select * from marts.listing_matches where listing_id = 'x-phone'");
    expect(result.closed).toBe(0);
    expect(rows).toHaveLength(1);
    expect(rows[0]?.why).toContain('Vios 2017 vs bought 2018');
  }, 60_000);

  it('keeps the old row with its validity window when a match changes', async () => {
    // Prepare: x-phone turns out to be a dealer's ad: no longer a lead.
    await warehouse.query("update core.listings set seller_type = 'dealer' where listing_id = 'x-phone'");
    // Act
    const result = await runMatch({ warehouse, mode: 'full' });
    // Assess
    const rows = await warehouse.query<MartRow & { valid_to: unknown }>("select * from marts.listing_matches where listing_id = 'x-phone' order by valid_from");
    expect(result.closed).toBe(1);
    expect(rows.map((row) => [row.band, row.valid_to === null])).toEqual([['lead', false], ['review', true]]);
    expect(rows[1]?.why).toContain('dealer ad');
  }, 60_000);

  it('withdraws a match whose listing no longer pairs with anyone', async () => {
    // Prepare: the old-phone listing's phone and name change to a stranger's.
    await warehouse.query("update core.listings set seller_phone = '0911000111', seller_name_key = 'zz', seller_given_name_folded = 'zz', seller_family_name_folded = null, seller_name_folded = 'zz' where listing_id = 'x-old-phone'");
    // Act
    await runMatch({ warehouse, mode: 'full' });
    // Assess
    expect(await warehouse.query("select * from marts.listing_matches where listing_id = 'x-old-phone' and valid_to is null")).toEqual([]);
    expect(await warehouse.query("select customer_key from marts.listing_matches where listing_id = 'x-old-phone'")).toEqual([{ customer_key: 'c:B' }]);
  }, 60_000);
});

export { NAMED_CUSTOMERS };
