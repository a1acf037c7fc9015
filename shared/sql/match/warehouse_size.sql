-- Listings and customer vehicles in core (the prior is the expected matches over all their pairs). Params: none
select
    (select count(*) from core.listings) as listings,
    (select count(*) from core.customer_vehicles) as vehicles
