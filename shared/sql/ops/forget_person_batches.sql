-- The batches whose files held :customer_key's rows, with the objects to look at (raw source, processed CSV,
-- rejects): the batches recorded on the person's rows (first and latest load of each vehicle, every history
-- version and the batch that closed it). Run it BEFORE ops/forget_person: afterwards the rows that name the
-- batches are gone. A customers export loaded in between may hold the person too: docs/runbook.md.
-- Params: :customer_key
select
    b.batch_id,
    b.kind,
    b.status,
    b.source_bucket,
    b.source_key,
    b.processed_key,
    b.rejects_key,
    b.created_at
from ops.batches as b
where b.batch_id in (
    select first_batch_id from core.customer_vehicles where customer_key = :customer_key
    union
    select batch_id from core.customer_vehicles where customer_key = :customer_key
    union
    select batch_id from core.customer_vehicle_history where customer_key = :customer_key
    union
    select closed_by_batch_id from core.customer_vehicle_history
    where customer_key = :customer_key and closed_by_batch_id is not null
)
order by b.created_at, b.batch_id
