-- ops.batches: one row per batch; key: batch_id. Returns the batch's row, or none.
-- Params: :batch_id

select
    batch_id,
    kind,
    source_bucket,
    source_key,
    source_etag,
    status,
    rows_in,
    valid_rows,
    rejected_rows,
    duplicate_rows,
    loaded_rows,
    processed_key,
    rejects_key,
    error_name,
    error_cause,
    created_at,
    updated_at
from ops.batches
where batch_id = :batch_id;
