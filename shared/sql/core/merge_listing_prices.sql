-- core.listing_prices: one row per (source, listing_id, observed_on); key: (source, listing_id, observed_on).
-- Price history: the price of each listing's latest scrape on each Vietnam calendar day (UTC+7, no DST; the
-- scrape time is converted to UTC first). A later scrape of the same day replaces the price; scrapes without
-- a price are skipped. Update-then-insert rather than MERGE because Redshift's MERGE takes only a table as its
-- source. Run in one transaction; the lock makes concurrent loads merge one after the other (see
-- core/merge_customer_vehicles.sql). Loads lock core.listings before core.listing_prices, always in that order.
-- Params: :batch_id

lock core.listing_prices;

update core.listing_prices as target
set
    price_vnd = src.price_vnd,
    observed_at = src.scraped_at,
    batch_id = src.batch_id
from (
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
    where row_num = 1
) as src
where target.source = src.source
    and target.listing_id = src.listing_id
    and target.observed_on = src.observed_on
    and src.scraped_at >= target.observed_at;

insert into core.listing_prices (
    source,
    listing_id,
    observed_on,
    price_vnd,
    observed_at,
    batch_id
)
select
    src.source,
    src.listing_id,
    src.observed_on,
    src.price_vnd,
    src.scraped_at,
    src.batch_id
from (
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
    where row_num = 1
) as src
where not exists (
    select 1
    from core.listing_prices as existing
    where existing.source = src.source
        and existing.listing_id = src.listing_id
        and existing.observed_on = src.observed_on
);
