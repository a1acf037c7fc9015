-- core.customer_vehicles: one row per (customer_key, vehicle_key); key: (customer_key, vehicle_key).
-- Merges one batch's staging rows: the batch's values replace earlier ones, first_batch_id keeps the batch
-- that first brought the vehicle, batch_id the last one that wrote it.
-- Source deduped to one row per key (latest source_row). Update-then-insert rather than MERGE because
-- Redshift's MERGE takes only a table as its source, not a deduplicating subquery. Run in one transaction.
-- Params: :batch_id

update core.customer_vehicles as target
set
    customer_id = src.customer_id,
    full_name = src.full_name,
    name_folded = src.name_folded,
    family_name_folded = src.family_name_folded,
    given_name_folded = src.given_name_folded,
    phone = src.phone,
    phone_alt = src.phone_alt,
    email = src.email,
    birth_date = src.birth_date,
    birth_year = src.birth_year,
    vin = src.vin,
    make = src.make,
    model = src.model,
    variant = src.variant,
    model_raw = src.model_raw,
    purchase_date = src.purchase_date,
    purchase_year = src.purchase_year,
    price_vnd = src.price_vnd,
    province = src.province,
    province_old = src.province_old,
    last_service_at = src.last_service_at,
    service_visits = src.service_visits,
    record_hash = src.record_hash,
    batch_id = src.batch_id,
    loaded_at = default
from (
    select
        batch_id,
        customer_key,
        customer_id,
        full_name,
        name_folded,
        family_name_folded,
        given_name_folded,
        phone,
        phone_alt,
        email,
        birth_date,
        birth_year,
        vehicle_key,
        vin,
        make,
        model,
        variant,
        model_raw,
        purchase_date,
        purchase_year,
        price_vnd,
        province,
        province_old,
        last_service_at,
        service_visits,
        record_hash
    from (
        select
            batch_id,
            customer_key,
            customer_id,
            full_name,
            name_folded,
            family_name_folded,
            given_name_folded,
            phone,
            phone_alt,
            email,
            birth_date,
            birth_year,
            vehicle_key,
            vin,
            make,
            model,
            variant,
            model_raw,
            purchase_date,
            purchase_year,
            price_vnd,
            province,
            province_old,
            last_service_at,
            service_visits,
            record_hash,
            row_number() over (
                partition by customer_key, vehicle_key
                order by source_row desc
            ) as row_num
        from staging.stg_customer_vehicles
        where batch_id = :batch_id
    ) as ranked
    where row_num = 1
) as src
where target.customer_key = src.customer_key
    and target.vehicle_key = src.vehicle_key;

insert into core.customer_vehicles (
    customer_key,
    customer_id,
    full_name,
    name_folded,
    family_name_folded,
    given_name_folded,
    phone,
    phone_alt,
    email,
    birth_date,
    birth_year,
    vehicle_key,
    vin,
    make,
    model,
    variant,
    model_raw,
    purchase_date,
    purchase_year,
    price_vnd,
    province,
    province_old,
    last_service_at,
    service_visits,
    record_hash,
    first_batch_id,
    batch_id
)
select
    src.customer_key,
    src.customer_id,
    src.full_name,
    src.name_folded,
    src.family_name_folded,
    src.given_name_folded,
    src.phone,
    src.phone_alt,
    src.email,
    src.birth_date,
    src.birth_year,
    src.vehicle_key,
    src.vin,
    src.make,
    src.model,
    src.variant,
    src.model_raw,
    src.purchase_date,
    src.purchase_year,
    src.price_vnd,
    src.province,
    src.province_old,
    src.last_service_at,
    src.service_visits,
    src.record_hash,
    src.batch_id,
    src.batch_id
from (
    select
        batch_id,
        customer_key,
        customer_id,
        full_name,
        name_folded,
        family_name_folded,
        given_name_folded,
        phone,
        phone_alt,
        email,
        birth_date,
        birth_year,
        vehicle_key,
        vin,
        make,
        model,
        variant,
        model_raw,
        purchase_date,
        purchase_year,
        price_vnd,
        province,
        province_old,
        last_service_at,
        service_visits,
        record_hash
    from (
        select
            batch_id,
            customer_key,
            customer_id,
            full_name,
            name_folded,
            family_name_folded,
            given_name_folded,
            phone,
            phone_alt,
            email,
            birth_date,
            birth_year,
            vehicle_key,
            vin,
            make,
            model,
            variant,
            model_raw,
            purchase_date,
            purchase_year,
            price_vnd,
            province,
            province_old,
            last_service_at,
            service_visits,
            record_hash,
            row_number() over (
                partition by customer_key, vehicle_key
                order by source_row desc
            ) as row_num
        from staging.stg_customer_vehicles
        where batch_id = :batch_id
    ) as ranked
    where row_num = 1
) as src
where not exists (
    select 1
    from core.customer_vehicles as existing
    where existing.customer_key = src.customer_key
        and existing.vehicle_key = src.vehicle_key
);
