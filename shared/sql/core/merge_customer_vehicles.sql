-- core.customer_vehicles: one row per vehicle; key: vehicle_key (`v:<VIN>`, else a hash that already includes the
-- customer). customer_key names the vehicle's customer: the DB's CustomerId when known, else a phone or name key.
-- Merges one batch's staging rows into core:
--   * a NULL in the batch never erases a known fact: a later service-only row keeps the sale's model, purchase
--     date, price and province (coalesce(new, old)); a value the batch does carry replaces the old one;
--   * customer_key/customer_id, and the person's name, phone, email and birth, come from the batch only when its
--     row has a customer id or core has none: a service row without CustomerId fills gaps in the sale customer's
--     details but does not replace them (whoever brought the car in for service may not be its owner);
--   * last_service_at only moves later; service_visits is the batch's own count; first_batch_id keeps the batch
--     that first brought the vehicle, batch_id the last one that wrote it.
-- Loading the same batch again changes nothing: every rule above gives the same row the second time.
-- The source is deduped to one row per vehicle_key (latest source_row). Update-then-insert rather than MERGE
-- because Redshift's MERGE takes only a table as its source, not a deduplicating subquery.
-- Run in one transaction. The lock makes concurrent loads merge one after the other: otherwise two loads can
-- insert the same new vehicle (a key violation on PostgreSQL) or fail Redshift's serializable isolation check.
-- Params: :batch_id

lock core.customer_vehicles;

update core.customer_vehicles as target
set
    -- A customer id beats a key derived from a phone or a name; between two derived keys the newer batch wins.
    customer_key = case
        when src.customer_id is not null or target.customer_id is null then src.customer_key
        else target.customer_key
    end,
    customer_id = coalesce(src.customer_id, target.customer_id),
    full_name = case
        when src.customer_id is not null or target.customer_id is null then coalesce(src.full_name, target.full_name)
        else coalesce(target.full_name, src.full_name)
    end,
    name_folded = case
        when src.customer_id is not null or target.customer_id is null then coalesce(src.name_folded, target.name_folded)
        else coalesce(target.name_folded, src.name_folded)
    end,
    family_name_folded = case
        when src.customer_id is not null or target.customer_id is null then coalesce(src.family_name_folded, target.family_name_folded)
        else coalesce(target.family_name_folded, src.family_name_folded)
    end,
    given_name_folded = case
        when src.customer_id is not null or target.customer_id is null then coalesce(src.given_name_folded, target.given_name_folded)
        else coalesce(target.given_name_folded, src.given_name_folded)
    end,
    phone = case
        when src.customer_id is not null or target.customer_id is null then coalesce(src.phone, target.phone)
        else coalesce(target.phone, src.phone)
    end,
    phone_alt = case
        when src.customer_id is not null or target.customer_id is null then coalesce(src.phone_alt, target.phone_alt)
        else coalesce(target.phone_alt, src.phone_alt)
    end,
    email = case
        when src.customer_id is not null or target.customer_id is null then coalesce(src.email, target.email)
        else coalesce(target.email, src.email)
    end,
    birth_date = case
        when src.customer_id is not null or target.customer_id is null then coalesce(src.birth_date, target.birth_date)
        else coalesce(target.birth_date, src.birth_date)
    end,
    birth_year = case
        when src.customer_id is not null or target.customer_id is null then coalesce(src.birth_year, target.birth_year)
        else coalesce(target.birth_year, src.birth_year)
    end,
    vin = coalesce(src.vin, target.vin),
    make = coalesce(src.make, target.make),
    model = coalesce(src.model, target.model),
    variant = coalesce(src.variant, target.variant),
    model_raw = coalesce(src.model_raw, target.model_raw),
    purchase_date = coalesce(src.purchase_date, target.purchase_date),
    purchase_year = coalesce(src.purchase_year, target.purchase_year),
    price_vnd = coalesce(src.price_vnd, target.price_vnd),
    province = coalesce(src.province, target.province),
    province_old = coalesce(src.province_old, target.province_old),
    -- greatest() of two coalesces is NULL-safe whichever way a dialect's greatest() treats NULL.
    last_service_at = greatest(
        coalesce(src.last_service_at, target.last_service_at),
        coalesce(target.last_service_at, src.last_service_at)
    ),
    -- The batch's own count, not a sum: loading the same batch again must leave core as it was.
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
                partition by vehicle_key
                order by source_row desc
            ) as row_num
        from staging.stg_customer_vehicles
        where batch_id = :batch_id
    ) as ranked
    where row_num = 1
) as src
where target.vehicle_key = src.vehicle_key;

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
                partition by vehicle_key
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
    where existing.vehicle_key = src.vehicle_key
);
