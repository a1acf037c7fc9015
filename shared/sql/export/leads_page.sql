-- Workbook sheet "Leads": one page of marts.leads (one row per listing whose seller is matched to a customer in
-- the lead band), best match first. Keyset pagination on row_key (probability rank, source, listing id), so each
-- page is one short query and memory does not grow with the sheet.
-- Params: :after_key (row_key of the previous page's last row; '' for the first page)
with leads as (
    select * from marts.leads
),

keyed as (
    select
        lpad(cast(1000 - cast(round(coalesce(match_probability, 0) * 1000) as integer) as varchar), 4, '0')
            || '|' || source || '|' || listing_id as row_key,
        match_probability,
        suggested_action,
        action_reason,
        full_name,
        phone,
        email,
        customer_id,
        bought_make,
        bought_model,
        bought_variant,
        bought_year,
        bought_price_vnd,
        last_service_at,
        service_visits,
        title,
        url,
        source,
        listing_id,
        make,
        model,
        year,
        mileage_km,
        province,
        price_vnd,
        market_median_price_vnd,
        market_listing_count,
        price_vs_market_pct / 100.0 as price_vs_market,
        listed_on,
        days_listed,
        price_drops,
        why
    from leads
)

select * from keyed
where row_key > :after_key
order by row_key
limit 5000;
