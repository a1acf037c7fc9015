-- Records a run as started.
-- Params: :run_id, :mode, :batch_id, :model_version, :now
insert into match.runs (run_id, mode, batch_id, model_version, started_at, finished_at, status, summary_json)
values (:run_id, :mode, :batch_id, :model_version, cast(:now as timestamp), null, 'running', null)
