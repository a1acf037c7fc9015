import fc from 'fast-check';
import type { CustomerVehicleRow } from '../../../shared/contracts/customer-export';
import { customerProfile } from '../../../shared/steps/clean/customer-profile';
import { BATCH_ID, cleanBody, customer, expectAccounting } from '../../support/clean-harness';

const ndjson = (records: unknown[]) => records.map((record) => JSON.stringify(record)).join('\n');

async function cleanRows(records: Record<string, unknown>[]): Promise<CustomerVehicleRow[]> {
  const run = await cleanBody('customers/identity.ndjson', ndjson(records));
  expectAccounting(run);
  return run.csvRows.map((line) => customerProfile.fromCsvLine(line));
}

/** The vehicles' rows, and apart from them the persons clean set aside (row_role). */
async function cleanVehicles(records: Record<string, unknown>[]): Promise<{ vehicles: CustomerVehicleRow[]; setAside: CustomerVehicleRow[] }> {
  const rows = await cleanRows(records);
  return { vehicles: rows.filter((row) => row.row_role === null), setAside: rows.filter((row) => row.row_role !== null) };
}

/** The row clean makes of one record alone (its person block as written together in that record). */
function rowOf(record: Record<string, unknown>, row = 1): CustomerVehicleRow | null {
  const result = customerProfile.toRow(record, { batchId: BATCH_ID, row, recordHash: `h${row}`, now: new Date('2026-11-24T00:00:00Z') });
  return result.ok ? result.row : null;
}

function alone(record: Record<string, unknown>): CustomerVehicleRow {
  const row = rowOf(record);
  if (!row) throw new Error('test record rejected');
  return row;
}

const VIN = 'RL4BT3F30K7654321';
const owner = customer({ CustomerId: 'KH1', asset_num: VIN, Email: 'an@example.com', Warranty_start_dt: '2019-03-20' });

describe('clean merges the rows of one vehicle without blending people', () => {
  it('gives a vehicle sold twice in one export to the later owner whole, without the earlier owner’s email or birth', async () => {
    // Prepare: the later sale knows no email and no birth date.
    const resale = customer({
      CustomerId: 'KH2', NameCustomer: 'Trần Thị Bình', Phone: '0912000222', Email: null, BirthDate: null,
      asset_num: VIN, Warranty_start_dt: '2023-07-01',
    });
    // Act: the later owner first in the file, too: order in the file does not decide, the dates do.
    for (const records of [[owner, resale], [resale, owner]]) {
      const { vehicles: [row, ...more], setAside } = await cleanVehicles(records);
      // Assess: the earlier owner is not lost either: set aside whole, for history.
      expect(more).toEqual([]);
      expect(row).toMatchObject({
        customer_key: 'c:KH2', customer_id: 'KH2', full_name: 'Trần Thị Bình', phone: '0912000222', phone_alt: null,
        email: null, birth_date: null, birth_year: null, purchase_date: '2023-07-01', vin: VIN,
      });
      expect(setAside).toEqual([
        expect.objectContaining({
          row_role: 'previous_owner', vehicle_key: row?.vehicle_key, customer_id: 'KH1', full_name: 'Nguyễn Văn An', phone: '0903123456',
          email: 'an@example.com', purchase_date: '2019-03-20',
        }),
      ]);
    }
  });

  it('does not let a service row without CustomerId give the owner another person’s name or phone', async () => {
    // Prepare: someone else brought the car in; the owner's row has no phone for that number to fill.
    const sale = customer({ CustomerId: 'KH1', asset_num: VIN, Phone: null });
    const service = { NameCustomer: 'Lê Văn Tài', Phone: '0987000111', Email: 'tai@example.com', asset_num: VIN, modelType: 'Vios', ServiceDate: '2025-04-02' };
    // Act
    const { vehicles: [row], setAside } = await cleanVehicles([sale, service]);
    // Assess: the owner's block whole; the visit still counts; who brought the car in is a contact.
    expect(row).toMatchObject({ customer_key: 'c:KH1', full_name: 'Nguyễn Văn An', phone: null, phone_alt: null, email: 'an.nguyen@gmail.com', service_visits: 1, last_service_at: '2025-04-02' });
    expect(setAside).toEqual([expect.objectContaining({ row_role: 'contact', full_name: 'Lê Văn Tài', phone: '0987000111', email: 'tai@example.com', customer_id: null })]);
  });

  it('treats a name key becoming a phone key and then a customer id as one person, keeping every known fact', async () => {
    // Prepare: a sale typed without phone or id (name key), a service row with the phone, a later row with the id.
    const byName = { NameCustomer: 'Nguyễn Văn An', BirthDate: '15/08/1985', asset_num: VIN, modelType: 'Vios 1.5G CVT', Warranty_start_dt: '20/03/2019', price: '545.000.000' };
    const byPhone = { NameCustomer: 'NGUYEN VAN AN', Phone: '0903 123 456', asset_num: VIN, modelType: 'Vios', ServiceDate: '2024-05-02' };
    const byId = { CustomerId: 'KH9', NameCustomer: 'Nguyễn Văn An', Email: 'an@example.com', asset_num: VIN, ServiceDate: '2025-01-10' };
    expect([alone(byName).customer_key, alone(byPhone).customer_key, alone(byId).customer_key]).toEqual(['n:nguyen van an:1985', 'p:0903123456', 'c:KH9']);
    // Act
    const [row, ...more] = await cleanRows([byName, byPhone, byId]);
    // Assess
    expect(more).toEqual([]);
    expect(row).toMatchObject({
      customer_key: 'c:KH9', customer_id: 'KH9', phone: '0903123456', email: 'an@example.com', birth_year: 1985,
      model_raw: 'Vios 1.5G CVT', purchase_date: '2019-03-20', price_vnd: 545_000_000, service_visits: 2, last_service_at: '2025-01-10',
    });
  });

  it('keeps the first person whole when one CustomerId arrives with another name and another phone', async () => {
    // Prepare: a re-numbered export gives KH1 to someone else.
    const renumbered = customer({ CustomerId: 'KH1', NameCustomer: 'Phạm Thị Lụa', Phone: '0977000333', Email: null, asset_num: VIN, Warranty_start_dt: '2024-01-01' });
    // Act
    const { vehicles: [row, ...more], setAside } = await cleanVehicles([owner, renumbered]);
    // Assess: the other person is kept apart as a conflict (flagged by the load), never merged.
    expect(more).toEqual([]);
    expect(row).toMatchObject({ customer_id: 'KH1', full_name: 'Nguyễn Văn An', phone: '0903123456', email: 'an@example.com' });
    expect(setAside).toEqual([expect.objectContaining({ row_role: 'conflict', customer_id: 'KH1', full_name: 'Phạm Thị Lụa', phone: '0977000333', email: null })]);
  });

  it('keeps a person’s new phone and email apart from their old ones and never repeats phone as phone_alt', async () => {
    // Prepare: the same customer id and name, a newer phone on the later row.
    const newer = customer({ CustomerId: 'KH1', Phone: '0912999888', Email: null, asset_num: VIN, Warranty_start_dt: null, ServiceDate: '2025-06-01' });
    // Act
    const [row] = await cleanRows([owner, newer]);
    // Assess
    expect(row).toMatchObject({ phone: '0912999888', phone_alt: '0903123456', email: 'an@example.com', purchase_date: '2019-03-20' });
  });

  it('keeps a phone-only row apart from the owner unless it shares the owner’s phone, and never blends two unnamed phones', async () => {
    // Prepare: rows without a name (kept since they carry a phone), for two vehicles.
    const sale = customer({ CustomerId: 'KH1', asset_num: VIN, Email: null });
    const ownPhone = { Phone: '0903 123 456', asset_num: VIN, modelType: 'Vios', ServiceDate: '2025-01-01' };
    const otherPhone = { Phone: '0977000333', asset_num: VIN, modelType: 'Vios', ServiceDate: '2025-02-01' };
    const vinB = 'RL4BT3F30K0000002';
    const unnamed = [
      { Phone: '0912000222', asset_num: vinB, modelType: 'Vios', ServiceDate: '2024-01-01' },
      { Phone: '0987654321', asset_num: vinB, modelType: 'Vios', ServiceDate: '2024-03-01' },
    ];
    // Act
    const { vehicles, setAside } = await cleanVehicles([sale, ownPhone, otherPhone, ...unnamed]);
    // Assess
    expect(vehicles.find((row) => row.vin === VIN)).toMatchObject({ customer_key: 'c:KH1', phone: '0903123456', phone_alt: null, service_visits: 2 });
    expect(vehicles.find((row) => row.vin === vinB)).toMatchObject({ full_name: null, phone: '0987654321', phone_alt: null, service_visits: 2 });
    expect(setAside).toEqual(expect.arrayContaining([
      expect.objectContaining({ vin: VIN, row_role: 'contact', phone: '0977000333', full_name: null }),
      expect.objectContaining({ vin: vinB, row_role: 'contact', phone: '0912000222', full_name: null }),
    ]));
    expect(setAside).toHaveLength(2);
  });

  it('never makes one person of two phone-only rows of one vehicle: the later whole, the other number never its phone_alt', async () => {
    // Prepare: the reported case, two phone-only rows of one VIN (rows without a name are kept since clean's §4).
    const first = { Phone: '0903123456', asset_num: VIN, modelType: 'Vios', ServiceDate: '2024-01-01' };
    const second = { Phone: '0912345678', asset_num: VIN, modelType: 'Vios', ServiceDate: '2024-06-01' };
    for (const records of [[first, second], [second, first]]) {
      // Act
      const { vehicles, setAside } = await cleanVehicles(records);
      // Assess
      expect(vehicles).toEqual([expect.objectContaining({ full_name: null, customer_key: 'p:0912345678', phone: '0912345678', phone_alt: null, service_visits: 2 })]);
      expect(setAside).toEqual([expect.objectContaining({ full_name: null, customer_key: 'p:0903123456', phone: '0903123456', phone_alt: null })]);
    }
  });

  it('compares asset numbers without spaces, punctuation, case, zero-width or full-width characters: one vehicle, one row', async () => {
    // Prepare: the sale and three service visits, the VIN typed four ways.
    const sale = customer({ CustomerId: 'KH1', asset_num: 'RL4BT3F30K7654321' });
    const visit = (assetNum: string, date: string) => ({ CustomerId: 'KH1', NameCustomer: 'Nguyễn Văn An', asset_num: assetNum, modelType: 'Vios', ServiceDate: date });
    // Act
    const rows = await cleanRows([
      sale,
      visit('rl4-bt3f 30k.7654321', '2024-01-01'),
      visit('RL4BT3F30K7654321\u200b', '2024-06-01'),
      visit('ＲＬ４ＢＴ３Ｆ３０Ｋ７６５４３２１', '2025-01-01'),
    ]);
    // Assess
    expect(rows).toEqual([expect.objectContaining({ vehicle_key: 'v:RL4BT3F30K7654321', vin: 'RL4BT3F30K7654321', service_visits: 3, last_service_at: '2025-01-01' })]);
  });

  it('never outputs a phone or email that no input row wrote beside the output’s name, and loses no person (property)', async () => {
    const people = [
      { name: 'Nguyễn Văn An', phone: '0903123456', email: 'an@example.com', id: 'KH1' },
      { name: 'Trần Thị Bình', phone: '0912000222', email: 'binh@example.com', id: 'KH2' },
      { name: 'Lê Văn Cường', phone: '0987654321', email: 'cuong@example.com', id: 'KH3' },
    ];
    const pick = fc.integer({ min: 0, max: people.length - 1 });
    const record = fc.record({
      vin: fc.integer({ min: 1, max: 3 }),
      name: fc.option(pick, { nil: null, freq: 5 }),
      // Phone, email and id drawn apart from the name: typos, shared phones, re-numbered ids, missing values.
      phone: fc.option(pick, { nil: null }),
      email: fc.option(pick, { nil: null }),
      id: fc.option(pick, { nil: null }),
      sale: fc.option(fc.integer({ min: 2015, max: 2025 }), { nil: null }),
      service: fc.option(fc.integer({ min: 2015, max: 2025 }), { nil: null }),
      birth: fc.option(fc.integer({ min: 1960, max: 1990 }), { nil: null }),
    });
    await fc.assert(
      fc.asyncProperty(fc.array(record, { minLength: 1, maxLength: 12 }), async (specs) => {
        const records = specs.map((spec) => ({
          CustomerId: spec.id === null ? null : people[spec.id]?.id,
          NameCustomer: spec.name === null ? null : people[spec.name]?.name,
          Phone: spec.phone === null ? null : people[spec.phone]?.phone,
          Email: spec.email === null ? null : people[spec.email]?.email,
          BirthDate: spec.birth === null ? null : `${spec.birth}-01-01`,
          asset_num: `VIN${spec.vin}`,
          modelType: 'Vios',
          Warranty_start_dt: spec.sale === null ? null : `${spec.sale}-03-01`,
          ServiceDate: spec.service === null ? null : `${spec.service}-05-01`,
        }));
        // A row's identity: its name, or for a row without a name its phone (the person a phone-only row is).
        const identity = (row: CustomerVehicleRow) => (row.name_folded !== null ? `name:${row.name_folded}` : `phone:${row.phone}`);
        const written = new Set<string>();
        records.forEach((input, index) => {
          const row = rowOf(input, index + 1);
          if (row) for (const contact of [row.phone, row.phone_alt, row.email, row.birth_year]) written.add(`${identity(row)}|${contact}`);
        });
        const output = await cleanRows(records);
        for (const row of output) {
          for (const contact of [row.phone, row.phone_alt, row.email, row.birth_year]) {
            if (contact !== null) expect(written).toContain(`${identity(row)}|${contact}`);
          }
        }
        // And no person is lost: each input row's person is in an output row of its vehicle (merged, or set aside
        // as a previous owner, a contact or a conflict), by its name, its CustomerId or its phone — a phone-only row
        // also by the row that wrote its phone beside a name or CustomerId (the same person, merged).
        const inputs = records.map((input, index) => rowOf(input, index + 1)).filter((row): row is CustomerVehicleRow => row !== null);
        const direct = (row: CustomerVehicleRow) =>
          output.some(
            (out) =>
              out.vehicle_key === row.vehicle_key &&
              ((row.name_folded !== null && out.name_folded === row.name_folded) ||
                (row.customer_id !== null && out.customer_id === row.customer_id) ||
                (row.phone !== null && (out.phone === row.phone || out.phone_alt === row.phone))),
          );
        for (const row of inputs) {
          // A row that names nobody (only a VIN: the vehicle's unknown owner) has no person to keep.
          if (row.name_folded === null && row.customer_id === null && row.phone === null) continue;
          const viaPhone = inputs.some(
            (other) => other.vehicle_key === row.vehicle_key && other.phone === row.phone && (other.name_folded !== null || other.customer_id !== null) && direct(other),
          );
          expect({ input: row.source_row, kept: direct(row) || viaPhone }).toEqual({ input: row.source_row, kept: true });
        }
      }),
      { numRuns: 150 },
    );
  });
});
