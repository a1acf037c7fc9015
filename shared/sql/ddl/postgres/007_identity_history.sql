-- core.customer_vehicle_history: every owner and contact a vehicle has had, with the batch that brought each and
-- when it held the vehicle. Grain: one row per vehicle per person version (a new owner, or the same owner with
-- another phone, alternative phone or email opens a new version and closes the one before).
-- role: owner (core's person at some time), contact (someone a service row without CustomerId named: not the
-- owner), held (a person kept out of core because one CustomerId came with another name and phone: see
-- ops.identity_conflicts). valid_from/valid_to: the dates of the facts that brought / replaced the person
-- (purchase or service date; NULL when the row had none, or for a vehicle loaded before this table existed);
-- closed_by_batch_id is set once a later person replaced it: each vehicle has exactly one owner row with
-- closed_by_batch_id NULL, its person in core.customer_vehicles now. Written by core/merge_customer_vehicles.sql
-- only; loading the same batch again adds nothing.
create table if not exists core.customer_vehicle_history (
    vehicle_key varchar(128) not null,
    role varchar(16) not null,
    customer_key varchar(256) not null,
    customer_id varchar(128),
    full_name varchar(512),
    name_folded varchar(256),
    phone varchar(32),
    phone_alt varchar(32),
    email varchar(320),
    birth_date date,
    birth_year integer,
    valid_from date,
    valid_to date,
    batch_id varchar(34) not null,
    closed_by_batch_id varchar(34),
    recorded_at timestamp not null default (now() at time zone 'utc')
);

-- Every merge probes a vehicle's versions (open one, same person already there): without this, quadratic.
create index if not exists customer_vehicle_history_vehicle_idx on core.customer_vehicle_history (vehicle_key);

-- staging.stg_customer_vehicles.row_role: the persons clean set aside when one export names different people for one
-- vehicle (previous_owner, contact, conflict; NULL for the vehicle's row), which the merge writes into this history.
-- 003_staging_tables.sql creates it in new tables; older tables get it here.
alter table staging.stg_customer_vehicles add column if not exists row_role varchar(16);
