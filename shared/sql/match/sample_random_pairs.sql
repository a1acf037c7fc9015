-- Random pairs for u (rank 9, training only): :listing_sample listings × :vehicle_sample vehicles, each chosen by
-- a hash of its key and :seed, so the same data and seed give the same sample on Redshift and PostgreSQL.
-- Params: :run_id, :seed, :listing_sample, :vehicle_sample
insert into match.candidates (run_id, rule_rank, source, listing_id, vehicle_key, first_rule)
with sampled_listings as (
    select source, listing_id
    from core.listings
    order by md5(source || ':' || listing_id || ':' || :seed), source, listing_id
    limit :listing_sample
),

sampled_vehicles as (
    select vehicle_key
    from core.customer_vehicles
    order by md5(vehicle_key || ':' || :seed), vehicle_key
    limit :vehicle_sample
),

random_pairs as (
    select sampled_listings.source, sampled_listings.listing_id, sampled_vehicles.vehicle_key
    from sampled_listings
    cross join sampled_vehicles
)

select
    cast(:run_id as varchar(64)), 9, random_pairs.source, random_pairs.listing_id, random_pairs.vehicle_key,
    case when earlier.vehicle_key is null then true else false end
from random_pairs
-- first_rule: no blocking rule of this run produced the pair.
left join match.candidates as earlier
    on earlier.run_id = :run_id
    and earlier.first_rule
    and earlier.source = random_pairs.source
    and earlier.listing_id = random_pairs.listing_id
    and earlier.vehicle_key = random_pairs.vehicle_key
