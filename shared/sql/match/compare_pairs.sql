-- match.pairs: one row per distinct candidate pair of a run (listing × customer vehicle), named after the first
-- blocking rule that produced it, with one level per comparison (Splink's gamma; -1 = a side is missing, then
-- strongest agreement first, 0 = else). The level meanings are shared/steps/match/comparisons.ts.
-- Params: :run_id
insert into match.pairs (
    run_id, source, listing_id, vehicle_key, customer_key, blocking_rule, given_name_folded, seller_name_key,
    phone_level, name_level, model_level, year_level, province_level, seller_type_level
)
with distinct_pairs as (
    select source, listing_id, vehicle_key, rule_rank
    from match.candidates
    where run_id = :run_id and first_rule
),

compared as (
    select
        distinct_pairs.source,
        distinct_pairs.listing_id,
        vehicles.vehicle_key,
        vehicles.customer_key,
        case distinct_pairs.rule_rank
            when 1 then 'phone'
            when 2 then 'name_key_make'
            when 3 then 'given_name_model'
            when 4 then 'car_place'
            else 'random'
        end as blocking_rule,
        listings.seller_given_name_folded as given_name_folded,
        listings.seller_name_key,
        case
            when listings.seller_phone is null or (vehicles.phone is null and vehicles.phone_alt is null) then -1
            when listings.seller_phone = vehicles.phone then 2
            when listings.seller_phone = vehicles.phone_alt then 1
            else 0
        end as phone_level,
        case
            when listings.seller_given_name_folded is null or vehicles.given_name_folded is null then -1
            when listings.seller_name_key = vehicles.name_key then 4
            when listings.seller_given_name_folded = vehicles.given_name_folded
                and listings.seller_family_name_folded = vehicles.family_name_folded then 3
            when listings.seller_given_name_folded = vehicles.given_name_folded then 2
            when position(' ' || vehicles.given_name_folded || ' ' in ' ' || listings.seller_name_key || ' ') > 0 then 1
            else 0
        end as name_level,
        case
            when listings.model is null or vehicles.model is null then -1
            when listings.model = vehicles.model then 2
            when listings.make = vehicles.make then 1
            else 0
        end as model_level,
        case
            when listings.year is null or vehicles.purchase_year is null then -1
            when listings.year = vehicles.purchase_year then 3
            when abs(listings.year - vehicles.purchase_year) = 1 then 2
            when abs(listings.year - vehicles.purchase_year) <= 3 then 1
            else 0
        end as year_level,
        case
            when listings.province is null or vehicles.province is null then -1
            when listings.province = vehicles.province then 1
            else 0
        end as province_level,
        case
            when listings.seller_type is null then -1
            when listings.seller_type = 'dealer' then 0
            else 1
        end as seller_type_level
    from distinct_pairs
    inner join core.listings as listings
        on listings.source = distinct_pairs.source and listings.listing_id = distinct_pairs.listing_id
    inner join core.customer_vehicles as vehicles on vehicles.vehicle_key = distinct_pairs.vehicle_key
)

select
    cast(:run_id as varchar(64)), source, listing_id, vehicle_key, customer_key, blocking_rule, given_name_folded,
    seller_name_key, phone_level, name_level, model_level, year_level, province_level, seller_type_level
from compared
