-- core.customer_vehicles: one row per vehicle; key: vehicle_key (`v:<VIN>`, else a hash that already includes the
-- customer). customer_key names the vehicle's customer: the DB's CustomerId when known, else a phone or name key.
-- Merges one batch's staging rows into core:
--   * a NULL in the batch never erases a known fact: a later service-only row keeps the sale's model, purchase
--     date, price and province (coalesce(new, old)); a value the batch does carry replaces the old one;
--   * customer_key/customer_id, and the person's name, phone, email and birth, come from the batch only when its
--     row has a customer id or core has none: a service row without CustomerId fills gaps in the sale customer's
--     details but does not replace them (whoever brought the car in for service may not be its owner); when that
--     brings another customer (a resale), the new person's details replace the old ones whole, NULLs included,
--     so no one inherits the previous owner's phone; phone_alt is never the same number as phone;
--   * last_service_at only moves later, service_visits only up; first_batch_id keeps the batch
--     that first brought the vehicle, batch_id the last one that wrote it.
-- Loading the same batch again changes nothing: every rule above gives the same row the second time.
-- The source is deduped to one row per vehicle_key (latest source_row; the temp table also keeps source_row and
-- row_num, which the MERGE ignores) into a temp table first because
-- Redshift's MERGE takes only a table as its source, not a subquery; the temp table is dropped at the end so the
-- same session can load again.
-- Run in one transaction. The lock makes concurrent loads merge one after the other: otherwise two loads can
-- insert the same new vehicle (a key violation on PostgreSQL) or fail Redshift's serializable isolation check.
-- Params: :batch_id

lock core.customer_vehicles;

create temp table merge_customer_vehicles_src as
select *
from (
    select
        stg.*,
        row_number() over (
            partition by vehicle_key
            order by source_row desc
        ) as row_num
    from staging.stg_customer_vehicles as stg
    where stg.batch_id = :batch_id
) as ranked
where row_num = 1;

-- loaded_at goes back to its default (the load time) in a plain UPDATE: Redshift's MERGE documents only
-- expressions in its SET list, not DEFAULT, and the load time has no function common to both dialects.
update core.customer_vehicles as target
set loaded_at = default
from merge_customer_vehicles_src as src
where target.vehicle_key = src.vehicle_key;

merge into core.customer_vehicles
using merge_customer_vehicles_src as src
on customer_vehicles.vehicle_key = src.vehicle_key
when matched then update set
    -- A customer id beats a key derived from a phone or a name; between two derived keys the newer batch wins.
    customer_key = case
        when src.customer_id is not null or customer_vehicles.customer_id is null then src.customer_key
        else customer_vehicles.customer_key
    end,
    customer_id = coalesce(src.customer_id, customer_vehicles.customer_id),
    full_name = case
        when src.customer_key <> customer_vehicles.customer_key and (src.customer_id is not null or customer_vehicles.customer_id is null) then src.full_name
        when src.customer_id is not null or customer_vehicles.customer_id is null then coalesce(src.full_name, customer_vehicles.full_name)
        else coalesce(customer_vehicles.full_name, src.full_name)
    end,
    name_folded = case
        when src.customer_key <> customer_vehicles.customer_key and (src.customer_id is not null or customer_vehicles.customer_id is null) then src.name_folded
        when src.customer_id is not null or customer_vehicles.customer_id is null then coalesce(src.name_folded, customer_vehicles.name_folded)
        else coalesce(customer_vehicles.name_folded, src.name_folded)
    end,
    middle_name_folded = case
        when src.customer_key <> customer_vehicles.customer_key and (src.customer_id is not null or customer_vehicles.customer_id is null) then src.middle_name_folded
        when src.customer_id is not null or customer_vehicles.customer_id is null then coalesce(src.middle_name_folded, customer_vehicles.middle_name_folded)
        else coalesce(customer_vehicles.middle_name_folded, src.middle_name_folded)
    end,
    name_key = case
        when src.customer_key <> customer_vehicles.customer_key and (src.customer_id is not null or customer_vehicles.customer_id is null) then src.name_key
        when src.customer_id is not null or customer_vehicles.customer_id is null then coalesce(src.name_key, customer_vehicles.name_key)
        else coalesce(customer_vehicles.name_key, src.name_key)
    end,
    family_name_folded = case
        when src.customer_key <> customer_vehicles.customer_key and (src.customer_id is not null or customer_vehicles.customer_id is null) then src.family_name_folded
        when src.customer_id is not null or customer_vehicles.customer_id is null then coalesce(src.family_name_folded, customer_vehicles.family_name_folded)
        else coalesce(customer_vehicles.family_name_folded, src.family_name_folded)
    end,
    given_name_folded = case
        when src.customer_key <> customer_vehicles.customer_key and (src.customer_id is not null or customer_vehicles.customer_id is null) then src.given_name_folded
        when src.customer_id is not null or customer_vehicles.customer_id is null then coalesce(src.given_name_folded, customer_vehicles.given_name_folded)
        else coalesce(customer_vehicles.given_name_folded, src.given_name_folded)
    end,
    phone = case
        when src.customer_key <> customer_vehicles.customer_key and (src.customer_id is not null or customer_vehicles.customer_id is null) then src.phone
        when src.customer_id is not null or customer_vehicles.customer_id is null then coalesce(src.phone, customer_vehicles.phone)
        else coalesce(customer_vehicles.phone, src.phone)
    end,
    -- Never the same number as phone: the merged phone may be the other row's alternative.
    phone_alt = nullif(
        case
            when src.customer_key <> customer_vehicles.customer_key and (src.customer_id is not null or customer_vehicles.customer_id is null) then src.phone_alt
            when src.customer_id is not null or customer_vehicles.customer_id is null then coalesce(src.phone_alt, customer_vehicles.phone_alt)
            else coalesce(customer_vehicles.phone_alt, src.phone_alt)
        end,
        case
            when src.customer_key <> customer_vehicles.customer_key and (src.customer_id is not null or customer_vehicles.customer_id is null) then src.phone
            when src.customer_id is not null or customer_vehicles.customer_id is null then coalesce(src.phone, customer_vehicles.phone)
            else coalesce(customer_vehicles.phone, src.phone)
        end
    ),
    email = case
        when src.customer_key <> customer_vehicles.customer_key and (src.customer_id is not null or customer_vehicles.customer_id is null) then src.email
        when src.customer_id is not null or customer_vehicles.customer_id is null then coalesce(src.email, customer_vehicles.email)
        else coalesce(customer_vehicles.email, src.email)
    end,
    birth_date = case
        when src.customer_key <> customer_vehicles.customer_key and (src.customer_id is not null or customer_vehicles.customer_id is null) then src.birth_date
        when src.customer_id is not null or customer_vehicles.customer_id is null then coalesce(src.birth_date, customer_vehicles.birth_date)
        else coalesce(customer_vehicles.birth_date, src.birth_date)
    end,
    birth_year = case
        when src.customer_key <> customer_vehicles.customer_key and (src.customer_id is not null or customer_vehicles.customer_id is null) then src.birth_year
        when src.customer_id is not null or customer_vehicles.customer_id is null then coalesce(src.birth_year, customer_vehicles.birth_year)
        else coalesce(customer_vehicles.birth_year, src.birth_year)
    end,
    vin = coalesce(src.vin, customer_vehicles.vin),
    make = coalesce(src.make, customer_vehicles.make),
    model = coalesce(src.model, customer_vehicles.model),
    variant = coalesce(src.variant, customer_vehicles.variant),
    model_raw = coalesce(src.model_raw, customer_vehicles.model_raw),
    purchase_date = coalesce(src.purchase_date, customer_vehicles.purchase_date),
    purchase_year = coalesce(src.purchase_year, customer_vehicles.purchase_year),
    price_vnd = coalesce(src.price_vnd, customer_vehicles.price_vnd),
    province = coalesce(src.province, customer_vehicles.province),
    province_old = coalesce(src.province_old, customer_vehicles.province_old),
    -- greatest() of two coalesces is NULL-safe whichever way a dialect's greatest() treats NULL.
    last_service_at = greatest(
        coalesce(src.last_service_at, customer_vehicles.last_service_at),
        coalesce(customer_vehicles.last_service_at, src.last_service_at)
    ),
    -- The larger count, not a sum: loading the same batch again must leave core as it was, and a later sale-only
    -- row (0 visits) must not contradict last_service_at.
    service_visits = greatest(coalesce(src.service_visits, 0), coalesce(customer_vehicles.service_visits, 0)),
    record_hash = src.record_hash,
    batch_id = src.batch_id
when not matched then insert (
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
    batch_id,
    middle_name_folded,
    name_key
) values (
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
    src.batch_id,
    src.middle_name_folded,
    src.name_key
);

drop table merge_customer_vehicles_src;
