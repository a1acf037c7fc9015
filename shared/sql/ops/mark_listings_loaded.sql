-- ops.batches: one row per batch; key: batch_id.
-- Marks a listings batch loaded; loaded_rows counts the batch's rows in staging.stg_listings, so it runs after the COPY and
-- before the load deletes the batch's staging rows. It reads only its own kind's staging table: a load that read
-- the other kind's table would form a read/write cycle with a concurrent load of that kind (Redshift error 1023).
-- Params: :batch_id

update ops.batches
set
    status = 'loaded',
    loaded_rows = (select count(*) from staging.stg_listings where batch_id = :batch_id),
    error_name = null,
    error_cause = null,
    updated_at = default
where batch_id = :batch_id
    and kind = 'listings';
