-- marts.resale_value: one row per (make, model, age_years); key: all three.
-- Asking prices on the used market by make / model / age, and how much of the new price a car keeps.
--   listings          every listing with a price, make, model and manufacture year, last seen within 365 days of
--                     its site's latest scrape (marts.listing_status; removed ones too: they are the sold proxy);
--                     its latest asking price counts once
--   age_years         the year it was last seen minus its manufacture year (0 when the model year is ahead)
--   median / p25 / p75 asking price, median mileage (null when no listing states one)
--   new_price_vnd     the company's own sales: the median price paid (core.customer_vehicles.price_vnd) for that
--                     make / model, new_price_source 'company_sales_median', new_price_sales = how many sales;
--                     null (and retention null) when the company never sold that model: no catalog list price is used
--   retention         median asking price ÷ new price
--   is_small_group    fewer than 5 listings: shown, but a figure to read with care
-- Rebuilt whole: delete + insert. Read by the leads and prospects marts (market median by model and age).
-- Params: none

delete from marts.resale_value;

insert into marts.resale_value (
    make,
    model,
    age_years,
    listing_count,
    median_price_vnd,
    p25_price_vnd,
    p75_price_vnd,
    median_mileage_km,
    new_price_vnd,
    new_price_source,
    new_price_sales,
    retention,
    is_small_group
)
with

listing_status as (
    select source, listing_id, make, model, year, price_vnd, last_seen_on, days_since_seen
    from marts.listing_status
),

listings as (
    select source, listing_id, mileage_km
    from core.listings
),

customer_vehicles as (
    select make, model, price_vnd
    from core.customer_vehicles
),

market_listings as (
    select
        listing_status.make,
        listing_status.model,
        case
            when cast(extract(year from listing_status.last_seen_on) as integer) < listing_status.year then 0
            else cast(extract(year from listing_status.last_seen_on) as integer) - listing_status.year
        end as age_years,
        listing_status.price_vnd,
        listings.mileage_km
    from listing_status
    inner join listings
        on listings.source = listing_status.source
        and listings.listing_id = listing_status.listing_id
    where listing_status.make is not null
        and listing_status.model is not null
        and listing_status.year is not null
        and listing_status.price_vnd > 0
        and listing_status.days_since_seen <= 365
),

-- Redshift wants every sort-based aggregate of one SELECT to share its ORDER BY: prices here, mileage below.
price_percentiles as (
    select
        make,
        model,
        age_years,
        count(*) as listing_count,
        percentile_cont(0.5) within group (order by price_vnd) as median_price,
        percentile_cont(0.25) within group (order by price_vnd) as p25_price,
        percentile_cont(0.75) within group (order by price_vnd) as p75_price
    from market_listings
    group by make, model, age_years
),

mileage_medians as (
    select
        make,
        model,
        age_years,
        percentile_cont(0.5) within group (order by mileage_km) as median_mileage
    from market_listings
    group by make, model, age_years
),

new_prices as (
    select
        make,
        model,
        count(*) as sales,
        percentile_cont(0.5) within group (order by price_vnd) as median_paid
    from customer_vehicles
    where make is not null
        and model is not null
        and price_vnd > 0
    group by make, model
),

rounded as (
    select
        price_percentiles.make,
        price_percentiles.model,
        price_percentiles.age_years,
        cast(price_percentiles.listing_count as integer) as listing_count,
        cast(round(cast(price_percentiles.median_price as decimal(24, 2)), 0) as bigint) as median_price_vnd,
        cast(round(cast(price_percentiles.p25_price as decimal(24, 2)), 0) as bigint) as p25_price_vnd,
        cast(round(cast(price_percentiles.p75_price as decimal(24, 2)), 0) as bigint) as p75_price_vnd,
        cast(round(cast(mileage_medians.median_mileage as decimal(24, 2)), 0) as bigint) as median_mileage_km,
        cast(round(cast(new_prices.median_paid as decimal(24, 2)), 0) as bigint) as new_price_vnd,
        cast(coalesce(new_prices.sales, 0) as integer) as new_price_sales
    from price_percentiles
    inner join mileage_medians
        on mileage_medians.make = price_percentiles.make
        and mileage_medians.model = price_percentiles.model
        and mileage_medians.age_years = price_percentiles.age_years
    left join new_prices
        on new_prices.make = price_percentiles.make
        and new_prices.model = price_percentiles.model
),

final as (
    select
        make,
        model,
        age_years,
        listing_count,
        median_price_vnd,
        p25_price_vnd,
        p75_price_vnd,
        median_mileage_km,
        new_price_vnd,
        case when new_price_vnd is not null then 'company_sales_median' end as new_price_source,
        new_price_sales,
        cast(round(1.0 * median_price_vnd / new_price_vnd, 4) as decimal(9, 4)) as retention,
        case when listing_count < 5 then true else false end as is_small_group
    from rounded
)

select * from final;
