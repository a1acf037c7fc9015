-- marts.market_preference: one row per (month_start, make, model, province); key: all four.
-- What sells fast and what sits, by make / model, per Vietnam calendar month, per (new, 34-province) province and
-- for the whole country (province = 'Toàn quốc'). Months: those with any sighting in core.listing_prices.
--   active_listings                 listings on the market at some point in the month (listed_on .. removed_on,
--                                   or .. the site's latest scrape while not removed)
--   new_listings                    listings whose listed_on falls in the month
--   new_listings_per_week           new_listings ÷ weeks of the month observed (up to the latest sighting)
--   market_share                    active_listings ÷ all makes' active listings in the same month and province
--   removed_listings                listings removed (a sold proxy) in the month; median_days_on_market_removed
--                                   is their median days on market (null when none)
--   listings_with_price_drop        active listings whose price had dropped by the month's end; price_drop_share
--                                   = that ÷ active_listings
-- Listings without make or model are left out; a listing without province counts under 'Không rõ' (unknown).
-- Reads marts.listing_status and core.listing_prices (rebuild those first). Rebuilt whole: delete + insert.
-- Params: none

delete from marts.market_preference;

insert into marts.market_preference (
    month_start,
    make,
    model,
    province,
    active_listings,
    new_listings,
    new_listings_per_week,
    market_share,
    removed_listings,
    median_days_on_market_removed,
    listings_with_price_drop,
    price_drop_share
)
with

listing_status as (
    select
        source,
        listing_id,
        make,
        model,
        province,
        status,
        listed_on,
        removed_on,
        site_last_scraped_on,
        days_on_market,
        first_drop_on
    from marts.listing_status
    where make is not null
        and model is not null
),

listing_prices as (
    select observed_on
    from core.listing_prices
),

months as (
    select
        month_start,
        cast(month_start + interval '1 month' as date) - 1 as month_end
    from (
        select distinct cast(date_trunc('month', observed_on) as date) as month_start
        from listing_prices
    ) as sighting_months
),

latest_sighting as (
    select max(observed_on) as latest_observed_on
    from listing_prices
),

listing_months as (
    select
        months.month_start,
        months.month_end,
        listing_status.make,
        listing_status.model,
        coalesce(listing_status.province, 'Không rõ') as province,
        case when listing_status.listed_on >= months.month_start then 1 else 0 end as is_new,
        case
            when listing_status.status = 'removed' and listing_status.removed_on <= months.month_end then 1
            else 0
        end as is_removed,
        case
            when listing_status.status = 'removed' and listing_status.removed_on <= months.month_end
                then listing_status.days_on_market
        end as removed_days_on_market,
        case when listing_status.first_drop_on <= months.month_end then 1 else 0 end as has_price_drop
    from listing_status
    inner join months
        on listing_status.listed_on <= months.month_end
        and coalesce(listing_status.removed_on, listing_status.site_last_scraped_on) >= months.month_start
),

by_province as (
    select
        month_start,
        make,
        model,
        province,
        count(*) as active_listings,
        sum(is_new) as new_listings,
        sum(is_removed) as removed_listings,
        percentile_cont(0.5) within group (order by removed_days_on_market) as median_days_on_market_removed,
        sum(has_price_drop) as listings_with_price_drop
    from listing_months
    group by month_start, make, model, province
),

nationwide as (
    select
        month_start,
        make,
        model,
        'Toàn quốc' as province,
        count(*) as active_listings,
        sum(is_new) as new_listings,
        sum(is_removed) as removed_listings,
        percentile_cont(0.5) within group (order by removed_days_on_market) as median_days_on_market_removed,
        sum(has_price_drop) as listings_with_price_drop
    from listing_months
    group by month_start, make, model
),

both_scopes as (
    select * from by_province
    union all
    select * from nationwide
),

final as (
    select
        both_scopes.month_start,
        both_scopes.make,
        both_scopes.model,
        both_scopes.province,
        cast(both_scopes.active_listings as integer) as active_listings,
        cast(both_scopes.new_listings as integer) as new_listings,
        cast(
            round(
                7.0 * both_scopes.new_listings
                / (least(months.month_end, latest_sighting.latest_observed_on) - both_scopes.month_start + 1),
                2
            ) as decimal(12, 2)
        ) as new_listings_per_week,
        cast(
            round(
                1.0 * both_scopes.active_listings
                / sum(both_scopes.active_listings) over (partition by both_scopes.month_start, both_scopes.province),
                4
            ) as decimal(9, 4)
        ) as market_share,
        cast(both_scopes.removed_listings as integer) as removed_listings,
        -- a median of whole days is exact at one decimal (x or x.5)
        cast(both_scopes.median_days_on_market_removed as decimal(9, 1)) as median_days_on_market_removed,
        cast(both_scopes.listings_with_price_drop as integer) as listings_with_price_drop,
        cast(round(1.0 * both_scopes.listings_with_price_drop / both_scopes.active_listings, 4) as decimal(9, 4)) as price_drop_share
    from both_scopes
    inner join months
        on months.month_start = both_scopes.month_start
    cross join latest_sighting
)

select * from final;
