-- Blocking rule `given_name_model` (rank 3): the same given name and the same model: finds sellers who show a
-- given name only ("Anh Hùng", "Hùng Ô Tô" parsed to its words). Blocks over :block_cap vehicles (Hùng + Vios in
-- a large customer base) are counted in match.blocks and yield no candidates. Block sizes come from
-- match.block_sizes (refresh_block_sizes.sql): counting them here read nearly every vehicle for a 10k-listing batch
-- (given name + model blocks hold thousands each). Stale sizes only move a block across the cap a little: the
-- candidates below are the vehicles as they are now.
-- Params: :run_id, :block_cap
insert into match.blocks (run_id, blocking_rule, source, listing_id, block_size)
with scoped_listings as (
    select listings.source, listings.listing_id, listings.seller_given_name_folded, listings.model
    from match.run_listings as scope
    inner join core.listings as listings
        on listings.source = scope.source and listings.listing_id = scope.listing_id
    where scope.run_id = :run_id and listings.seller_given_name_folded is not null and listings.model is not null
),

known_blocks as (
    select first_key as given_name_folded, second_key as model, vehicles
    from match.block_sizes
    where blocking_rule = 'given_name_model'
),

-- Keys the last refresh did not see (customers loaded since, whose own match run has not refreshed the sizes yet):
-- counted here, for those keys only.
unseen_keys as (
    select distinct scoped_listings.seller_given_name_folded, scoped_listings.model
    from scoped_listings
    left join known_blocks
        on known_blocks.given_name_folded = scoped_listings.seller_given_name_folded
        and known_blocks.model = scoped_listings.model
    where known_blocks.given_name_folded is null
),

key_blocks as (
    select given_name_folded, model, vehicles
    from known_blocks
    union all
    select vehicles.given_name_folded, vehicles.model, count(*)
    from core.customer_vehicles as vehicles
    inner join unseen_keys
        on unseen_keys.seller_given_name_folded = vehicles.given_name_folded and unseen_keys.model = vehicles.model
    group by vehicles.given_name_folded, vehicles.model
)

select
    cast(:run_id as varchar(64)), 'given_name_model', scoped_listings.source, scoped_listings.listing_id, key_blocks.vehicles
from scoped_listings
inner join key_blocks
    on key_blocks.given_name_folded = scoped_listings.seller_given_name_folded and key_blocks.model = scoped_listings.model;

insert into match.candidates (run_id, rule_rank, source, listing_id, vehicle_key, first_rule)
with rule_pairs as (
    select blocks.source, blocks.listing_id, vehicles.vehicle_key
    from match.blocks as blocks
    inner join core.listings as listings
        on listings.source = blocks.source and listings.listing_id = blocks.listing_id
    inner join core.customer_vehicles as vehicles
        on vehicles.given_name_folded = listings.seller_given_name_folded and vehicles.model = listings.model
    where blocks.run_id = :run_id and blocks.blocking_rule = 'given_name_model' and blocks.block_size <= :block_cap
)

select
    cast(:run_id as varchar(64)), 3, rule_pairs.source, rule_pairs.listing_id, rule_pairs.vehicle_key,
    case when earlier.vehicle_key is null then true else false end
from rule_pairs
-- first_rule: no lower-ranked rule of this run produced the pair (their rows are in already: rules run by rank).
left join match.candidates as earlier
    on earlier.run_id = :run_id
    and earlier.first_rule
    and earlier.source = rule_pairs.source
    and earlier.listing_id = rule_pairs.listing_id
    and earlier.vehicle_key = rule_pairs.vehicle_key
