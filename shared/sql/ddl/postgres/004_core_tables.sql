-- Core: business entities merged across batches.

-- customer_vehicles: one row per vehicle; key: vehicle_key (`v:<VIN>`, else a hash that already includes the
-- customer). customer_key is the vehicle's customer (the DB's CustomerId when known, else a phone or name key);
-- a later batch fills in and updates facts but never erases them (core/merge_customer_vehicles.sql).
-- Earlier runs keyed it by (customer_key, vehicle_key); 005_customer_vehicles_by_vehicle.sql handles such tables.
create table if not exists core.customer_vehicles (
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
    first_batch_id varchar(34) not null,
    batch_id varchar(34) not null,
    loaded_at timestamp not null default (now() at time zone 'utc'),
    middle_name_folded varchar(256),
    name_key varchar(256),
    primary key (vehicle_key)
);

-- listings: one row per (source, listing_id); descriptive columns and price from the latest scrape.
create table if not exists core.listings (
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
    posted_at timestamp,
    first_seen_at timestamp not null,
    last_seen_at timestamp not null,
    record_hash varchar(64) not null,
    first_batch_id varchar(34) not null,
    batch_id varchar(34) not null,
    seller_name_folded varchar(256),
    seller_family_name_folded varchar(128),
    seller_middle_name_folded varchar(256),
    seller_given_name_folded varchar(128),
    seller_name_key varchar(256),
    primary key (source, listing_id)
);

-- listing_prices: one row per (source, listing_id, observed_on); the price of that day's latest scrape.
create table if not exists core.listing_prices (
    source varchar(16) not null,
    listing_id varchar(64) not null,
    observed_on date not null,
    price_vnd bigint not null,
    observed_at timestamp not null,
    batch_id varchar(34) not null,
    primary key (source, listing_id, observed_on)
);

-- Matching features (computed once in clean) on tables created before they existed: added once, idempotent.
alter table staging.stg_customer_vehicles add column if not exists middle_name_folded varchar(256);
alter table staging.stg_customer_vehicles add column if not exists name_key varchar(256);
alter table core.customer_vehicles add column if not exists middle_name_folded varchar(256);
alter table core.customer_vehicles add column if not exists name_key varchar(256);
alter table staging.stg_listings add column if not exists seller_name_folded varchar(256);
alter table staging.stg_listings add column if not exists seller_family_name_folded varchar(128);
alter table staging.stg_listings add column if not exists seller_middle_name_folded varchar(256);
alter table staging.stg_listings add column if not exists seller_given_name_folded varchar(128);
alter table staging.stg_listings add column if not exists seller_name_key varchar(256);
alter table core.listings add column if not exists seller_name_folded varchar(256);
alter table core.listings add column if not exists seller_family_name_folded varchar(128);
alter table core.listings add column if not exists seller_middle_name_folded varchar(256);
alter table core.listings add column if not exists seller_given_name_folded varchar(128);
alter table core.listings add column if not exists seller_name_key varchar(256);
