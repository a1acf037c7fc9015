-- Marts: business tables for the sales team's workbook, rebuilt by each marts refresh (shared/sql/marts/, one
-- model a file; each refresh is a delete + insert inside the refresh's one transaction). Idempotent.

-- market_preference: one row per (month_start, make, model, province); province 'Toàn quốc' is all provinces.
create table if not exists marts.market_preference (
    month_start date not null,
    make varchar(64) not null,
    model varchar(128) not null,
    province varchar(128) not null,
    active_listings integer not null,
    new_listings integer not null,
    new_listings_per_week decimal(12, 2) not null,
    market_share decimal(9, 4) not null,
    removed_listings integer not null,
    median_days_on_market_removed decimal(9, 1),
    listings_with_price_drop integer not null,
    price_drop_share decimal(9, 4) not null,
    primary key (month_start, make, model, province)
)
diststyle auto
compound sortkey (month_start, make, model);

-- resale_value: one row per (make, model, age_years).
create table if not exists marts.resale_value (
    make varchar(64) not null,
    model varchar(128) not null,
    age_years integer not null,
    listing_count integer not null,
    median_price_vnd bigint not null,
    p25_price_vnd bigint not null,
    p75_price_vnd bigint not null,
    median_mileage_km bigint,
    new_price_vnd bigint,
    new_price_source varchar(32),
    new_price_sales integer not null,
    retention decimal(9, 4),
    is_small_group boolean not null,
    primary key (make, model, age_years)
)
diststyle all
compound sortkey (make, model, age_years);

-- price_drops: one row per (source, listing_id) whose price fell at least once.
create table if not exists marts.price_drops (
    source varchar(16) not null,
    listing_id varchar(64) not null,
    url varchar(2048),
    title varchar(2000),
    make varchar(64),
    model varchar(128),
    year integer,
    province varchar(128),
    seller_type varchar(16),
    status varchar(16) not null,
    listed_on date not null,
    first_price_vnd bigint not null,
    price_vnd bigint not null,
    drop_vnd bigint not null,
    drop_pct decimal(9, 2) not null,
    drops integer not null,
    rises integer not null,
    largest_drop_vnd bigint not null,
    first_drop_on date not null,
    days_to_first_drop integer not null,
    last_drop_on date not null,
    days_on_market integer not null,
    primary key (source, listing_id)
)
diststyle auto
compound sortkey (source, listing_id);

-- leads: one row per (source, listing_id) on the market whose seller is matched to a customer in the lead band.
create table if not exists marts.leads (
    source varchar(16) not null,
    listing_id varchar(64) not null,
    customer_key varchar(256) not null,
    customer_id varchar(128),
    full_name varchar(512),
    phone varchar(32),
    email varchar(320),
    vehicle_key varchar(128),
    bought_make varchar(64),
    bought_model varchar(128),
    bought_variant varchar(256),
    bought_year integer,
    bought_price_vnd bigint,
    last_service_at timestamp,
    service_visits integer,
    url varchar(2048),
    title varchar(2000),
    make varchar(64),
    model varchar(128),
    year integer,
    mileage_km integer,
    province varchar(128),
    price_vnd bigint,
    listed_on date not null,
    days_listed integer not null,
    price_drops integer not null,
    age_years integer,
    market_median_price_vnd bigint,
    market_listing_count integer,
    price_vs_market_pct decimal(9, 1),
    match_probability double precision,
    match_weight double precision,
    why varchar(2000),
    suggested_action varchar(32) not null,
    action_reason varchar(256) not null,
    primary key (source, listing_id)
)
diststyle auto
compound sortkey (source, listing_id);

-- prospects: one row per (source, listing_id) on the market from a private seller matched to no customer, of a
-- make the company sells.
create table if not exists marts.prospects (
    source varchar(16) not null,
    listing_id varchar(64) not null,
    url varchar(2048),
    title varchar(2000),
    seller_name varchar(512),
    seller_phone varchar(32),
    make varchar(64),
    model varchar(128),
    variant varchar(256),
    year integer,
    mileage_km integer,
    province varchar(128),
    district varchar(128),
    price_vnd bigint,
    listed_on date not null,
    days_listed integer not null,
    price_drops integer not null,
    status varchar(16) not null,
    age_years integer,
    market_median_price_vnd bigint,
    market_listing_count integer,
    price_vs_market_pct decimal(9, 1),
    primary key (source, listing_id)
)
diststyle auto
compound sortkey (source, listing_id);
