-- marts.listing_status: one row per (source, listing_id); key: (source, listing_id).
-- Each listing's market history from its sightings (core.listings first/last seen, core.listing_prices per day):
--   removed   not seen for :removed_after_days days or more while its site was scraped since (the site's latest
--             sighting of any listing is that many days later): a sold proxy; removed_on = the last day seen.
--   relisted  on the market again after a gap of more than :removed_after_days days between two sightings.
--   active    the rest (a site not scraped lately leaves its listings active: no news is not a removal).
-- days_on_market: listed_on to the last day seen (removed) or to the site's latest scrape (active, relisted).
-- listed_on as in core/listing_price_history.sql; price counts from marts.listing_price_history (run it first).
-- All days are Vietnam calendar days (UTC+7); times in core are UTC. Same-day scrapes count as one sighting.
-- Stored in the marts schema (the refresh may write marts only); rebuilt whole: delete + insert, inside the marts
-- refresh's transaction.
-- Params: :removed_after_days

delete from marts.listing_status;

insert into marts.listing_status (
    source,
    listing_id,
    make,
    model,
    year,
    province,
    seller_type,
    price_vnd,
    first_price_vnd,
    listed_on,
    first_seen_on,
    last_seen_on,
    site_last_scraped_on,
    days_since_seen,
    status,
    removed_on,
    relist_count,
    days_on_market,
    price_drops,
    price_rises,
    first_drop_on,
    removed_after_days
)
with

listings as (
    select
        source,
        listing_id,
        make,
        model,
        year,
        province,
        seller_type,
        price_vnd,
        posted_at,
        first_seen_at,
        last_seen_at
    from core.listings
),

listing_prices as (
    select source, listing_id, observed_on, price_vnd
    from core.listing_prices
),

price_changes as (
    select source, listing_id, changed_on, direction
    from marts.listing_price_history
),

seen as (
    select
        source,
        listing_id,
        make,
        model,
        year,
        province,
        seller_type,
        price_vnd,
        cast(posted_at + interval '7 hours' as date) as posted_on,
        cast(first_seen_at + interval '7 hours' as date) as first_seen_on,
        cast(last_seen_at + interval '7 hours' as date) as last_seen_on
    from listings
),

site_scrapes as (
    select source, max(last_seen_on) as site_last_scraped_on
    from seen
    group by source
),

sighting_gaps as (
    select
        source,
        listing_id,
        observed_on,
        price_vnd,
        observed_on - lag(observed_on) over (partition by source, listing_id order by observed_on) as days_since_previous,
        row_number() over (partition by source, listing_id order by observed_on) as sighting_number
    from listing_prices
),

sighting_summary as (
    select
        source,
        listing_id,
        sum(case when days_since_previous > cast(:removed_after_days as integer) then 1 else 0 end) as relist_count,
        max(case when sighting_number = 1 then price_vnd end) as first_price_vnd
    from sighting_gaps
    group by source, listing_id
),

change_summary as (
    select
        source,
        listing_id,
        sum(case when direction = 'drop' then 1 else 0 end) as price_drops,
        sum(case when direction = 'rise' then 1 else 0 end) as price_rises,
        min(case when direction = 'drop' then changed_on end) as first_drop_on
    from price_changes
    group by source, listing_id
),

joined as (
    select
        seen.source,
        seen.listing_id,
        seen.make,
        seen.model,
        seen.year,
        seen.province,
        seen.seller_type,
        seen.price_vnd,
        coalesce(sighting_summary.first_price_vnd, seen.price_vnd) as first_price_vnd,
        case
            when seen.posted_on is not null and seen.posted_on < seen.first_seen_on then seen.posted_on
            else seen.first_seen_on
        end as listed_on,
        seen.first_seen_on,
        seen.last_seen_on,
        site_scrapes.site_last_scraped_on,
        site_scrapes.site_last_scraped_on - seen.last_seen_on as days_since_seen,
        coalesce(sighting_summary.relist_count, 0) as relist_count,
        coalesce(change_summary.price_drops, 0) as price_drops,
        coalesce(change_summary.price_rises, 0) as price_rises,
        change_summary.first_drop_on
    from seen
    inner join site_scrapes
        on site_scrapes.source = seen.source
    left join sighting_summary
        on sighting_summary.source = seen.source
        and sighting_summary.listing_id = seen.listing_id
    left join change_summary
        on change_summary.source = seen.source
        and change_summary.listing_id = seen.listing_id
),

classified as (
    select
        joined.*,
        case
            when days_since_seen >= cast(:removed_after_days as integer) then 'removed'
            when relist_count > 0 then 'relisted'
            else 'active'
        end as status
    from joined
),

final as (
    select
        source,
        listing_id,
        make,
        model,
        year,
        province,
        seller_type,
        price_vnd,
        first_price_vnd,
        listed_on,
        first_seen_on,
        last_seen_on,
        site_last_scraped_on,
        days_since_seen,
        status,
        case when status = 'removed' then last_seen_on end as removed_on,
        relist_count,
        case when status = 'removed' then last_seen_on - listed_on else site_last_scraped_on - listed_on end as days_on_market,
        price_drops,
        price_rises,
        first_drop_on,
        cast(:removed_after_days as integer) as removed_after_days
    from classified
)

select * from final;
