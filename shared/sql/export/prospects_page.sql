-- Workbook sheet "Prospects": one page of marts.prospects (one row per listing from a private seller matched to
-- no customer, of a make the company sells), ordered by make, model, source, listing id.
-- Params: :after_key (row_key of the previous page's last row; '' for the first page)
with prospects as (
    select * from marts.prospects
),

keyed as (
    select
        coalesce(make, '') || '|' || coalesce(model, '') || '|' || source || '|' || listing_id as row_key,
        make,
        model,
        variant,
        year,
        mileage_km,
        price_vnd,
        market_median_price_vnd,
        market_listing_count,
        price_vs_market_pct / 100.0 as price_vs_market,
        seller_name,
        seller_phone,
        province,
        district,
        title,
        url,
        source,
        listing_id,
        status,
        listed_on,
        days_listed,
        price_drops
    from prospects
)

select * from keyed
where row_key > :after_key
order by row_key
limit 5000;
