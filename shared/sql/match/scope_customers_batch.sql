-- Scope of a loaded customers batch: the active listings (seen since :active_since) that any blocking rule pairs
-- with a vehicle of the batch (the rules that generate predictions), plus the listings currently matched to one of
-- the batch's vehicles. Those listings are then matched against ALL customers, so "one customer per listing" still
-- picks the best one. Each rule is its own equi-join (an OR join would be a nested loop).
-- Params: :run_id, :batch_id, :active_since
insert into match.run_listings (run_id, source, listing_id)
with batch_vehicles as (
    select vehicle_key, phone, phone_alt, name_key, given_name_folded, make, model, purchase_year, province
    from core.customer_vehicles
    where batch_id = :batch_id
),

active_listings as (
    select source, listing_id, seller_phone, seller_name_key, seller_given_name_folded, make, model, year, province
    from core.listings
    where last_seen_at >= :active_since
),

paired as (
    select active_listings.source, active_listings.listing_id
    from active_listings
    inner join batch_vehicles on batch_vehicles.phone = active_listings.seller_phone
    union
    select active_listings.source, active_listings.listing_id
    from active_listings
    inner join batch_vehicles on batch_vehicles.phone_alt = active_listings.seller_phone
    union
    select active_listings.source, active_listings.listing_id
    from active_listings
    inner join batch_vehicles
        on batch_vehicles.name_key = active_listings.seller_name_key
        and batch_vehicles.make = active_listings.make
    union
    select active_listings.source, active_listings.listing_id
    from active_listings
    inner join batch_vehicles
        on batch_vehicles.given_name_folded = active_listings.seller_given_name_folded
        and batch_vehicles.model = active_listings.model
    union
    select current_matches.source, current_matches.listing_id
    from marts.listing_matches as current_matches
    inner join batch_vehicles on batch_vehicles.vehicle_key = current_matches.vehicle_key
    where current_matches.valid_to is null
)

select cast(:run_id as varchar(64)), paired.source, paired.listing_id
from paired
