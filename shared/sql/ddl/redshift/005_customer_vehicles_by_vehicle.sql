-- core.customer_vehicles: one row per vehicle; key: vehicle_key. Earlier runs created it keyed by
-- (customer_key, vehicle_key), so a vehicle seen under a customer id and under a phone key has two rows there.
-- Each vehicle's rows are merged into one (the row with a customer id, else the latest; its empty vehicle facts
-- filled in from the others, its empty person details only from rows with the same full name, so no one gets
-- another person's phone; last_service_at and service_visits the largest). Once every vehicle has one row, both
-- statements change nothing, so the DDL stays idempotent.
-- A table from an earlier run keeps its old DISTKEY (customer_key), SORTKEY and declared primary key: the old key
-- stays true (vehicle_key alone is unique now), so the planner is not misled, but the merge's join on vehicle_key
-- redistributes rows. Redshift has no conditional DDL, so moving such a table to the new layout is a one-time
-- step to run by hand (not in a transaction with loads), with the old key's name from
-- information_schema.table_constraints:
--   alter table core.customer_vehicles alter distkey vehicle_key, alter sortkey (vehicle_key);
--   alter table core.customer_vehicles drop constraint <old primary key>;
--   alter table core.customer_vehicles add primary key (vehicle_key);
--   alter table staging.stg_customer_vehicles alter distkey vehicle_key;
-- Params: none

update core.customer_vehicles
set
    full_name = coalesce(core.customer_vehicles.full_name, person.full_name),
    name_folded = coalesce(core.customer_vehicles.name_folded, person.name_folded),
    family_name_folded = coalesce(core.customer_vehicles.family_name_folded, person.family_name_folded),
    given_name_folded = coalesce(core.customer_vehicles.given_name_folded, person.given_name_folded),
    phone = coalesce(core.customer_vehicles.phone, person.phone),
    phone_alt = coalesce(core.customer_vehicles.phone_alt, person.phone_alt),
    email = coalesce(core.customer_vehicles.email, person.email),
    birth_date = coalesce(core.customer_vehicles.birth_date, person.birth_date),
    birth_year = coalesce(core.customer_vehicles.birth_year, person.birth_year),
    vin = coalesce(core.customer_vehicles.vin, facts.vin),
    make = coalesce(core.customer_vehicles.make, facts.make),
    model = coalesce(core.customer_vehicles.model, facts.model),
    variant = coalesce(core.customer_vehicles.variant, facts.variant),
    model_raw = coalesce(core.customer_vehicles.model_raw, facts.model_raw),
    purchase_date = coalesce(core.customer_vehicles.purchase_date, facts.purchase_date),
    purchase_year = coalesce(core.customer_vehicles.purchase_year, facts.purchase_year),
    price_vnd = coalesce(core.customer_vehicles.price_vnd, facts.price_vnd),
    province = coalesce(core.customer_vehicles.province, facts.province),
    province_old = coalesce(core.customer_vehicles.province_old, facts.province_old),
    last_service_at = facts.last_service_at,
    service_visits = facts.service_visits
from (
    select
        vehicle_key,
        max(vin) as vin,
        max(make) as make,
        max(model) as model,
        max(variant) as variant,
        max(model_raw) as model_raw,
        max(purchase_date) as purchase_date,
        max(purchase_year) as purchase_year,
        max(price_vnd) as price_vnd,
        max(province) as province,
        max(province_old) as province_old,
        max(last_service_at) as last_service_at,
        max(service_visits) as service_visits
    from core.customer_vehicles
    group by vehicle_key
    having count(*) > 1
) as facts,
(
    -- A person's details come only from rows that name the same person (same full name): never blended.
    select
        vehicle_key,
        coalesce(full_name, '') as name_group,
        max(full_name) as full_name,
        max(name_folded) as name_folded,
        max(family_name_folded) as family_name_folded,
        max(given_name_folded) as given_name_folded,
        max(phone) as phone,
        max(phone_alt) as phone_alt,
        max(email) as email,
        max(birth_date) as birth_date,
        max(birth_year) as birth_year
    from core.customer_vehicles
    group by vehicle_key, coalesce(full_name, '')
) as person,
(
    select
        vehicle_key,
        customer_key,
        row_number() over (
            partition by vehicle_key
            order by case when customer_id is null then 1 else 0 end, loaded_at desc, customer_key
        ) as row_num
    from core.customer_vehicles
) as keepers
where core.customer_vehicles.vehicle_key = facts.vehicle_key
    and person.vehicle_key = facts.vehicle_key
    and person.name_group = coalesce(core.customer_vehicles.full_name, '')
    and keepers.vehicle_key = facts.vehicle_key
    and keepers.row_num = 1
    and core.customer_vehicles.customer_key = keepers.customer_key;

delete from core.customer_vehicles
using (
    select
        vehicle_key,
        customer_key,
        row_number() over (
            partition by vehicle_key
            order by case when customer_id is null then 1 else 0 end, loaded_at desc, customer_key
        ) as row_num
    from core.customer_vehicles
) as extra
where extra.row_num > 1
    and core.customer_vehicles.vehicle_key = extra.vehicle_key
    and core.customer_vehicles.customer_key = extra.customer_key;
