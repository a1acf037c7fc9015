-- ops.batches: one row per batch; key: batch_id.
-- Marks a batch failed with the error's name and cause; creates the row when the batch failed before staging.
-- Never a loaded batch: 'loaded' is set inside the load's own transaction, so it means the data is in core
-- (a committed load, or an earlier load of the same object version when a re-run fails before staging it again).
-- The cause is cut to 1000 characters so it fits varchar(4096) bytes on Redshift even in 4-byte UTF-8.
-- batch_id is cast in the insert so PostgreSQL deduces one type for it in both places.
-- Params: :batch_id :kind :source_bucket :source_key :error_name :error_cause

update ops.batches
set
    status = 'failed',
    error_name = left(:error_name, 128),
    error_cause = left(:error_cause, 1000),
    updated_at = default
where batch_id = :batch_id
    and status <> 'loaded';

insert into ops.batches (
    batch_id,
    kind,
    source_bucket,
    source_key,
    status,
    error_name,
    error_cause
)
select
    cast(:batch_id as varchar),
    :kind,
    :source_bucket,
    :source_key,
    'failed',
    left(:error_name, 128),
    left(:error_cause, 1000)
where not exists (
    select 1 from ops.batches where batch_id = cast(:batch_id as varchar)
);
