-- The active trained model, if any (none: the repo's default model scores).
-- Params: none
select model_version, model_json
from match.models
where is_active = true
order by trained_at desc, model_version desc
limit 1
