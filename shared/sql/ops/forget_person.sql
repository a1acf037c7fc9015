-- Erase one person (a data subject's deletion request, Vietnam PDPL 91/2025/QH15; docs/runbook.md "Delete a
-- person's data on request") from every warehouse table that holds them under the customer key given. Run in one
-- transaction, after ops/forget_person_counts shows what it will remove. Other owners of the same vehicles stay.
-- Order matters: the conflicts are found through the person's vehicles before those rows go.
-- Identity conflicts on the person's vehicles (masked phones and the source customer id, still theirs).
-- Params: customer_key (the person's key, bound in every statement below)
delete from ops.identity_conflicts
where vehicle_key in (
    select vehicle_key from core.customer_vehicles where customer_key = :customer_key
    union
    select vehicle_key from core.customer_vehicle_history where customer_key = :customer_key
);
-- Ownership history: the person's versions only; a vehicle's earlier and later owners keep theirs.
delete from core.customer_vehicle_history where customer_key = :customer_key;
-- The person's current vehicles.
delete from core.customer_vehicles where customer_key = :customer_key;
-- A batch still staged (loaded batches are already gone from staging).
delete from staging.stg_customer_vehicles where customer_key = :customer_key;
-- Matching's results and the work tables of past runs.
delete from marts.leads where customer_key = :customer_key;
delete from marts.listing_matches where customer_key = :customer_key;
delete from match.decisions where customer_key = :customer_key;
delete from match.scores where customer_key = :customer_key;
delete from match.pairs where customer_key = :customer_key
