-- core.listings: one row per (source, listing_id); key: (source, listing_id).
-- Merges one batch's staging rows. Descriptive columns, price_vnd and last_seen_at come from the latest scrape:
-- they are replaced only when the batch's scrape is at least as recent as last_seen_at, so a late, older
-- batch cannot roll a price back. first_seen_at only moves earlier.
-- Times are converted to UTC timestamps; the source is deduped to one row per key (latest scraped_at).
-- The deduplicated batch goes into a temp table first because Redshift's MERGE takes only a table as its
-- source, not a subquery; the temp table is dropped at the end so the same session can load again.
-- Run in one transaction, after the load's ops/lock_load.sql: loads merge one after the other without locking
-- core.listings against its readers (see core/merge_customer_vehicles.sql).
-- Params: :batch_id

create temp table merge_listings_src as
select *
from (
    select
        utc.*,
        min(scraped_at) over (partition by source, listing_id) as first_scraped_at,
        row_number() over (
            partition by source, listing_id
            order by scraped_at desc, record_hash desc
        ) as row_num
    from (
        select
            batch_id,
            source,
            listing_id,
            url,
            title,
            make,
            model,
            variant,
            year,
            mileage_km,
            price_vnd,
            price_text,
            negotiable,
            seller_name,
            seller_phone,
            seller_type,
            province,
            district,
            posted_at at time zone 'utc' as posted_at,
            scraped_at at time zone 'utc' as scraped_at,
            record_hash,
            seller_name_folded,
            seller_family_name_folded,
            seller_middle_name_folded,
            seller_given_name_folded,
            seller_name_key
        from staging.stg_listings
        where batch_id = :batch_id
    ) as utc
) as ranked
where row_num = 1;

-- Redshift's MERGE has one unconditional WHEN MATCHED clause, so "only when at least as recent" is a CASE per
-- column (every SET expression reads the row as it was before this update). Both times are NOT NULL, so least()
-- needs no NULL care.
merge into core.listings
using merge_listings_src as src
on listings.source = src.source
    and listings.listing_id = src.listing_id
when matched then update set
    first_seen_at = least(src.first_scraped_at, listings.first_seen_at),
    url = case when src.scraped_at >= listings.last_seen_at then src.url else listings.url end,
    title = case when src.scraped_at >= listings.last_seen_at then src.title else listings.title end,
    make = case when src.scraped_at >= listings.last_seen_at then src.make else listings.make end,
    model = case when src.scraped_at >= listings.last_seen_at then src.model else listings.model end,
    variant = case when src.scraped_at >= listings.last_seen_at then src.variant else listings.variant end,
    year = case when src.scraped_at >= listings.last_seen_at then src.year else listings.year end,
    mileage_km = case when src.scraped_at >= listings.last_seen_at then src.mileage_km else listings.mileage_km end,
    price_vnd = case when src.scraped_at >= listings.last_seen_at then src.price_vnd else listings.price_vnd end,
    price_text = case when src.scraped_at >= listings.last_seen_at then src.price_text else listings.price_text end,
    negotiable = case when src.scraped_at >= listings.last_seen_at then src.negotiable else listings.negotiable end,
    seller_name = case when src.scraped_at >= listings.last_seen_at then src.seller_name else listings.seller_name end,
    seller_phone = case when src.scraped_at >= listings.last_seen_at then src.seller_phone else listings.seller_phone end,
    seller_type = case when src.scraped_at >= listings.last_seen_at then src.seller_type else listings.seller_type end,
    seller_name_folded = case when src.scraped_at >= listings.last_seen_at then src.seller_name_folded else listings.seller_name_folded end,
    seller_family_name_folded = case when src.scraped_at >= listings.last_seen_at then src.seller_family_name_folded else listings.seller_family_name_folded end,
    seller_middle_name_folded = case when src.scraped_at >= listings.last_seen_at then src.seller_middle_name_folded else listings.seller_middle_name_folded end,
    seller_given_name_folded = case when src.scraped_at >= listings.last_seen_at then src.seller_given_name_folded else listings.seller_given_name_folded end,
    seller_name_key = case when src.scraped_at >= listings.last_seen_at then src.seller_name_key else listings.seller_name_key end,
    province = case when src.scraped_at >= listings.last_seen_at then src.province else listings.province end,
    district = case when src.scraped_at >= listings.last_seen_at then src.district else listings.district end,
    posted_at = case when src.scraped_at >= listings.last_seen_at then src.posted_at else listings.posted_at end,
    last_seen_at = case when src.scraped_at >= listings.last_seen_at then src.scraped_at else listings.last_seen_at end,
    record_hash = case when src.scraped_at >= listings.last_seen_at then src.record_hash else listings.record_hash end,
    batch_id = case when src.scraped_at >= listings.last_seen_at then src.batch_id else listings.batch_id end
when not matched then insert (
    source,
    listing_id,
    url,
    title,
    make,
    model,
    variant,
    year,
    mileage_km,
    price_vnd,
    price_text,
    negotiable,
    seller_name,
    seller_phone,
    seller_type,
    province,
    district,
    posted_at,
    first_seen_at,
    last_seen_at,
    record_hash,
    first_batch_id,
    batch_id,
    seller_name_folded,
    seller_family_name_folded,
    seller_middle_name_folded,
    seller_given_name_folded,
    seller_name_key
) values (
    src.source,
    src.listing_id,
    src.url,
    src.title,
    src.make,
    src.model,
    src.variant,
    src.year,
    src.mileage_km,
    src.price_vnd,
    src.price_text,
    src.negotiable,
    src.seller_name,
    src.seller_phone,
    src.seller_type,
    src.province,
    src.district,
    src.posted_at,
    src.first_scraped_at,
    src.scraped_at,
    src.record_hash,
    src.batch_id,
    src.batch_id,
    src.seller_name_folded,
    src.seller_family_name_folded,
    src.seller_middle_name_folded,
    src.seller_given_name_folded,
    src.seller_name_key
);

drop table merge_listings_src;
