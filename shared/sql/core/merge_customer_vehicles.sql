-- core.customer_vehicles: one row per vehicle; key: vehicle_key (`v:<VIN>`, else a hash that already includes the
-- customer). customer_key names the vehicle's customer: the DB's CustomerId when known, else a phone or name key.
-- Merges one batch's staging rows into core, the identity rules of shared/steps/clean/customer-identity.ts across
-- batches. Every "which source wins" decision is made once, as flags in the temp table merge_customer_vehicles_src;
-- the MERGE only reads the flags.
--   * One vehicle, one row: a service row without VIN and without sale joins the vehicle (in the batch or in core)
--     of the same customer (customer key, or phone and name) and model that has a VIN or a sale, when exactly one
--     fits; when several fit it stays its own vehicle and ops.identity_conflicts says so (vehicle_ambiguous).
--   * A person block (customer id and key, name, phone, email, birth) travels whole. The batch's row and core's row
--     name the same person (same CustomerId; or without ids the same name and no other birth year; `n:` → `p:` →
--     `c:` keys are one person), another person, or conflict (one CustomerId, another name AND another phone).
--     Same person: one block leads (a CustomerId beats none, else the newer facts) and the other fills its gaps,
--     contact fields only when the folded name is the same. Another person: a row naming an owner (CustomerId or
--     sale) beats a service row without CustomerId (a contact); between two owners the newer facts win whole, NULLs
--     included (a resale). Conflict: core is not touched; the batch's person is kept in history (held).
--   * Ordering: facts_as_of = the row's latest own date (purchase, last service). A batch row older than core's
--     facts (an older export loaded after a newer one) fills gaps but replaces nothing.
--   * A NULL in the batch never erases a known fact; last_service_at only moves later, service_visits only up;
--     phone_alt is never the same number as phone; first_batch_id keeps the batch that first brought the vehicle,
--     batch_id the last one that wrote it.
--   * core.customer_vehicle_history keeps every owner and contact: persons the batch does not put into core (older
--     owners, contacts, held conflicts), and each change of core's person (the previous version closed).
--   * Within one export clean already folded a vehicle's rows into one (row_role NULL) and set aside the other
--     people it named (row_role previous_owner, contact, conflict): they go to history (and a reused CustomerId to
--     ops.identity_conflicts); they are valid rows of the batch, counted in its loaded_rows.
-- Loading the same batch again changes nothing: every rule above gives the same rows the second time, and history
-- and conflicts are written only when not there yet.
-- Temp tables because Redshift's MERGE takes only a table as its source (and has no conditions on WHEN MATCHED:
-- conflicting rows are removed from the source instead); they are dropped at the end so the session can load again.
-- Run in one transaction, after the load's ops/lock_load.sql: loads merge one after the other (otherwise two loads
-- can insert the same new vehicle, a key violation on PostgreSQL, or fail Redshift's serializable isolation check)
-- without a LOCK on core.customer_vehicles, which on Redshift is ACCESS EXCLUSIVE and would block its readers.
-- Params: :batch_id

-- The batch, each row with the date of its own latest fact (greatest of two coalesces: NULL-safe in both dialects).
create temp table merge_customer_vehicles_batch as
select
    stg.*,
    greatest(
        coalesce(stg.purchase_date, cast(stg.last_service_at as date)),
        coalesce(cast(stg.last_service_at as date), stg.purchase_date)
    ) as facts_as_of
from staging.stg_customer_vehicles as stg
where stg.batch_id = :batch_id
    and stg.row_role is null;

-- Where each service row without VIN and sale could belong: vehicles of the same customer (the same key, or the same
-- phone and name; a row without a name: the same phone) and model that have a VIN or a sale, in the batch or in core. Equality joins driven by the few
-- service rows, so core is probed, not scanned into a union, and both dialects hash-join.
create temp table merge_customer_vehicles_home as
with services as (
    select vehicle_key, customer_key, phone, name_folded, coalesce(model, lower(model_raw)) as model_name
    from merge_customer_vehicles_batch
    where vin is null and purchase_date is null
),

batch_homes as (
    select vehicle_key, customer_key, phone, name_folded, coalesce(model, lower(model_raw)) as model_name
    from merge_customer_vehicles_batch
    where vin is not null or purchase_date is not null
),

core_homes as (
    select vehicle_key, customer_key, phone, name_folded, coalesce(model, lower(model_raw)) as model_name
    from core.customer_vehicles
    where vin is not null or purchase_date is not null
),

fits as (
    select services.vehicle_key as service_key, batch_homes.vehicle_key as home_key
    from services
    inner join batch_homes
        on batch_homes.customer_key = services.customer_key
        and batch_homes.model_name = services.model_name
    union
    select services.vehicle_key as service_key, batch_homes.vehicle_key as home_key
    from services
    inner join batch_homes
        on batch_homes.phone = services.phone
        and batch_homes.model_name = services.model_name
        and (batch_homes.name_folded = services.name_folded or services.name_folded is null)
    union
    select services.vehicle_key as service_key, core_homes.vehicle_key as home_key
    from services
    inner join core_homes
        on core_homes.customer_key = services.customer_key
        and core_homes.model_name = services.model_name
    union
    select services.vehicle_key as service_key, core_homes.vehicle_key as home_key
    from services
    inner join core_homes
        on core_homes.phone = services.phone
        and core_homes.model_name = services.model_name
        and (core_homes.name_folded = services.name_folded or services.name_folded is null)
)

select
    service_key,
    min(home_key) as home_key,
    count(*) as candidates
from fits
where home_key <> service_key
group by service_key;

-- The batch with service rows moved to their one home: home_vehicle_key is the vehicle each row merges into.
create temp table merge_customer_vehicles_moved as
select
    batch_row.*,
    coalesce(home.home_key, batch_row.vehicle_key) as home_vehicle_key,
    case when home.home_key is null then 0 else 1 end as is_moved
from merge_customer_vehicles_batch as batch_row
left join merge_customer_vehicles_home as home
    on home.service_key = batch_row.vehicle_key
    and home.candidates = 1;

-- One row per vehicle with the decisions, made once:
--   person_relation: new | same | different | conflict (the batch's person against core's);
--   person_from_batch: 1 when the batch's person block leads, 0 when core's does;
--   person_fills: 1 when the other block fills the leader's gaps in contact fields (same person, same name);
--   facts_from_batch: 1 when the batch's vehicle facts lead (not older than core's, not a moved service row).
-- The leading batch row of a vehicle: its own row before a moved service row, then the latest facts, then the
-- last in the file; visits and the last service date gather from all the vehicle's rows in the batch.
create temp table merge_customer_vehicles_src as
with ranked as (
    select
        moved.*,
        row_number() over (
            partition by moved.home_vehicle_key
            order by moved.is_moved, coalesce(moved.facts_as_of, cast('0001-01-01' as date)) desc, moved.source_row desc
        ) as row_num,
        max(moved.last_service_at) over (partition by moved.home_vehicle_key) as batch_last_service_at,
        sum(moved.service_visits * moved.is_moved) over (partition by moved.home_vehicle_key) as moved_visits
    from merge_customer_vehicles_moved as moved
),

leaders as (
    select
        ranked.*,
        case when ranked.is_moved = 1 then ranked.moved_visits else coalesce(ranked.service_visits, 0) + ranked.moved_visits end
            as batch_service_visits
    from ranked
    where ranked.row_num = 1
),

evidence as (
    select
        leaders.*,
        core.customer_id as core_customer_id,
        core.name_folded as core_name_folded,
        core.phone as core_phone,
        greatest(
            coalesce(core.purchase_date, cast(core.last_service_at as date)),
            coalesce(cast(core.last_service_at as date), core.purchase_date)
        ) as core_facts_as_of,
        case when core.vehicle_key is null then 1 else 0 end as is_new,
        case when leaders.name_folded = core.name_folded or leaders.name_key = core.name_key then 1 else 0 end as name_agrees,
        case
            when leaders.phone in (core.phone, core.phone_alt) or leaders.phone_alt in (core.phone, core.phone_alt) then 1
            else 0
        end as phone_shared,
        case when leaders.phone is not null and core.phone is not null then 1 else 0 end as phones_known,
        case when leaders.customer_id is not null and core.customer_id is not null then 1 else 0 end as ids_known,
        case when leaders.customer_id = core.customer_id then 1 else 0 end as id_agrees,
        case when leaders.birth_year <> core.birth_year then 1 else 0 end as birth_differs,
        case when leaders.customer_id is not null or leaders.purchase_date is not null then 1 else 0 end as batch_names_owner,
        case when core.customer_id is not null or core.purchase_date is not null then 1 else 0 end as core_names_owner
    from leaders
    left join core.customer_vehicles as core
        on core.vehicle_key = leaders.home_vehicle_key
),

relations as (
    select
        evidence.*,
        case when evidence.facts_as_of < evidence.core_facts_as_of then 1 else 0 end as is_older,
        case
            when evidence.is_new = 1 then 'new'
            when evidence.ids_known = 1 and evidence.id_agrees = 1 and evidence.name_agrees = 0
                and evidence.name_folded is not null and evidence.core_name_folded is not null
                and evidence.phones_known = 1 and evidence.phone_shared = 0 then 'conflict'
            when evidence.ids_known = 1 and evidence.id_agrees = 1 then 'same'
            -- Different CustomerIds with the same name and a shared phone: a re-numbered export of one person.
            when evidence.ids_known = 1 and evidence.name_agrees = 1 and evidence.phone_shared = 1 then 'same'
            when evidence.ids_known = 0 and evidence.name_agrees = 1 and evidence.birth_differs = 0 then 'same'
            -- A row without a name (a phone-only row) is its phone's person.
            when evidence.ids_known = 0 and (evidence.name_folded is null or evidence.core_name_folded is null)
                and evidence.phone_shared = 1 then 'same'
            else 'different'
        end as person_relation
    from evidence
)

select
    relations.*,
    case
        when relations.person_relation = 'new' then 1
        when relations.person_relation = 'conflict' then 0
        when relations.person_relation = 'same' and relations.customer_id is not null and relations.core_customer_id is null then 1
        when relations.person_relation = 'same' and relations.customer_id is null and relations.core_customer_id is not null then 0
        -- Another person: an owner beats a contact whatever the dates.
        when relations.person_relation = 'different' and relations.batch_names_owner <> relations.core_names_owner
            then relations.batch_names_owner
        when relations.is_older = 1 then 0
        else 1
    end as person_from_batch,
    case when relations.person_relation = 'same' and relations.name_folded = relations.core_name_folded then 1 else 0 end
        as person_fills,
    case when relations.is_older = 1 or relations.is_moved = 1 then 0 else 1 end as facts_from_batch
from relations;

-- Conflicts flagged, not merged: one CustomerId with another name and phone; a service row several vehicles fit.
insert into ops.identity_conflicts (
    batch_id, vehicle_key, kind, customer_id, source_row, differs, known_phone_masked, incoming_phone_masked, candidates
)
select
    src.batch_id,
    src.home_vehicle_key,
    'customer_id_reused',
    src.customer_id,
    src.source_row,
    'name,phone',
    case when length(src.core_phone) >= 8 then left(src.core_phone, 4) || '***' || right(src.core_phone, 3) else '***' end,
    case when length(src.phone) >= 8 then left(src.phone, 4) || '***' || right(src.phone, 3) else '***' end,
    cast(null as integer)
from merge_customer_vehicles_src as src
where src.person_relation = 'conflict'
    and not exists (
        select 1
        from ops.identity_conflicts as known
        where known.batch_id = src.batch_id
            and known.vehicle_key = src.home_vehicle_key
            and known.kind = 'customer_id_reused'
    );

insert into ops.identity_conflicts (
    batch_id, vehicle_key, kind, customer_id, source_row, differs, known_phone_masked, incoming_phone_masked, candidates
)
select
    batch_row.batch_id,
    batch_row.vehicle_key,
    'vehicle_ambiguous',
    min(batch_row.customer_id),
    min(batch_row.source_row),
    'vehicle',
    cast(null as varchar(32)),
    cast(null as varchar(32)),
    home.candidates
from merge_customer_vehicles_home as home
inner join merge_customer_vehicles_batch as batch_row
    on batch_row.vehicle_key = home.service_key
where home.candidates > 1
    and not exists (
        select 1
        from ops.identity_conflicts as known
        where known.batch_id = batch_row.batch_id
            and known.vehicle_key = batch_row.vehicle_key
            and known.kind = 'vehicle_ambiguous'
    )
group by batch_row.batch_id, batch_row.vehicle_key, home.candidates;

-- History of persons the batch names but does not put into core: a contact (service row without CustomerId naming
-- someone else), an older owner (an older export), a person held apart by a conflict.
insert into core.customer_vehicle_history (
    vehicle_key, role, customer_key, customer_id, full_name, name_folded, phone, phone_alt, email, birth_date,
    birth_year, valid_from, valid_to, batch_id, closed_by_batch_id
)
select
    src.home_vehicle_key,
    src.history_role,
    src.customer_key,
    src.customer_id,
    src.full_name,
    src.name_folded,
    src.phone,
    src.phone_alt,
    src.email,
    src.birth_date,
    src.birth_year,
    src.facts_as_of,
    case when src.history_role = 'owner' then src.core_facts_as_of when src.history_role = 'contact' then src.facts_as_of end,
    src.batch_id,
    case when src.history_role = 'owner' then src.batch_id end
from (
    select
        merge_customer_vehicles_src.*,
        case
            when person_relation = 'conflict' then 'held'
            when batch_names_owner = 0 then 'contact'
            else 'owner'
        end as history_role
    from merge_customer_vehicles_src
    where person_relation in ('different', 'conflict')
        and person_from_batch = 0
) as src
where not exists (
    -- The same person in the same role with the same contact and date is there already (this batch loaded again,
    -- or the same export uploaded again as another object).
    select 1
    from core.customer_vehicle_history as known
    where known.vehicle_key = src.home_vehicle_key
        and known.role = src.history_role
        and known.customer_key = src.customer_key
        and coalesce(known.phone, '') = coalesce(src.phone, '')
        and coalesce(known.email, '') = coalesce(src.email, '')
        and coalesce(known.valid_from, cast('0001-01-01' as date)) = coalesce(src.facts_as_of, cast('0001-01-01' as date))
);

-- Kept apart until resolved: a conflicting row changes nothing in core.
delete from merge_customer_vehicles_src
where person_relation = 'conflict';

-- Core's person of each vehicle the batch touches, before the MERGE: the history below records only what changed
-- (no probe of the whole history table, which has no planner statistics on PGlite).
create temp table merge_customer_vehicles_before as
select
    cv.vehicle_key,
    cv.customer_key,
    cv.customer_id,
    cv.full_name,
    cv.name_folded,
    cv.phone,
    cv.phone_alt,
    cv.email,
    cv.birth_date,
    cv.birth_year,
    cv.batch_id
from core.customer_vehicles as cv
inner join merge_customer_vehicles_src as src
    on src.home_vehicle_key = cv.vehicle_key;

-- loaded_at goes back to its default (the load time) in a plain UPDATE: Redshift's MERGE documents only
-- expressions in its SET list, not DEFAULT, and the load time has no function common to both dialects.
update core.customer_vehicles as target
set loaded_at = default
from merge_customer_vehicles_src as src
where target.vehicle_key = src.home_vehicle_key;

merge into core.customer_vehicles
using merge_customer_vehicles_src as src
on customer_vehicles.vehicle_key = src.home_vehicle_key
when matched then update set
    -- Who: the leading person block; names whole, contact fields filled from the other block only for one person.
    customer_key = case when src.person_from_batch = 1 then src.customer_key else customer_vehicles.customer_key end,
    customer_id = case when src.person_from_batch = 1 then src.customer_id else customer_vehicles.customer_id end,
    full_name = case when src.person_from_batch = 1 then src.full_name else customer_vehicles.full_name end,
    name_folded = case when src.person_from_batch = 1 then src.name_folded else customer_vehicles.name_folded end,
    family_name_folded = case when src.person_from_batch = 1 then src.family_name_folded else customer_vehicles.family_name_folded end,
    given_name_folded = case when src.person_from_batch = 1 then src.given_name_folded else customer_vehicles.given_name_folded end,
    middle_name_folded = case when src.person_from_batch = 1 then src.middle_name_folded else customer_vehicles.middle_name_folded end,
    name_key = case when src.person_from_batch = 1 then src.name_key else customer_vehicles.name_key end,
    phone = case
        when src.person_from_batch = 1 then coalesce(src.phone, case when src.person_fills = 1 then customer_vehicles.phone end)
        else coalesce(customer_vehicles.phone, case when src.person_fills = 1 then src.phone end)
    end,
    phone_alt = case
        when src.person_from_batch = 1 then coalesce(src.phone_alt, case when src.person_fills = 1 then customer_vehicles.phone_alt end)
        else coalesce(customer_vehicles.phone_alt, case when src.person_fills = 1 then src.phone_alt end)
    end,
    email = case
        when src.person_from_batch = 1 then coalesce(src.email, case when src.person_fills = 1 then customer_vehicles.email end)
        else coalesce(customer_vehicles.email, case when src.person_fills = 1 then src.email end)
    end,
    birth_date = case
        when src.person_from_batch = 1 then coalesce(src.birth_date, case when src.person_fills = 1 then customer_vehicles.birth_date end)
        else coalesce(customer_vehicles.birth_date, case when src.person_fills = 1 then src.birth_date end)
    end,
    birth_year = case
        when src.person_from_batch = 1 then coalesce(src.birth_year, case when src.person_fills = 1 then customer_vehicles.birth_year end)
        else coalesce(customer_vehicles.birth_year, case when src.person_fills = 1 then src.birth_year end)
    end,
    -- What: the vehicle's facts, the leading side first, never erased by a NULL.
    vin = case when src.facts_from_batch = 1 then coalesce(src.vin, customer_vehicles.vin) else coalesce(customer_vehicles.vin, src.vin) end,
    make = case when src.facts_from_batch = 1 then coalesce(src.make, customer_vehicles.make) else coalesce(customer_vehicles.make, src.make) end,
    model = case when src.facts_from_batch = 1 then coalesce(src.model, customer_vehicles.model) else coalesce(customer_vehicles.model, src.model) end,
    variant = case when src.facts_from_batch = 1 then coalesce(src.variant, customer_vehicles.variant) else coalesce(customer_vehicles.variant, src.variant) end,
    model_raw = case when src.facts_from_batch = 1 then coalesce(src.model_raw, customer_vehicles.model_raw) else coalesce(customer_vehicles.model_raw, src.model_raw) end,
    purchase_date = case
        when src.facts_from_batch = 1 then coalesce(src.purchase_date, customer_vehicles.purchase_date)
        else coalesce(customer_vehicles.purchase_date, src.purchase_date)
    end,
    purchase_year = case
        when src.facts_from_batch = 1 then coalesce(src.purchase_year, customer_vehicles.purchase_year)
        else coalesce(customer_vehicles.purchase_year, src.purchase_year)
    end,
    price_vnd = case when src.facts_from_batch = 1 then coalesce(src.price_vnd, customer_vehicles.price_vnd) else coalesce(customer_vehicles.price_vnd, src.price_vnd) end,
    province = case when src.facts_from_batch = 1 then coalesce(src.province, customer_vehicles.province) else coalesce(customer_vehicles.province, src.province) end,
    province_old = case
        when src.facts_from_batch = 1 then coalesce(src.province_old, customer_vehicles.province_old)
        else coalesce(customer_vehicles.province_old, src.province_old)
    end,
    last_service_at = greatest(
        coalesce(src.batch_last_service_at, customer_vehicles.last_service_at),
        coalesce(customer_vehicles.last_service_at, src.batch_last_service_at)
    ),
    -- The larger count, not a sum: loading the same batch again must leave core as it was.
    service_visits = greatest(coalesce(src.batch_service_visits, 0), coalesce(customer_vehicles.service_visits, 0)),
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
    src.home_vehicle_key,
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
    src.batch_last_service_at,
    src.batch_service_visits,
    src.record_hash,
    src.batch_id,
    src.batch_id,
    src.middle_name_folded,
    src.name_key
);

-- Never the same number as phone: the leading block's alternative may be the number the other block filled in.
update core.customer_vehicles as target
set phone_alt = null
from merge_customer_vehicles_src as src
where target.vehicle_key = src.home_vehicle_key
    and target.phone_alt = target.phone;

-- History of core's person: each vehicle whose person changed (a new vehicle, another customer, phone, alternative
-- phone or email) closes its open version and opens the current one. Loading the same batch again changes nothing
-- in core, so it writes no version.
create temp table merge_customer_vehicles_changed as
select
    cv.vehicle_key,
    cv.customer_key,
    cv.customer_id,
    cv.full_name,
    cv.name_folded,
    cv.phone,
    cv.phone_alt,
    cv.email,
    cv.birth_date,
    cv.birth_year,
    src.facts_as_of,
    src.batch_id,
    case when earlier.vehicle_key is null then 1 else 0 end as is_new
from core.customer_vehicles as cv
inner join merge_customer_vehicles_src as src
    on src.home_vehicle_key = cv.vehicle_key
left join merge_customer_vehicles_before as earlier
    on earlier.vehicle_key = cv.vehicle_key
where earlier.vehicle_key is null
    or earlier.customer_key <> cv.customer_key
    or coalesce(earlier.phone, '') <> coalesce(cv.phone, '')
    or coalesce(earlier.phone_alt, '') <> coalesce(cv.phone_alt, '')
    or coalesce(earlier.email, '') <> coalesce(cv.email, '');

-- A vehicle loaded before history was kept has no version yet: its previous person is recorded, closed, once.
insert into core.customer_vehicle_history (
    vehicle_key, role, customer_key, customer_id, full_name, name_folded, phone, phone_alt, email, birth_date,
    birth_year, valid_from, valid_to, batch_id, closed_by_batch_id
)
select
    earlier.vehicle_key,
    'owner',
    earlier.customer_key,
    earlier.customer_id,
    earlier.full_name,
    earlier.name_folded,
    earlier.phone,
    earlier.phone_alt,
    earlier.email,
    earlier.birth_date,
    earlier.birth_year,
    cast(null as date),
    changed.facts_as_of,
    earlier.batch_id,
    changed.batch_id
from merge_customer_vehicles_changed as changed
inner join merge_customer_vehicles_before as earlier
    on earlier.vehicle_key = changed.vehicle_key
where not exists (
    select 1
    from core.customer_vehicle_history as known
    where known.vehicle_key = changed.vehicle_key
        and known.role = 'owner'
);

update core.customer_vehicle_history as versions
set
    valid_to = changed.facts_as_of,
    closed_by_batch_id = changed.batch_id
from merge_customer_vehicles_changed as changed
where versions.vehicle_key = changed.vehicle_key
    and changed.is_new = 0
    and versions.role = 'owner'
    and versions.closed_by_batch_id is null;

insert into core.customer_vehicle_history (
    vehicle_key, role, customer_key, customer_id, full_name, name_folded, phone, phone_alt, email, birth_date,
    birth_year, valid_from, valid_to, batch_id, closed_by_batch_id
)
select
    vehicle_key,
    'owner',
    customer_key,
    customer_id,
    full_name,
    name_folded,
    phone,
    phone_alt,
    email,
    birth_date,
    birth_year,
    facts_as_of,
    cast(null as date),
    batch_id,
    cast(null as varchar(34))
from merge_customer_vehicles_changed;

-- Persons clean set aside inside the batch (row_role), when one export named different people for one vehicle: the
-- earlier owners a resale inside the export replaced, contacts of service rows, a CustomerId reused by another
-- person. Each is kept whole in history (never blended into core's row); a reused CustomerId is also flagged. A
-- previous owner held the vehicle until the next owner's facts (the next set-aside owner, else the vehicle's row).
create temp table merge_customer_vehicles_set_aside as
with persons as (
    select
        stg.*,
        coalesce(home.home_key, stg.vehicle_key) as home_vehicle_key,
        greatest(
            coalesce(stg.purchase_date, cast(stg.last_service_at as date)),
            coalesce(cast(stg.last_service_at as date), stg.purchase_date)
        ) as facts_as_of
    from staging.stg_customer_vehicles as stg
    left join merge_customer_vehicles_home as home
        on home.service_key = stg.vehicle_key
        and home.candidates = 1
    where stg.batch_id = :batch_id
        and stg.row_role is not null
),

owners as (
    select persons.vehicle_key, persons.source_row, persons.facts_as_of, 0 as is_current
    from persons
    where persons.row_role = 'previous_owner'
    union all
    select batch_row.vehicle_key, batch_row.source_row, batch_row.facts_as_of, 1 as is_current
    from merge_customer_vehicles_batch as batch_row
    where exists (select 1 from persons where persons.vehicle_key = batch_row.vehicle_key)
),

successions as (
    select
        owners.vehicle_key,
        owners.source_row,
        owners.is_current,
        lead(owners.facts_as_of) over (
            partition by owners.vehicle_key
            order by owners.is_current, coalesce(owners.facts_as_of, cast('0001-01-01' as date)), owners.source_row
        ) as next_owner_as_of
    from owners
)

select
    persons.*,
    successions.next_owner_as_of,
    batch_row.phone as vehicle_row_phone,
    case
        when persons.row_role = 'previous_owner' then 'owner'
        when persons.row_role = 'contact' then 'contact'
        else 'held'
    end as history_role
from persons
left join successions
    on successions.vehicle_key = persons.vehicle_key
    and successions.source_row = persons.source_row
    and successions.is_current = 0
left join merge_customer_vehicles_batch as batch_row
    on batch_row.vehicle_key = persons.vehicle_key;

insert into ops.identity_conflicts (
    batch_id, vehicle_key, kind, customer_id, source_row, differs, known_phone_masked, incoming_phone_masked, candidates
)
select
    reused.batch_id,
    reused.home_vehicle_key,
    'customer_id_reused',
    reused.customer_id,
    reused.source_row,
    'name,phone',
    case when length(reused.vehicle_row_phone) >= 8 then left(reused.vehicle_row_phone, 4) || '***' || right(reused.vehicle_row_phone, 3) else '***' end,
    case when length(reused.phone) >= 8 then left(reused.phone, 4) || '***' || right(reused.phone, 3) else '***' end,
    cast(null as integer)
from (
    select
        set_aside.*,
        row_number() over (partition by set_aside.home_vehicle_key order by set_aside.source_row) as reuse_num
    from merge_customer_vehicles_set_aside as set_aside
    where set_aside.row_role = 'conflict'
) as reused
where reused.reuse_num = 1
    and not exists (
        select 1
        from ops.identity_conflicts as known
        where known.batch_id = reused.batch_id
            and known.vehicle_key = reused.home_vehicle_key
            and known.kind = 'customer_id_reused'
    );

insert into core.customer_vehicle_history (
    vehicle_key, role, customer_key, customer_id, full_name, name_folded, phone, phone_alt, email, birth_date,
    birth_year, valid_from, valid_to, batch_id, closed_by_batch_id
)
select
    set_aside.home_vehicle_key,
    set_aside.history_role,
    set_aside.customer_key,
    set_aside.customer_id,
    set_aside.full_name,
    set_aside.name_folded,
    set_aside.phone,
    set_aside.phone_alt,
    set_aside.email,
    set_aside.birth_date,
    set_aside.birth_year,
    set_aside.facts_as_of,
    case
        when set_aside.history_role = 'owner' then set_aside.next_owner_as_of
        when set_aside.history_role = 'contact' then set_aside.facts_as_of
    end,
    set_aside.batch_id,
    case when set_aside.history_role = 'owner' then set_aside.batch_id end
from merge_customer_vehicles_set_aside as set_aside
where not exists (
    -- Written already (this batch loaded again, or the same export uploaded again as another object).
    select 1
    from core.customer_vehicle_history as known
    where known.vehicle_key = set_aside.home_vehicle_key
        and known.role = set_aside.history_role
        and known.customer_key = set_aside.customer_key
        and coalesce(known.phone, '') = coalesce(set_aside.phone, '')
        and coalesce(known.email, '') = coalesce(set_aside.email, '')
        and coalesce(known.valid_from, cast('0001-01-01' as date)) = coalesce(set_aside.facts_as_of, cast('0001-01-01' as date))
);

-- Core's person replaced by this batch held the vehicle only until the first earlier owner the batch set aside
-- (not until the batch's current owner): its closed version ends at that owner's facts.
update core.customer_vehicle_history as versions
set valid_to = handover.facts_as_of
from (
    select set_aside.home_vehicle_key, min(set_aside.facts_as_of) as facts_as_of
    from merge_customer_vehicles_set_aside as set_aside
    inner join merge_customer_vehicles_before as earlier
        on earlier.vehicle_key = set_aside.home_vehicle_key
    where set_aside.row_role = 'previous_owner'
        and set_aside.customer_key <> earlier.customer_key
    group by set_aside.home_vehicle_key
) as handover
where versions.vehicle_key = handover.home_vehicle_key
    and versions.role = 'owner'
    and versions.closed_by_batch_id = :batch_id
    and versions.batch_id <> :batch_id
    and handover.facts_as_of < versions.valid_to
    and (versions.valid_from is null or handover.facts_as_of >= versions.valid_from);

drop table merge_customer_vehicles_set_aside;
drop table merge_customer_vehicles_changed;
drop table merge_customer_vehicles_before;
drop table merge_customer_vehicles_src;
drop table merge_customer_vehicles_moved;
drop table merge_customer_vehicles_home;
drop table merge_customer_vehicles_batch;
