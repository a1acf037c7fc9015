-- ops.batches: one row per batch; key: batch_id.
-- Marks a batch loaded; loaded_rows counts the staging rows of the batch in the table of its kind, so it runs
-- after the COPY and before the load deletes the batch's staging rows.
-- Params: :batch_id

update ops.batches as batches
set
    status = 'loaded',
    loaded_rows = staged.staged_rows,
    error_name = null,
    error_cause = null,
    updated_at = default
from (
    select 'customers' as kind, count(*) as staged_rows
    from staging.stg_customer_vehicles
    where batch_id = :batch_id
    union all
    select 'listings' as kind, count(*) as staged_rows
    from staging.stg_listings
    where batch_id = :batch_id
) as staged
where batches.batch_id = :batch_id
    and batches.kind = staged.kind;
