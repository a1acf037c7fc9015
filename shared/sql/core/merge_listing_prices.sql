-- core.listing_prices: one row per (source, listing_id, observed_on); key: (source, listing_id, observed_on).
-- Price history: the price of each listing's latest scrape on each Vietnam calendar day (UTC+7, no DST; the
-- scrape time is converted to UTC first). A later scrape of the same day replaces the price (an older one leaves
-- the row as it is); scrapes without a price are skipped.
-- The deduplicated batch goes into a temp table first because Redshift's MERGE takes only a table as its
-- source, not a subquery; the temp table is dropped at the end so the same session can load again.
-- Run in one transaction, after the load's ops/lock_load.sql: loads merge one after the other without locking
-- core.listing_prices against its readers (see core/merge_customer_vehicles.sql).
-- Params: :batch_id

create temp table merge_listing_prices_src as
select
    batch_id,
    source,
    listing_id,
    observed_on,
    price_vnd,
    scraped_at
from (
    select
        batch_id,
        source,
        listing_id,
        cast(scraped_at + interval '7 hours' as date) as observed_on,
        price_vnd,
        scraped_at,
        row_number() over (
            partition by source, listing_id, cast(scraped_at + interval '7 hours' as date)
            order by scraped_at desc, record_hash desc
        ) as row_num
    from (
        select
            batch_id,
            source,
            listing_id,
            price_vnd,
            scraped_at at time zone 'utc' as scraped_at,
            record_hash
        from staging.stg_listings
        where batch_id = :batch_id
            and price_vnd is not null
    ) as utc
) as ranked
where row_num = 1;

-- Redshift's MERGE has one unconditional WHEN MATCHED clause, so "only when not older" is a CASE per column.
merge into core.listing_prices
using merge_listing_prices_src as src
on listing_prices.source = src.source
    and listing_prices.listing_id = src.listing_id
    and listing_prices.observed_on = src.observed_on
when matched then update set
    price_vnd = case when src.scraped_at >= listing_prices.observed_at then src.price_vnd else listing_prices.price_vnd end,
    observed_at = case when src.scraped_at >= listing_prices.observed_at then src.scraped_at else listing_prices.observed_at end,
    batch_id = case when src.scraped_at >= listing_prices.observed_at then src.batch_id else listing_prices.batch_id end
when not matched then insert (
    source,
    listing_id,
    observed_on,
    price_vnd,
    observed_at,
    batch_id
) values (
    src.source,
    src.listing_id,
    src.observed_on,
    src.price_vnd,
    src.scraped_at,
    src.batch_id
);

drop table merge_listing_prices_src;
