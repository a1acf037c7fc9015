-- Workbook sheet "Review": one page of the current lower-band matches (one row per listing × customer in the
-- review band of marts.listing_matches) for a person to confirm or reject, best match first. Keyset pagination
-- on row_key, as in leads_page.
-- Params: :after_key (row_key of the previous page's last row; '' for the first page)
with matches as (
    select * from marts.listing_matches
    where band = 'review' and valid_to is null
),

vehicles as (
    select * from core.customer_vehicles
),

listings as (
    select * from core.listings
),

keyed as (
    select
        lpad(cast(1000 - cast(round(coalesce(m.match_probability, 0) * 1000) as integer) as varchar), 4, '0')
            || '|' || m.source || '|' || m.listing_id || '|' || m.customer_key as row_key,
        m.match_probability,
        m.why,
        v.full_name,
        coalesce(v.phone, m.phone) as phone,
        m.customer_id,
        v.make as bought_make,
        v.model as bought_model,
        v.purchase_year as bought_year,
        l.title,
        l.url,
        l.source,
        l.listing_id,
        l.seller_name,
        l.seller_phone,
        l.make,
        l.model,
        l.year,
        l.price_vnd,
        l.province,
        l.first_seen_at
    from matches as m
    inner join listings as l on l.source = m.source and l.listing_id = m.listing_id
    left join vehicles as v on v.vehicle_key = m.vehicle_key
)

select * from keyed
where row_key > :after_key
order by row_key
limit 5000;
