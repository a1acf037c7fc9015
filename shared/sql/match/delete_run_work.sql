-- Removes a run's work rows (everything but match.runs).
-- Params: :run_id
delete from match.run_listings where run_id = :run_id;
delete from match.blocks where run_id = :run_id;
delete from match.candidates where run_id = :run_id;
delete from match.pairs where run_id = :run_id;
delete from match.scores where run_id = :run_id;
delete from match.decisions where run_id = :run_id
