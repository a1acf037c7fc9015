-- ops.batches: one row per ingested source object (batch); key: batch_id (b_ + 32 hex).
-- Timestamps are UTC without zone (GETDATE()); small table: a copy on every node.
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
    created_at timestamp not null default getdate(),
    updated_at timestamp not null default getdate(),
    primary key (batch_id)
)
diststyle all
sortkey (batch_id);
