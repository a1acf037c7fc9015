-- marts.listing_matches is the matching engine's table (issue 7; its own DDL defines it in full). The leads and
-- prospects marts read it, so a warehouse where matching has not been installed yet gets an empty table with
-- the columns those marts read: one row per (source, listing_id, customer_key, valid_from); current rows have
-- valid_to null. `if not exists`: a table the matching DDL made is left exactly as it is.
create table if not exists marts.listing_matches (
    source varchar(16) not null,
    listing_id varchar(64) not null,
    customer_key varchar(256) not null,
    customer_id varchar(128),
    vehicle_key varchar(128),
    phone varchar(32),
    match_weight double precision,
    match_probability double precision,
    band varchar(16) not null,
    blocking_rule varchar(256),
    model_version varchar(64),
    matched_at timestamp,
    why varchar(2000),
    valid_from timestamp not null,
    valid_to timestamp
)
distkey (listing_id)
compound sortkey (source, listing_id);
