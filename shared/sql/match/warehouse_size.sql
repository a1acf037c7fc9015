-- Listings (and those showing a phone) and customer vehicles in core: the prior is the expected matches over all
-- their pairs.
-- Params: none
select
    (select count(*) from core.listings) as listings,
    (select count(*) from core.listings where seller_phone is not null) as listings_with_phone,
    (select count(*) from core.customer_vehicles) as vehicles
