-- Records a run's end: status (succeeded | failed) and its summary (counts, timings) as JSON.
-- Params: :run_id, :status, :summary_json, :now
update match.runs
set finished_at = cast(:now as timestamp), status = :status, summary_json = :summary_json
where run_id = :run_id
