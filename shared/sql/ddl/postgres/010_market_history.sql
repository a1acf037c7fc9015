-- Market history derived from the scrapes (every scrape is a sighting), rebuilt by each marts refresh
-- (core/listing_price_history.sql, then core/listing_status.sql). Derived from core alone, but stored in the marts
-- schema: the refresh's database role reads core and writes marts only (020_access_grants.sql). Idempotent.

-- listing_price_history: one row per (source, listing_id, changed_on); key: (source, listing_id, changed_on).
-- A day's price (core.listing_prices keeps the day's latest scrape) that differs from the listing's previous day
-- with a price. change_vnd < 0 is a drop, > 0 a rise.
create table if not exists marts.listing_price_history (
    source varchar(16) not null,
    listing_id varchar(64) not null,
    changed_on date not null,
    previous_observed_on date not null,
    previous_price_vnd bigint not null,
    price_vnd bigint not null,
    change_vnd bigint not null,
    change_pct decimal(9, 2) not null,
    direction varchar(8) not null,
    listed_on date not null,
    days_since_listed integer not null,
    primary key (source, listing_id, changed_on),
    check (direction in ('drop', 'rise'))
);

-- listing_status: one row per (source, listing_id); key: (source, listing_id).
-- status: removed = not seen for N days on a site that was scraped since (a sold proxy); relisted = on the market
-- again after a gap of more than N days without a sighting; active = the rest. Dates are Vietnam calendar days.
create table if not exists marts.listing_status (
    source varchar(16) not null,
    listing_id varchar(64) not null,
    make varchar(64),
    model varchar(128),
    year integer,
    province varchar(128),
    seller_type varchar(16),
    price_vnd bigint,
    first_price_vnd bigint,
    listed_on date not null,
    first_seen_on date not null,
    last_seen_on date not null,
    site_last_scraped_on date not null,
    days_since_seen integer not null,
    status varchar(16) not null,
    removed_on date,
    relist_count integer not null,
    days_on_market integer not null,
    price_drops integer not null,
    price_rises integer not null,
    first_drop_on date,
    removed_after_days integer not null,
    primary key (source, listing_id),
    check (status in ('active', 'removed', 'relisted'))
);
