-- ops.identity_conflicts: identity decisions the load would not make alone, kept for a person to resolve.
-- Grain: one row per (batch_id, vehicle_key, kind).
--   customer_id_reused: the batch's row has the CustomerId of core's row for that vehicle but another name AND
--     another phone (a re-numbered export, a typo). Core keeps its person; the batch's person is kept apart in
--     core.customer_vehicle_history (role held); source_row finds the record in the batch's file.
--   vehicle_ambiguous: a service row without VIN and sale fits several vehicles of its customer and model
--     (candidates says how many); it stays its own vehicle instead of joining one.
-- No raw PII: keys, which person fields differed, and phones masked as maskPhone masks them (0903***456).
-- resolved_at is set by whoever resolves it (xecu run reports the unresolved count).
create table if not exists ops.identity_conflicts (
    batch_id varchar(34) not null,
    vehicle_key varchar(128) not null,
    kind varchar(32) not null,
    customer_id varchar(128),
    source_row integer,
    differs varchar(64),
    known_phone_masked varchar(32),
    incoming_phone_masked varchar(32),
    candidates integer,
    detected_at timestamp not null default (now() at time zone 'utc'),
    resolved_at timestamp,
    primary key (batch_id, vehicle_key, kind)
);
