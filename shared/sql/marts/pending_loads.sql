-- The report's wait condition before a marts refresh, not a model: batches whose load has not ended (status
-- neither 'loaded' nor 'failed') and that were touched at or after :not_before (UTC), i.e. loads still under way.
-- An older unfinished batch is a stuck one: counted apart so the report can say so, but not waited for.
-- Params: :not_before
select
    sum(case when updated_at >= cast(:not_before as timestamp) then 1 else 0 end) as pending,
    sum(case when updated_at < cast(:not_before as timestamp) then 1 else 0 end) as stuck
from ops.batches
where status not in ('loaded', 'failed');
