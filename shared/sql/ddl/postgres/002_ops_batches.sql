-- ops.batches: one row per ingested source object (batch); key: batch_id (b_ + 32 hex).
-- Timestamps are UTC without zone, as on Redshift (GETDATE()).
create table if not exists ops.batches (
    batch_id varchar(34) not null,
    kind varchar(16) not null,
    source_bucket varchar(63),
    source_key varchar(1024),
    source_etag varchar(128),
    status varchar(16) not null,
    rows_in integer,
    valid_rows integer,
    rejected_rows integer,
    duplicate_rows integer,
    loaded_rows integer,
    processed_key varchar(1024),
    rejects_key varchar(1024),
    error_name varchar(256),
    error_cause varchar(4096),
    created_at timestamp not null default (now() at time zone 'utc'),
    updated_at timestamp not null default (now() at time zone 'utc'),
    primary key (batch_id),
    check (kind in ('customers', 'listings')),
    check (status in ('staged', 'loaded', 'failed'))
);
