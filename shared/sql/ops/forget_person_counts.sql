-- What ops/forget_person would remove for :customer_key, table by table (run before, to check the key, and after,
-- to show zeros). Read-only.
-- Params: :customer_key
select
    (select count(*) from core.customer_vehicles where customer_key = :customer_key) as customer_vehicles,
    (select count(*) from core.customer_vehicle_history where customer_key = :customer_key) as customer_vehicle_history,
    (
        select count(*) from ops.identity_conflicts
        where vehicle_key in (
            select vehicle_key from core.customer_vehicles where customer_key = :customer_key
            union
            select vehicle_key from core.customer_vehicle_history where customer_key = :customer_key
        )
    ) as identity_conflicts,
    (select count(*) from staging.stg_customer_vehicles where customer_key = :customer_key) as staged_customer_vehicles,
    (select count(*) from marts.leads where customer_key = :customer_key) as leads,
    (select count(*) from marts.listing_matches where customer_key = :customer_key) as listing_matches,
    (
        (select count(*) from match.decisions where customer_key = :customer_key)
        + (select count(*) from match.scores where customer_key = :customer_key)
        + (select count(*) from match.pairs where customer_key = :customer_key)
    ) as match_work_rows
