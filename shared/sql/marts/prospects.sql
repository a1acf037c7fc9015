-- marts.prospects: one row per (source, listing_id); key: (source, listing_id).
-- Private sellers the company does not know yet: listings still on the market (marts.listing_status not
-- 'removed'), seller_type 'private', with no current match to any customer in marts.listing_matches (neither
-- band: a 'review' match is someone the team may already know), of a make the company sells (a make in
-- core.customer_vehicles). Same market comparison as marts.leads: the asking price against marts.resale_value's
-- median for the listing's make / model / age (price_vs_market_pct < 0 = cheaper than the market).
-- Reads marts.resale_value (refresh it first). Rebuilt whole: delete + insert.
-- Params: none

delete from marts.prospects;

insert into marts.prospects (
    source,
    listing_id,
    url,
    title,
    seller_name,
    seller_phone,
    make,
    model,
    variant,
    year,
    mileage_km,
    province,
    district,
    price_vnd,
    listed_on,
    days_listed,
    price_drops,
    status,
    age_years,
    market_median_price_vnd,
    market_listing_count,
    price_vs_market_pct
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
        price_vnd,
        status,
        listed_on,
        last_seen_on,
        days_on_market,
        price_drops
    from marts.listing_status
    where status <> 'removed'
        and seller_type = 'private'
),

listings as (
    select source, listing_id, url, title, seller_name, seller_phone, variant, mileage_km, district
    from core.listings
),

listing_matches as (
    select source, listing_id
    from marts.listing_matches
    where valid_to is null
),

company_makes as (
    select distinct make
    from core.customer_vehicles
    where make is not null
),

resale_value as (
    select make, model, age_years, median_price_vnd, listing_count
    from marts.resale_value
),

unmatched as (
    select listing_status.*
    from listing_status
    inner join company_makes
        on company_makes.make = listing_status.make
    where not exists (
        select 1
        from listing_matches
        where listing_matches.source = listing_status.source
            and listing_matches.listing_id = listing_status.listing_id
    )
),

aged as (
    select
        unmatched.*,
        case
            when unmatched.year is null then null
            when cast(extract(year from unmatched.last_seen_on) as integer) < unmatched.year then 0
            else cast(extract(year from unmatched.last_seen_on) as integer) - unmatched.year
        end as age_years
    from unmatched
),

final as (
    select
        aged.source,
        aged.listing_id,
        listings.url,
        listings.title,
        listings.seller_name,
        listings.seller_phone,
        aged.make,
        aged.model,
        listings.variant,
        aged.year,
        listings.mileage_km,
        aged.province,
        listings.district,
        aged.price_vnd,
        aged.listed_on,
        aged.days_on_market as days_listed,
        aged.price_drops,
        aged.status,
        aged.age_years,
        resale_value.median_price_vnd as market_median_price_vnd,
        resale_value.listing_count as market_listing_count,
        cast(
            round(100.0 * (aged.price_vnd - resale_value.median_price_vnd) / resale_value.median_price_vnd, 1)
            as decimal(9, 1)
        ) as price_vs_market_pct
    from aged
    inner join listings
        on listings.source = aged.source
        and listings.listing_id = aged.listing_id
    left join resale_value
        on resale_value.make = aged.make
        and resale_value.model = aged.model
        and resale_value.age_years = aged.age_years
)

select * from final;
