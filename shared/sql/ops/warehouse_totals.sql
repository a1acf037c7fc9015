-- Grain: one row for the whole warehouse. Counts of core rows and of batches by outcome.
-- Params: none

with customer_vehicles as (
    select
        count(*) as customer_vehicles,
        count(distinct customer_key) as customers
    from core.customer_vehicles
),

listings as (
    select count(*) as listings
    from core.listings
),

batches as (
    select
        count(case when status = 'loaded' then 1 end) as batches_loaded,
        count(case when status = 'failed' then 1 end) as batches_failed
    from ops.batches
),

final as (
    select
        customer_vehicles.customer_vehicles,
        customer_vehicles.customers,
        listings.listings,
        batches.batches_loaded,
        batches.batches_failed
    from customer_vehicles
    cross join listings
    cross join batches
)

select * from final;
