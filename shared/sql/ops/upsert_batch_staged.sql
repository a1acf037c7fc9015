-- ops.batches: one row per batch; key: batch_id.
-- Records a batch as staged with its clean counts and clears any earlier error. Re-staging is fine.
-- Update-then-insert instead of MERGE: Redshift's MERGE takes only a table as its source (no VALUES, no subquery).
-- batch_id is cast in the insert so PostgreSQL deduces one type for it in both places.
-- Params: :batch_id :kind :source_bucket :source_key :source_etag :rows_in :valid_rows :rejected_rows
--         :duplicate_rows :processed_key :rejects_key

update ops.batches
set
    kind = :kind,
    source_bucket = :source_bucket,
    source_key = :source_key,
    source_etag = :source_etag,
    status = 'staged',
    rows_in = cast(:rows_in as integer),
    valid_rows = cast(:valid_rows as integer),
    rejected_rows = cast(:rejected_rows as integer),
    duplicate_rows = cast(:duplicate_rows as integer),
    loaded_rows = null,
    processed_key = :processed_key,
    rejects_key = :rejects_key,
    error_name = null,
    error_cause = null,
    updated_at = default
where batch_id = :batch_id;

insert into ops.batches (
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
    processed_key,
    rejects_key
)
select
    cast(:batch_id as varchar),
    :kind,
    :source_bucket,
    :source_key,
    :source_etag,
    'staged',
    cast(:rows_in as integer),
    cast(:valid_rows as integer),
    cast(:rejected_rows as integer),
    cast(:duplicate_rows as integer),
    :processed_key,
    :rejects_key
where not exists (
    select 1 from ops.batches where batch_id = cast(:batch_id as varchar)
);
