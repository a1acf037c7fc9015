-- Data quality: one row per listing site (source): when it was last scraped and how many listings it has.
-- Params: none
with listings as (
    select * from core.listings
),

per_site as (
    select
        source,
        max(last_seen_at) as last_scraped_at,
        count(*) as listings
    from listings
    group by source
)

select * from per_site
order by source;
