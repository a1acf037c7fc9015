-- The size of a run's work: listings in scope, candidate rows, distinct blocked pairs (the training sample's
-- random-only pairs left out).
-- Params: :run_id
select
    (select count(*) from match.run_listings where run_id = :run_id) as listings,
    (select count(*) from match.candidates where run_id = :run_id) as candidate_rows,
    (select count(*) from match.pairs where run_id = :run_id and blocking_rule <> 'random') as pairs
