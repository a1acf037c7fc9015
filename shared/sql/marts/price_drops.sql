-- marts.price_drops: one row per (source, listing_id) whose price fell at least once; key: (source, listing_id).
-- How much and after how many days:
--   first_price_vnd / price_vnd     the first price seen and the latest asking price
--   drop_vnd, drop_pct              first price minus latest (positive = cheaper now), and as % of the first
--   drops, rises                    how many day-to-day changes went down / up (marts.listing_price_history)
--   largest_drop_vnd                the biggest single drop
--   first_drop_on, days_to_first_drop   the day of the first drop and its days since listed_on
--   last_drop_on, days_on_market    the latest drop; days on market as in marts.listing_status
-- Removed listings stay (status says so): a drop before a removal is what a sale at that price looks like.
-- Rebuilt whole: delete + insert.
-- Params: none

delete from marts.price_drops;

insert into marts.price_drops (
    source,
    listing_id,
    url,
    title,
    make,
    model,
    year,
    province,
    seller_type,
    status,
    listed_on,
    first_price_vnd,
    price_vnd,
    drop_vnd,
    drop_pct,
    drops,
    rises,
    largest_drop_vnd,
    first_drop_on,
    days_to_first_drop,
    last_drop_on,
    days_on_market
)
with

listing_status as (
    select
        source,
        listing_id,
        make,
        model,
        year,
        province,
        seller_type,
        status,
        listed_on,
        first_price_vnd,
        days_on_market
    from marts.listing_status
),

listings as (
    select source, listing_id, url, title
    from core.listings
),

price_changes as (
    select source, listing_id, changed_on, price_vnd, change_vnd, direction
    from marts.listing_price_history
),

latest_prices as (
    select source, listing_id, price_vnd
    from (
        select
            source,
            listing_id,
            price_vnd,
            row_number() over (partition by source, listing_id order by changed_on desc) as change_rank
        from price_changes
    ) as ranked
    where change_rank = 1
),

drop_summary as (
    select
        source,
        listing_id,
        sum(case when direction = 'drop' then 1 else 0 end) as drops,
        sum(case when direction = 'rise' then 1 else 0 end) as rises,
        min(case when direction = 'drop' then change_vnd end) as largest_change_down_vnd,
        min(case when direction = 'drop' then changed_on end) as first_drop_on,
        max(case when direction = 'drop' then changed_on end) as last_drop_on
    from price_changes
    group by source, listing_id
),

final as (
    select
        listing_status.source,
        listing_status.listing_id,
        listings.url,
        listings.title,
        listing_status.make,
        listing_status.model,
        listing_status.year,
        listing_status.province,
        listing_status.seller_type,
        listing_status.status,
        listing_status.listed_on,
        listing_status.first_price_vnd,
        latest_prices.price_vnd,
        listing_status.first_price_vnd - latest_prices.price_vnd as drop_vnd,
        cast(
            round(100.0 * (listing_status.first_price_vnd - latest_prices.price_vnd) / listing_status.first_price_vnd, 2)
            as decimal(9, 2)
        ) as drop_pct,
        cast(drop_summary.drops as integer) as drops,
        cast(drop_summary.rises as integer) as rises,
        -drop_summary.largest_change_down_vnd as largest_drop_vnd,
        drop_summary.first_drop_on,
        drop_summary.first_drop_on - listing_status.listed_on as days_to_first_drop,
        drop_summary.last_drop_on,
        listing_status.days_on_market
    from drop_summary
    inner join listing_status
        on listing_status.source = drop_summary.source
        and listing_status.listing_id = drop_summary.listing_id
    inner join latest_prices
        on latest_prices.source = drop_summary.source
        and latest_prices.listing_id = drop_summary.listing_id
    left join listings
        on listings.source = drop_summary.source
        and listings.listing_id = drop_summary.listing_id
    where drop_summary.drops > 0
)

select * from final;
