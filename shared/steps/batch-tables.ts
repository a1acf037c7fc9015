import type { BatchKind } from '../contracts/batch';
import { CUSTOMER_VEHICLE_COLUMNS } from '../contracts/customer-export';
import { LISTING_ROW_COLUMNS } from '../contracts/listing';
import type { SqlName } from '../sql';

/** Per kind: the staging table COPY fills, its columns, and the statements that move a batch from staging to core. */
export interface BatchTables {
  stagingTable: string;
  columns: readonly string[];
  /** First statement of a load: waits for the one load lock (ops.load_lock), so loads run one at a time. */
  lockForLoad: SqlName;
  deleteStagingBatch: SqlName;
  mergeIntoCore: readonly SqlName[];
  markLoaded: SqlName;
}

export const BATCH_TABLES: Record<BatchKind, BatchTables> = {
  customers: {
    stagingTable: 'staging.stg_customer_vehicles',
    columns: CUSTOMER_VEHICLE_COLUMNS,
    lockForLoad: 'ops/lock_load',
    deleteStagingBatch: 'staging/delete_stg_customer_vehicles_batch',
    mergeIntoCore: ['core/merge_customer_vehicles'],
    markLoaded: 'ops/mark_customers_loaded',
  },
  listings: {
    stagingTable: 'staging.stg_listings',
    columns: LISTING_ROW_COLUMNS,
    lockForLoad: 'ops/lock_load',
    deleteStagingBatch: 'staging/delete_stg_listings_batch',
    mergeIntoCore: ['core/merge_listings', 'core/merge_listing_prices'],
    markLoaded: 'ops/mark_listings_loaded',
  },
};
