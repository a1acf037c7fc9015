-- core.listings: one row per (source, listing_id); key: (source, listing_id).
-- Merges one batch's staging rows. Descriptive columns, price_vnd and last_seen_at come from the latest scrape:
-- they are replaced only when the batch's scrape is at least as recent as last_seen_at, so a late, older
-- batch cannot roll a price back. first_seen_at only moves earlier.
-- Times are converted to UTC timestamps; the source is deduped to one row per key (latest scraped_at).
-- Update-then-insert rather than MERGE because Redshift's MERGE takes only a table as its source, not a
-- deduplicating subquery. Run in one transaction; the lock makes concurrent loads merge one after the other
-- (see core/merge_customer_vehicles.sql).
-- Params: :batch_id

lock core.listings;

update core.listings as target
set first_seen_at = src.first_scraped_at
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
        posted_at,
        scraped_at,
        first_scraped_at,
        record_hash
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
            posted_at,
            scraped_at,
            record_hash,
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
                record_hash
            from staging.stg_listings
            where batch_id = :batch_id
        ) as utc
    ) as ranked
    where row_num = 1
) as src
where target.source = src.source
    and target.listing_id = src.listing_id
    and src.first_scraped_at < target.first_seen_at;

update core.listings as target
set
    url = src.url,
    title = src.title,
    make = src.make,
    model = src.model,
    variant = src.variant,
    year = src.year,
    mileage_km = src.mileage_km,
    price_vnd = src.price_vnd,
    price_text = src.price_text,
    negotiable = src.negotiable,
    seller_name = src.seller_name,
    seller_phone = src.seller_phone,
    seller_type = src.seller_type,
    province = src.province,
    district = src.district,
    posted_at = src.posted_at,
    last_seen_at = src.scraped_at,
    record_hash = src.record_hash,
    batch_id = src.batch_id
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
        posted_at,
        scraped_at,
        first_scraped_at,
        record_hash
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
            posted_at,
            scraped_at,
            record_hash,
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
                record_hash
            from staging.stg_listings
            where batch_id = :batch_id
        ) as utc
    ) as ranked
    where row_num = 1
) as src
where target.source = src.source
    and target.listing_id = src.listing_id
    and src.scraped_at >= target.last_seen_at;

insert into core.listings (
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
    batch_id
)
select
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
    src.batch_id
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
        posted_at,
        scraped_at,
        first_scraped_at,
        record_hash
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
            posted_at,
            scraped_at,
            record_hash,
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
                record_hash
            from staging.stg_listings
            where batch_id = :batch_id
        ) as utc
    ) as ranked
    where row_num = 1
) as src
where not exists (
    select 1
    from core.listings as existing
    where existing.source = src.source
        and existing.listing_id = src.listing_id
);
