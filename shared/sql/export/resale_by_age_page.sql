-- Workbook sheet "Resale by age": one page of marts.resale_value (one row per make, model and age in years),
-- ordered by make, model, age.
-- Params: :after_key (row_key of the previous page's last row; '' for the first page)
with resale as (
    select * from marts.resale_value
),

keyed as (
    select
        make || '|' || model || '|' || lpad(cast(age_years as varchar), 3, '0') as row_key,
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
    from resale
)

select * from keyed
where row_key > :after_key
order by row_key
limit 5000;
