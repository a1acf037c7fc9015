import { createHash } from 'node:crypto';
import {
  CUSTOMER_VEHICLE_COLUMNS,
  CUSTOMER_VEHICLE_MAX_BYTES,
  CUSTOMER_VEHICLE_REQUIRED,
  CUSTOMER_VEHICLE_TYPES,
  RawCustomerRecordSchema,
  type CustomerVehicleRow,
} from '../../contracts/customer-export';
import {
  ageToBirthYear,
  foldVietnamese,
  matchCarModel,
  normalizePhone,
  normalizeProvince,
  parseDate,
  parsePersonName,
  parseVnd,
  personNameKey,
  yearOf,
} from '../../normalize';
import { rowFromCsvLine, type CsvColumnTypes } from './csv-line';
import { isLater, mergedPerson, personLead, personRelation, setAsideRole } from './customer-identity';
import type { CsvValue, MergeResult, ProfileResult, RecordContext, RecordProfile } from './record-profile';

const CUSTOMER_COLUMN_TYPES: CsvColumnTypes = {
  source_row: 'number',
  birth_year: 'number',
  purchase_year: 'number',
  price_vnd: 'number',
  service_visits: 'number',
} satisfies Partial<Record<keyof CustomerVehicleRow, 'number'>>;

const EMAIL = /^[^\s@]+@[^\s@]+\.[a-z]{2,}$/i;

/** The field's text; a boolean (`"NameCustomer": true`) is no text, not the word "true". */
function text(value: unknown): string | null {
  if (value === null || value === undefined || typeof value === 'boolean') return null;
  const trimmed = String(value).trim();
  return trimmed === '' ? null : trimmed;
}

/** The export wrote something in the field (so failing to read it deserves a warning). */
function given(value: unknown): boolean {
  return value !== null && value !== undefined && (typeof value !== 'string' || value.trim() !== '');
}

/**
 * An identifier's text. A number past 2^53 (`12345678901234567890123`, `1e21`) is not the digits the file wrote:
 * JSON.parse rounded it, so it would name someone else; it is dropped with a warning.
 */
function identifierText(value: unknown, field: string, warnings: string[]): string | null {
  if (typeof value === 'number' && !Number.isSafeInteger(value)) {
    warnings.push(`number_imprecise:${field}`);
    return null;
  }
  return text(value);
}

/** VIN / asset number: upper case without spaces, dots or dashes (dealers type them every way). */
function cleanVin(value: unknown): string | null {
  const raw = text(value);
  if (!raw) return null;
  // NFKC folds full-width letters and digits; zero-width characters come with copy-paste from web forms.
  const vin = raw.normalize('NFKC').toUpperCase().replace(/[\s.\-_/\u200b-\u200d\u2060\ufeff]+/g, '');
  return vin === '' ? null : vin;
}

function later(a: string | null, b: string | null): string | null {
  if (!a) return b;
  if (!b) return a;
  return a >= b ? a : b;
}

function shortHash(value: string): string {
  return createHash('sha1').update(value).digest('hex').slice(0, 20);
}

/**
 * Customer export records → one row per customer vehicle.
 * Stages: zod type check (an object or array in a field rejects) → name → phone → vehicle → customer key (the record is
 * rejected only when nothing identifies a person or a vehicle) → dates, money, province → vehicle key. Sale and
 * service rows of one vehicle share the vehicle key and are merged; a row naming another person (an earlier owner,
 * a contact, one CustomerId on someone else) is set aside whole with its row_role, for history and conflicts.
 */
export const customerProfile: RecordProfile<CustomerVehicleRow> = {
  kind: 'customers',
  columns: CUSTOMER_VEHICLE_COLUMNS,
  fields: Object.keys(RawCustomerRecordSchema.shape),
  maxBytes: CUSTOMER_VEHICLE_MAX_BYTES,
  // Keys are never cut; a cut email or phone would reach someone else.
  tooLong: { customer_key: 'reject', customer_id: 'reject', vehicle_key: 'reject', vin: 'reject', phone: 'null', phone_alt: 'null', email: 'null' },
  columnTypes: CUSTOMER_VEHICLE_TYPES,
  requiredColumns: CUSTOMER_VEHICLE_REQUIRED,

  toRow(record: Record<string, unknown>, context: RecordContext): ProfileResult<CustomerVehicleRow> {
    const parsed = RawCustomerRecordSchema.safeParse(record);
    if (!parsed.success) {
      const fields = new Set(parsed.error.issues.map((issue) => String(issue.path[0] ?? 'record')));
      return { ok: false, reasons: [...fields].map((field) => `field_type:${field}`) };
    }
    const raw = parsed.data;
    const warnings: string[] = [];

    const nameText = text(raw.NameCustomer);
    const name = nameText ? parsePersonName(nameText) : null;
    if (!nameText) warnings.push('name_missing');
    else if (!name) warnings.push('name_invalid');

    const phoneResult = normalizePhone(raw.Phone);
    const phone = phoneResult.ok ? phoneResult.phone : null;
    const phoneAlt = phoneResult.ok ? (phoneResult.others[0] ?? null) : null;
    const phoneInvalid = !phoneResult.ok && phoneResult.reason === 'phone_invalid';
    if (phoneInvalid) warnings.push('phone_invalid');

    const birthDate = parseDate(raw.BirthDate);
    if (given(raw.BirthDate) && !birthDate) warnings.push('birth_date_unparsed');
    const birthYear = yearOf(birthDate) ?? ageToBirthYear(raw.Age, context.now);

    const vin = cleanVin(identifierText(raw.asset_num, 'asset_num', warnings));
    const modelRaw = text(raw.modelType);
    if (!vin && !modelRaw) warnings.push('vehicle_missing');

    // Who this row is about, strongest evidence first: the DB's id, a mobile phone, a name with a birth year; failing
    // all three, the unknown owner of a known VIN (the row still tells the vehicle's story). Nothing at all: rejected.
    const customerId = identifierText(raw.CustomerId, 'CustomerId', warnings);
    let customerKey: string | null = null;
    if (customerId) customerKey = `c:${customerId}`;
    else if (phone) customerKey = `p:${phone}`;
    else if (name && birthYear) customerKey = `n:${name.folded}:${birthYear}`;
    else if (vin) {
      customerKey = `v:${vin}`;
      warnings.push('customer_from_vehicle');
    }
    if (!customerKey) return { ok: false, reasons: phoneInvalid ? ['identity_missing', 'phone_invalid'] : ['identity_missing'], warnings };

    const car = modelRaw ? matchCarModel(modelRaw, raw.Brand) : null;
    if (modelRaw && !car) warnings.push('model_unknown');
    const purchaseDate = parseDate(raw.Warranty_start_dt);
    if (given(raw.Warranty_start_dt) && !purchaseDate) warnings.push('purchase_date_unparsed');
    const money = parseVnd(raw.price);
    if (given(raw.price) && (!money || (money.vnd === null && !money.negotiable))) warnings.push('price_unparsed');
    const province = normalizeProvince(raw.DealerProvince);
    if (given(raw.DealerProvince) && !province) warnings.push('province_unknown');
    const serviceDate = parseDate(raw.ServiceDate);
    if (given(raw.ServiceDate) && !serviceDate) warnings.push('service_date_unparsed');
    const emailText = text(raw.Email)?.toLowerCase() ?? null;
    const email = emailText && EMAIL.test(emailText) ? emailText : null;
    if (emailText && !email) warnings.push('email_invalid');

    const vehicleKey = vin
      ? `v:${vin}`
      : `h:${shortHash(`${customerKey}|${foldVietnamese(modelRaw ?? '')}|${purchaseDate ?? ''}`)}`;

    const row: CustomerVehicleRow = {
      batch_id: context.batchId,
      source_row: context.row,
      customer_key: customerKey,
      customer_id: customerId,
      full_name: name?.full ?? null,
      name_folded: name?.folded ?? null,
      family_name_folded: name?.familyFolded ?? null,
      given_name_folded: name?.givenFolded ?? null,
      phone,
      phone_alt: phoneAlt,
      email,
      birth_date: birthDate,
      birth_year: birthYear,
      vehicle_key: vehicleKey,
      vin,
      make: car?.make ?? (text(raw.Brand) ?? null),
      model: car?.model ?? null,
      variant: car?.variant ?? null,
      model_raw: modelRaw,
      purchase_date: purchaseDate,
      purchase_year: yearOf(purchaseDate),
      price_vnd: money?.vnd ?? null,
      province: province?.province ?? null,
      province_old: province?.provinceOld ?? null,
      last_service_at: serviceDate,
      service_visits: serviceDate ? 1 : 0,
      record_hash: context.recordHash,
      middle_name_folded: name?.middleFolded ?? null,
      name_key: name ? personNameKey(name) : null,
      row_role: null,
    };
    return { ok: true, row, groupKey: vehicleKey, warnings };
  },

  merge(kept: CustomerVehicleRow, incoming: CustomerVehicleRow): MergeResult<CustomerVehicleRow> {
    // The person block travels whole (customer-identity.ts): merged field by field only for one person, never blended.
    const relation = personRelation(kept, incoming);
    // One CustomerId with another name and phone: which vehicle facts are whose is unknown, so the row known first
    // stays as it was (as the core merge leaves core untouched) and the other is set aside for a person to resolve.
    if (relation === 'conflict') return { row: kept, setAside: [{ ...incoming, row_role: 'conflict' }] };
    const lead = personLead(kept, incoming, relation);
    const other = lead === kept ? incoming : kept;
    const person = mergedPerson(lead, other, relation);
    // Another person of the vehicle is kept whole beside it (history, conflicts), never lost and never blended.
    const role = setAsideRole(other, relation);
    const setAside = role === null ? [] : [{ ...other, row_role: role }];
    // Vehicle facts: the sale row (it has a purchase date) first, else the later row; gaps filled from the other.
    const saleOnlyIn = kept.purchase_date && !incoming.purchase_date ? kept : incoming.purchase_date && !kept.purchase_date ? incoming : null;
    const primary = saleOnlyIn ?? (isLater(kept, incoming) ? incoming : kept);
    const secondary = primary === kept ? incoming : kept;
    const row: CustomerVehicleRow = {
      ...primary,
      ...person,
      row_role: null,
      batch_id: kept.batch_id,
      source_row: Math.min(kept.source_row, incoming.source_row),
      record_hash: kept.record_hash,
      vin: primary.vin ?? secondary.vin,
      make: primary.make ?? secondary.make,
      model: primary.model ?? secondary.model,
      variant: primary.variant ?? secondary.variant,
      model_raw: primary.model_raw ?? secondary.model_raw,
      purchase_date: primary.purchase_date ?? secondary.purchase_date,
      purchase_year: primary.purchase_year ?? secondary.purchase_year,
      price_vnd: primary.price_vnd ?? secondary.price_vnd,
      province: primary.province ?? secondary.province,
      province_old: primary.province_old ?? secondary.province_old,
      last_service_at: later(kept.last_service_at, incoming.last_service_at),
      service_visits: kept.service_visits + incoming.service_visits,
    };
    return { row, setAside };
  },

  csvValues(row: CustomerVehicleRow): readonly CsvValue[] {
    return CUSTOMER_VEHICLE_COLUMNS.map((column) => row[column] ?? null);
  },

  fromCsvLine(line: string): CustomerVehicleRow {
    return rowFromCsvLine<CustomerVehicleRow>(line, CUSTOMER_VEHICLE_COLUMNS, CUSTOMER_COLUMN_TYPES);
  },
};
