-- Grain: one row for the whole warehouse. How many identity conflicts (ops.identity_conflicts) no one has
-- resolved yet; xecu run reports it after a load.
-- Params: none
select count(*) as open_identity_conflicts
from ops.identity_conflicts
where resolved_at is null;
