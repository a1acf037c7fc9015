import { z } from 'zod';

/**
 * One record of the company DB's customer export, as it arrives. Field names are the DB's own.
 * Every field is optional here: clean() decides what is missing or unusable and says why.
 * Scalars only: an object or array in one of these fields is a type error (`field_type:<Field>`), the one kind of
 * value that rejects the record; any scalar is read as text or number, and what cannot be read is dropped with a warning.
 */
const scalar = z.union([z.string(), z.number(), z.boolean(), z.null()]);
export const RawCustomerRecordSchema = z
  .object({
    CustomerId: scalar.optional(),
    NameCustomer: scalar.optional(),
    Phone: scalar.optional(),
    BirthDate: scalar.optional(),
    Age: scalar.optional(),
    Email: scalar.optional(),
    asset_num: scalar.optional(),
    modelType: scalar.optional(),
    Brand: scalar.optional(),
    Warranty_start_dt: scalar.optional(),
    price: scalar.optional(),
    DealerProvince: scalar.optional(),
    ServiceDate: scalar.optional(),
  })
  .loose();
export type RawCustomerRecord = z.infer<typeof RawCustomerRecordSchema>;

/**
 * One clean row: one vehicle of one customer (sale and service rows of the same vehicle merged).
 * Grain: one row per vehicle_key per batch with row_role NULL, plus a row per person set aside (row_role set). Column order is the processed CSV's order
 * and the staging table's order.
 */
export const CUSTOMER_VEHICLE_COLUMNS = [
  'batch_id', 'source_row', 'customer_key', 'customer_id', 'full_name', 'name_folded', 'family_name_folded',
  'given_name_folded', 'phone', 'phone_alt', 'email', 'birth_date', 'birth_year', 'vehicle_key', 'vin', 'make',
  'model', 'variant', 'model_raw', 'purchase_date', 'purchase_year', 'price_vnd', 'province', 'province_old',
  'last_service_at', 'service_visits', 'record_hash', 'middle_name_folded', 'name_key', 'row_role',
] as const;
export type CustomerVehicleColumn = (typeof CUSTOMER_VEHICLE_COLUMNS)[number];

/**
 * Widths of the text columns in the warehouse (staging and core DDL), in UTF-8 bytes as Redshift counts them.
 * clean cuts a longer value (`truncated:<column>`), nulls a longer email or phone, and rejects a record whose key
 * would not fit (`field_too_long:<column>`), instead of failing the whole COPY. tests/unit/clean checks these
 * against the DDL files.
 */
export const CUSTOMER_VEHICLE_MAX_BYTES: Readonly<Partial<Record<CustomerVehicleColumn, number>>> = {
  customer_key: 256, customer_id: 128, full_name: 512, name_folded: 256, family_name_folded: 128, given_name_folded: 128,
  phone: 32, phone_alt: 32, email: 320, vehicle_key: 128, vin: 64, make: 64, model: 128, variant: 256, model_raw: 512,
  province: 128, province_old: 128, record_hash: 64, middle_name_folded: 256, name_key: 256, row_role: 16,
};

/** Types of the non-text columns in the warehouse: clean nulls a value outside them (a 23-digit price, year 99999). */
export const CUSTOMER_VEHICLE_TYPES = {
  source_row: 'int4', birth_date: 'date', birth_year: 'int4', purchase_date: 'date', purchase_year: 'int4',
  price_vnd: 'int8', last_service_at: 'timestamp', service_visits: 'int4',
} as const satisfies Partial<Record<CustomerVehicleColumn, 'int4' | 'int8' | 'date' | 'timestamp'>>;

/** NOT NULL columns of staging.stg_customer_vehicles. */
export const CUSTOMER_VEHICLE_REQUIRED: readonly CustomerVehicleColumn[] = ['batch_id', 'source_row', 'customer_key', 'vehicle_key', 'record_hash'];

export interface CustomerVehicleRow {
  batch_id: string;
  /** 1-based position of the first input record folded into this row. */
  source_row: number;
  /**
   * `c:<CustomerId>` when the DB gave one, else `p:<phone>`, else `n:<folded name>:<birth year>`, else `v:<VIN>` (the
   * unknown owner of a known vehicle).
   */
  customer_key: string;
  customer_id: string | null;
  /** Null when the row has no readable name (kept for its phone, CustomerId or VIN); so are the name features. */
  full_name: string | null;
  name_folded: string | null;
  family_name_folded: string | null;
  given_name_folded: string | null;
  phone: string | null;
  phone_alt: string | null;
  email: string | null;
  birth_date: string | null;
  birth_year: number | null;
  /** `v:<VIN>` when the asset number is known, else `h:<hash of customer key, model and purchase date>`. */
  vehicle_key: string;
  vin: string | null;
  make: string | null;
  model: string | null;
  variant: string | null;
  model_raw: string | null;
  purchase_date: string | null;
  purchase_year: number | null;
  price_vnd: number | null;
  province: string | null;
  province_old: string | null;
  last_service_at: string | null;
  service_visits: number;
  /** sha1 of the record's text as it stood in the file: exact duplicates share it. */
  record_hash: string;
  /** Matching features, computed once here (shared/normalize): folded middle words, and the word-order-free name key. */
  middle_name_folded: string | null;
  name_key: string | null;
  /**
   * NULL for the vehicle's row. Otherwise a person clean set aside when two rows of one vehicle in one export named
   * different people (the row is that person's, never loaded into core.customer_vehicles): the load keeps it in
   * core.customer_vehicle_history (previous_owner: an earlier owner the later one replaced; contact: someone a service
   * row without CustomerId named; conflict: the same CustomerId with another name and phone, also flagged in
   * ops.identity_conflicts). Optional so rows written before set-aside rows existed still type-check.
   */
  row_role?: CustomerRowRole | null;
}

/** Why clean set a person's row aside instead of merging it into the vehicle's row (see CustomerVehicleRow.row_role). */
export type CustomerRowRole = 'previous_owner' | 'contact' | 'conflict';
