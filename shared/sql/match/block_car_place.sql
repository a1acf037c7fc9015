-- Blocking rule `car_place` (rank 4): the same model, purchase year within one of the manufacture year, the same
-- (new) province. It does not block on name or phone, so EM can estimate their m from its pairs; blocks over
-- :block_cap vehicles (a popular model in a big city) are counted in match.blocks and yield no candidates.
-- Params: :run_id, :block_cap
insert into match.blocks (run_id, blocking_rule, source, listing_id, block_size)
with scoped_listings as (
    select listings.source, listings.listing_id, listings.model, listings.year, listings.province
    from match.run_listings as scope
    inner join core.listings as listings
        on listings.source = scope.source and listings.listing_id = scope.listing_id
    where scope.run_id = :run_id
        and listings.model is not null
        and listings.year is not null
        and listings.province is not null
),

wanted_keys as (
    select distinct model, province from scoped_listings
),

key_blocks as (
    select vehicles.model, vehicles.province, vehicles.purchase_year, count(*) as block_size
    from core.customer_vehicles as vehicles
    inner join wanted_keys on wanted_keys.model = vehicles.model and wanted_keys.province = vehicles.province
    where vehicles.purchase_year is not null
    group by vehicles.model, vehicles.province, vehicles.purchase_year
)

select cast(:run_id as varchar(64)), 'car_place', scoped_listings.source, scoped_listings.listing_id, sum(key_blocks.block_size)
from scoped_listings
inner join key_blocks
    on key_blocks.model = scoped_listings.model
    and key_blocks.province = scoped_listings.province
    and key_blocks.purchase_year between scoped_listings.year - 1 and scoped_listings.year + 1
group by scoped_listings.source, scoped_listings.listing_id;

insert into match.candidates (run_id, rule_rank, source, listing_id, vehicle_key, first_rule)
with rule_pairs as (
    select blocks.source, blocks.listing_id, vehicles.vehicle_key
    from match.blocks as blocks
    inner join core.listings as listings
        on listings.source = blocks.source and listings.listing_id = blocks.listing_id
    inner join core.customer_vehicles as vehicles
        on vehicles.model = listings.model
        and vehicles.province = listings.province
        and vehicles.purchase_year between listings.year - 1 and listings.year + 1
    where blocks.run_id = :run_id and blocks.blocking_rule = 'car_place' and blocks.block_size <= :block_cap
)

select
    cast(:run_id as varchar(64)), 4, rule_pairs.source, rule_pairs.listing_id, rule_pairs.vehicle_key,
    case when earlier.vehicle_key is null then true else false end
from rule_pairs
-- first_rule: no lower-ranked rule of this run produced the pair (their rows are in already: rules run by rank).
left join match.candidates as earlier
    on earlier.run_id = :run_id
    and earlier.first_rule
    and earlier.source = rule_pairs.source
    and earlier.listing_id = rule_pairs.listing_id
    and earlier.vehicle_key = rule_pairs.vehicle_key
