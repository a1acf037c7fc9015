-- Chart "listings by province": one row per province (the post-2025 name), the provinces with most listings.
-- Params: :top_provinces (how many provinces)
with listings as (
    select * from core.listings
),

per_province as (
    select coalesce(province, '(unknown)') as province, count(*) as listings
    from listings
    group by coalesce(province, '(unknown)')
),

ranked as (
    select province, listings, row_number() over (order by listings desc, province) as province_rank
    from per_province
)

select province, listings from ranked
where province_rank <= :top_provinces
order by listings desc, province;
