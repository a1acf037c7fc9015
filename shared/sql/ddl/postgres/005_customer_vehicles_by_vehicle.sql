-- core.customer_vehicles: one row per vehicle; key: vehicle_key. Earlier runs created it keyed by
-- (customer_key, vehicle_key), so a vehicle seen under a customer id and under a phone key has two rows there.
-- Once, for such a table: each vehicle's rows are merged into one (the row with a customer id, else the latest;
-- its empty vehicle facts filled in from the others, its empty person details only from rows with the same full
-- name, so no one gets another person's phone; last_service_at and service_visits the largest), then the primary
-- key becomes vehicle_key. A table already keyed by vehicle_key is left as it is, so this runs again harmlessly.
-- PostgreSQL only (PL/pgSQL); the Redshift file of the same name says what Redshift needs.
-- Params: none

do $$
declare
    old_key name;
begin
    select pk.conname into old_key
    from pg_constraint as pk
    where pk.conrelid = to_regclass('core.customer_vehicles')
        and pk.contype = 'p'
        and pk.conkey <> array[(
            select attribute.attnum
            from pg_attribute as attribute
            where attribute.attrelid = to_regclass('core.customer_vehicles')
                and attribute.attname = 'vehicle_key'
        )];
    if old_key is null then
        return;
    end if;

    lock table core.customer_vehicles in access exclusive mode;

    update core.customer_vehicles as keeper
    set
        full_name = coalesce(keeper.full_name, person.full_name),
        name_folded = coalesce(keeper.name_folded, person.name_folded),
        family_name_folded = coalesce(keeper.family_name_folded, person.family_name_folded),
        given_name_folded = coalesce(keeper.given_name_folded, person.given_name_folded),
        phone = coalesce(keeper.phone, person.phone),
        phone_alt = coalesce(keeper.phone_alt, person.phone_alt),
        email = coalesce(keeper.email, person.email),
        birth_date = coalesce(keeper.birth_date, person.birth_date),
        birth_year = coalesce(keeper.birth_year, person.birth_year),
        vin = coalesce(keeper.vin, facts.vin),
        make = coalesce(keeper.make, facts.make),
        model = coalesce(keeper.model, facts.model),
        variant = coalesce(keeper.variant, facts.variant),
        model_raw = coalesce(keeper.model_raw, facts.model_raw),
        purchase_date = coalesce(keeper.purchase_date, facts.purchase_date),
        purchase_year = coalesce(keeper.purchase_year, facts.purchase_year),
        price_vnd = coalesce(keeper.price_vnd, facts.price_vnd),
        province = coalesce(keeper.province, facts.province),
        province_old = coalesce(keeper.province_old, facts.province_old),
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
    where keeper.vehicle_key = facts.vehicle_key
        and person.vehicle_key = facts.vehicle_key
        and person.name_group = coalesce(keeper.full_name, '')
        and keepers.vehicle_key = facts.vehicle_key
        and keepers.row_num = 1
        and keeper.customer_key = keepers.customer_key;

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

    execute format('alter table core.customer_vehicles drop constraint %I', old_key);
    alter table core.customer_vehicles add primary key (vehicle_key);
end
$$;
