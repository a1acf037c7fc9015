-- Workbook sheet "Price drops": one page of marts.price_drops (one row per listing whose price fell at least
-- once), ordered by source and listing id.
-- Params: :after_key (row_key of the previous page's last row; '' for the first page)
with drops as (
    select * from marts.price_drops
),

keyed as (
    select
        source || '|' || listing_id as row_key,
        make,
        model,
        year,
        title,
        url,
        source,
        listing_id,
        province,
        seller_type,
        status,
        listed_on,
        first_price_vnd,
        price_vnd,
        drop_vnd,
        drop_pct / 100.0 as drop_share,
        drops,
        rises,
        first_drop_on,
        days_to_first_drop,
        last_drop_on,
        days_on_market
    from drops
)

select * from keyed
where row_key > :after_key
order by row_key
limit 5000;
