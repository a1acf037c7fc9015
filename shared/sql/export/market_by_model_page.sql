-- Workbook sheet "Market by model": one page of marts.market_preference at its whole-country rows (province
-- 'Toàn quốc'): one row per make, model and month, ordered by make, model, month.
-- Params: :after_key (row_key of the previous page's last row; '' for the first page)
with preference as (
    select * from marts.market_preference
    where province = 'Toàn quốc'
),

keyed as (
    select
        make || '|' || model || '|' || cast(month_start as varchar) as row_key,
        make,
        model,
        month_start,
        active_listings,
        new_listings,
        new_listings_per_week,
        market_share,
        removed_listings,
        median_days_on_market_removed,
        listings_with_price_drop,
        price_drop_share
    from preference
)

select * from keyed
where row_key > :after_key
order by row_key
limit 5000;
