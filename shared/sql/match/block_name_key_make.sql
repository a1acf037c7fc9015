-- Blocking rule `name_key_make` (rank 2): the same name in any word order (`Nguyễn Văn Hùng` = `Hung Van Nguyen`,
-- Huỳnh = Hoàng) and the same make. The rule for sites without phones (chotot). Blocks over :block_cap vehicles
-- (a very common full name on a common make) are counted in match.blocks and yield no candidates.
-- Params: :run_id, :block_cap
insert into match.blocks (run_id, blocking_rule, source, listing_id, block_size)
with scoped_listings as (
    select listings.source, listings.listing_id, listings.seller_name_key, listings.make
    from match.run_listings as scope
    inner join core.listings as listings
        on listings.source = scope.source and listings.listing_id = scope.listing_id
    where scope.run_id = :run_id and listings.seller_name_key is not null and listings.make is not null
),

wanted_keys as (
    select distinct seller_name_key, make from scoped_listings
),

key_blocks as (
    select vehicles.name_key, vehicles.make, count(*) as block_size
    from core.customer_vehicles as vehicles
    inner join wanted_keys
        on wanted_keys.seller_name_key = vehicles.name_key and wanted_keys.make = vehicles.make
    group by vehicles.name_key, vehicles.make
)

select cast(:run_id as varchar(64)), 'name_key_make', scoped_listings.source, scoped_listings.listing_id, key_blocks.block_size
from scoped_listings
inner join key_blocks
    on key_blocks.name_key = scoped_listings.seller_name_key and key_blocks.make = scoped_listings.make;

insert into match.candidates (run_id, rule_rank, source, listing_id, vehicle_key, first_rule)
with rule_pairs as (
    select blocks.source, blocks.listing_id, vehicles.vehicle_key
    from match.blocks as blocks
    inner join core.listings as listings
        on listings.source = blocks.source and listings.listing_id = blocks.listing_id
    inner join core.customer_vehicles as vehicles
        on vehicles.name_key = listings.seller_name_key and vehicles.make = listings.make
    where blocks.run_id = :run_id and blocks.blocking_rule = 'name_key_make' and blocks.block_size <= :block_cap
)

select
    cast(:run_id as varchar(64)), 2, rule_pairs.source, rule_pairs.listing_id, rule_pairs.vehicle_key,
    case when earlier.vehicle_key is null then true else false end
from rule_pairs
-- first_rule: no lower-ranked rule of this run produced the pair (their rows are in already: rules run by rank).
left join match.candidates as earlier
    on earlier.run_id = :run_id
    and earlier.first_rule
    and earlier.source = rule_pairs.source
    and earlier.listing_id = rule_pairs.listing_id
    and earlier.vehicle_key = rule_pairs.vehicle_key
