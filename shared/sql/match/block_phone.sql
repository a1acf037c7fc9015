-- Blocking rule `phone` (rank 1): the seller's phone is the customer's phone or their other (secondary, pre-2018
-- converted) phone. match.blocks gets one row per scoped listing whose number some vehicle carries, with how
-- many vehicles carry it; a number on more than :block_cap vehicles (a dealer's or salesperson's number typed
-- everywhere) is capped: counted there, but it yields no candidates.
-- Params: :run_id, :block_cap
insert into match.blocks (run_id, blocking_rule, source, listing_id, block_size)
with scoped_listings as (
    select listings.source, listings.listing_id, listings.seller_phone
    from match.run_listings as scope
    inner join core.listings as listings
        on listings.source = scope.source and listings.listing_id = scope.listing_id
    where scope.run_id = :run_id and listings.seller_phone is not null
),

wanted_numbers as (
    select distinct seller_phone from scoped_listings
),

vehicle_numbers as (
    select vehicles.phone as phone_number
    from core.customer_vehicles as vehicles
    inner join wanted_numbers on wanted_numbers.seller_phone = vehicles.phone
    union all
    select vehicles.phone_alt as phone_number
    from core.customer_vehicles as vehicles
    inner join wanted_numbers on wanted_numbers.seller_phone = vehicles.phone_alt
),

number_blocks as (
    select phone_number, count(*) as block_size
    from vehicle_numbers
    group by phone_number
)

select cast(:run_id as varchar(64)), 'phone', scoped_listings.source, scoped_listings.listing_id, number_blocks.block_size
from scoped_listings
inner join number_blocks on number_blocks.phone_number = scoped_listings.seller_phone;

-- The first rule: every pair is its first_rule row. A vehicle whose two numbers are the same one pairs once.
insert into match.candidates (run_id, rule_rank, source, listing_id, vehicle_key, first_rule)
with open_blocks as (
    select blocks.source, blocks.listing_id, listings.seller_phone
    from match.blocks as blocks
    inner join core.listings as listings
        on listings.source = blocks.source and listings.listing_id = blocks.listing_id
    where blocks.run_id = :run_id and blocks.blocking_rule = 'phone' and blocks.block_size <= :block_cap
)

select cast(:run_id as varchar(64)), 1, open_blocks.source, open_blocks.listing_id, vehicles.vehicle_key, true
from open_blocks
inner join core.customer_vehicles as vehicles on vehicles.phone = open_blocks.seller_phone
union all
select cast(:run_id as varchar(64)), 1, open_blocks.source, open_blocks.listing_id, vehicles.vehicle_key, true
from open_blocks
inner join core.customer_vehicles as vehicles
    on vehicles.phone_alt = open_blocks.seller_phone
    and (vehicles.phone is null or vehicles.phone <> open_blocks.seller_phone)
