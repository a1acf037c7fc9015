-- Loaded batches whose match has not succeeded yet (never ran, or its Match state failed): what `xecu match`
-- catches up on. Grain: one row per batch, oldest first.
-- Params: none
select batches.batch_id, batches.kind
from ops.batches as batches
left join match.batch_matches as outcomes on outcomes.batch_id = batches.batch_id
where batches.status = 'loaded' and (outcomes.batch_id is null or outcomes.match_status <> 'succeeded')
order by batches.updated_at, batches.batch_id
