-- Staging: one table per source, columns in the processed CSV's order (COPY maps by position).
-- Rows are replaced per batch (delete where batch_id = …, then COPY), so no key is enforced here.

-- stg_customer_vehicles: one row per vehicle (vehicle_key) per batch, as cleaned (clean folds a vehicle's sale and
-- service rows into one), with row_role NULL; plus the persons clean set aside (row_role previous_owner, contact,
-- conflict: added to older tables by 007_identity_history.sql), which the core merge writes to history.
create table if not exists staging.stg_customer_vehicles (
    batch_id varchar(34) not null,
    source_row integer not null,
    customer_key varchar(256) not null,
    customer_id varchar(128),
    full_name varchar(512),
    name_folded varchar(256),
    family_name_folded varchar(128),
    given_name_folded varchar(128),
    phone varchar(32),
    phone_alt varchar(32),
    email varchar(320),
    birth_date date,
    birth_year integer,
    vehicle_key varchar(128) not null,
    vin varchar(64),
    make varchar(64),
    model varchar(128),
    variant varchar(256),
    model_raw varchar(512),
    purchase_date date,
    purchase_year integer,
    price_vnd bigint,
    province varchar(128),
    province_old varchar(128),
    last_service_at timestamp,
    service_visits integer,
    record_hash varchar(64) not null,
    middle_name_folded varchar(256),
    name_key varchar(256),
    row_role varchar(16)
);

-- stg_listings: one row per scraped listing per batch (a listing may repeat within a batch).
-- posted_at/scraped_at keep the scraper's offsets (timestamptz); core converts them to UTC timestamps.
create table if not exists staging.stg_listings (
    batch_id varchar(34) not null,
    source varchar(16) not null,
    listing_id varchar(64) not null,
    url varchar(2048),
    title varchar(2000),
    make varchar(64),
    model varchar(128),
    variant varchar(256),
    year integer,
    mileage_km integer,
    price_vnd bigint,
    price_text varchar(256),
    negotiable boolean,
    seller_name varchar(512),
    seller_phone varchar(32),
    seller_type varchar(16),
    province varchar(128),
    district varchar(128),
    posted_at timestamptz,
    scraped_at timestamptz not null,
    record_hash varchar(64) not null,
    seller_name_folded varchar(256),
    seller_family_name_folded varchar(128),
    seller_middle_name_folded varchar(256),
    seller_given_name_folded varchar(128),
    seller_name_key varchar(256)
);

create index if not exists stg_customer_vehicles_batch_idx on staging.stg_customer_vehicles (batch_id);
create index if not exists stg_listings_batch_idx on staging.stg_listings (batch_id);
