-- marts.leads: one row per (source, listing_id); key: (source, listing_id).
-- Customers selling now: listings still on the market (marts.listing_status not 'removed') whose seller the
-- matching engine linked to a customer vehicle in the 'lead' band (current rows of marts.listing_matches:
-- valid_to null; should a listing have two, the most probable, then the lowest customer_key, is kept).
-- Columns: the customer and contact (core.customer_vehicles of the matched vehicle; phone falls back to the
-- match's), the car bought from us (model, year of purchase, price, last service), the listing (link, asking price,
-- days listed, price drops), the asking price against marts.resale_value's median for the listing's make / model /
-- age (price_vs_market_pct < 0 = cheaper than the market), the match probability, weight and why.
-- suggested_action, the first rule that holds:
--   1. 'trade-in offer'   the price dropped while listed, or the asking price is at or below the market median:
--                         a motivated seller, buy or trade the car in now
--   2. 'new-model pitch'  the car is 6 or more years old (listing's model year, else the purchase year): pitch
--                         its successor
--   3. 'service reminder' no service with us in the 365 days before the listing was last seen (or never):
--                         invite a pre-sale check, which brings the customer back to the dealership
--   4. 'trade-in offer'   otherwise: they are selling, offer a trade-in before a competitor does
-- Reads marts.resale_value (refresh it first). Rebuilt whole: delete + insert.
-- Params: none

delete from marts.leads;

insert into marts.leads (
    source,
    listing_id,
    customer_key,
    customer_id,
    full_name,
    phone,
    email,
    vehicle_key,
    bought_make,
    bought_model,
    bought_variant,
    bought_year,
    bought_price_vnd,
    last_service_at,
    service_visits,
    url,
    title,
    make,
    model,
    year,
    mileage_km,
    province,
    price_vnd,
    listed_on,
    days_listed,
    price_drops,
    age_years,
    market_median_price_vnd,
    market_listing_count,
    price_vs_market_pct,
    match_probability,
    match_weight,
    why,
    suggested_action,
    action_reason
)
with

listing_matches as (
    select
        source,
        listing_id,
        customer_key,
        customer_id,
        vehicle_key,
        phone,
        match_weight,
        match_probability,
        why
    from marts.listing_matches
    where band = 'lead'
        and valid_to is null
),

customer_vehicles as (
    select
        vehicle_key,
        customer_id,
        full_name,
        phone,
        email,
        make,
        model,
        variant,
        purchase_year,
        price_vnd,
        last_service_at,
        service_visits
    from core.customer_vehicles
),

listings as (
    select source, listing_id, url, title, mileage_km
    from core.listings
),

listing_status as (
    select
        source,
        listing_id,
        make,
        model,
        year,
        province,
        price_vnd,
        listed_on,
        last_seen_on,
        days_on_market,
        price_drops
    from marts.listing_status
    where status <> 'removed'
),

resale_value as (
    select make, model, age_years, median_price_vnd, listing_count
    from marts.resale_value
),

best_match as (
    select *
    from (
        select
            listing_matches.*,
            row_number() over (
                partition by source, listing_id
                order by match_probability desc, customer_key
            ) as match_rank
        from listing_matches
    ) as ranked
    where match_rank = 1
),

joined as (
    select
        best_match.source,
        best_match.listing_id,
        best_match.customer_key,
        coalesce(customer_vehicles.customer_id, best_match.customer_id) as customer_id,
        customer_vehicles.full_name,
        coalesce(customer_vehicles.phone, best_match.phone) as phone,
        customer_vehicles.email,
        best_match.vehicle_key,
        customer_vehicles.make as bought_make,
        customer_vehicles.model as bought_model,
        customer_vehicles.variant as bought_variant,
        customer_vehicles.purchase_year as bought_year,
        customer_vehicles.price_vnd as bought_price_vnd,
        customer_vehicles.last_service_at,
        customer_vehicles.service_visits,
        listings.url,
        listings.title,
        listing_status.make,
        listing_status.model,
        listing_status.year,
        listings.mileage_km,
        listing_status.province,
        listing_status.price_vnd,
        listing_status.listed_on,
        listing_status.days_on_market as days_listed,
        listing_status.price_drops,
        listing_status.last_seen_on,
        case
            when coalesce(listing_status.year, customer_vehicles.purchase_year) is null then null
            when cast(extract(year from listing_status.last_seen_on) as integer)
                < coalesce(listing_status.year, customer_vehicles.purchase_year) then 0
            else cast(extract(year from listing_status.last_seen_on) as integer)
                - coalesce(listing_status.year, customer_vehicles.purchase_year)
        end as age_years,
        best_match.match_probability,
        best_match.match_weight,
        best_match.why
    from best_match
    inner join listing_status
        on listing_status.source = best_match.source
        and listing_status.listing_id = best_match.listing_id
    left join listings
        on listings.source = best_match.source
        and listings.listing_id = best_match.listing_id
    left join customer_vehicles
        on customer_vehicles.vehicle_key = best_match.vehicle_key
),

compared as (
    select
        joined.*,
        resale_value.median_price_vnd as market_median_price_vnd,
        resale_value.listing_count as market_listing_count,
        cast(
            round(100.0 * (joined.price_vnd - resale_value.median_price_vnd) / resale_value.median_price_vnd, 1)
            as decimal(9, 1)
        ) as price_vs_market_pct
    from joined
    left join resale_value
        on resale_value.make = joined.make
        and resale_value.model = joined.model
        and resale_value.age_years = joined.age_years
),

actions as (
    select
        compared.*,
        case
            when price_drops > 0 then 'trade-in offer'
            when price_vnd <= market_median_price_vnd then 'trade-in offer'
            when age_years >= 6 then 'new-model pitch'
            when last_service_at is null or last_seen_on - cast(last_service_at as date) > 365 then 'service reminder'
            else 'trade-in offer'
        end as suggested_action,
        case
            when price_drops > 0 then 'price dropped while listed'
            when price_vnd <= market_median_price_vnd then 'asking at or below the market median'
            when age_years >= 6 then 'car 6 or more years old'
            when last_service_at is null or last_seen_on - cast(last_service_at as date) > 365
                then 'no service with us in the last 12 months'
            else 'selling now'
        end as action_reason
    from compared
),

final as (
    select
        source,
        listing_id,
        customer_key,
        customer_id,
        full_name,
        phone,
        email,
        vehicle_key,
        bought_make,
        bought_model,
        bought_variant,
        bought_year,
        bought_price_vnd,
        last_service_at,
        service_visits,
        url,
        title,
        make,
        model,
        year,
        mileage_km,
        province,
        price_vnd,
        listed_on,
        days_listed,
        price_drops,
        age_years,
        market_median_price_vnd,
        market_listing_count,
        price_vs_market_pct,
        match_probability,
        match_weight,
        why,
        suggested_action,
        action_reason
    from actions
)

select * from final;
