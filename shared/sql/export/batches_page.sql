-- Workbook sheet "Data quality": one page of ops.batches (one row per ingested source object), ordered by
-- batch id.
-- Params: :after_key (row_key of the previous page's last row; '' for the first page)
with batches as (
    select * from ops.batches
),

keyed as (
    select
        batch_id as row_key,
        batch_id,
        kind,
        source_key,
        status,
        rows_in,
        valid_rows,
        rejected_rows,
        duplicate_rows,
        loaded_rows,
        error_name,
        created_at,
        updated_at
    from batches
)

select * from keyed
where row_key > :after_key
order by row_key
limit 5000;
