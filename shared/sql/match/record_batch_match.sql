-- The outcome of the ingest state machine's Match state for a batch (succeeded, failed with the error).
-- Params: :batch_id, :run_id, :match_status, :error_name, :error_cause, :now
delete from match.batch_matches where batch_id = :batch_id;

insert into match.batch_matches (batch_id, run_id, match_status, error_name, error_cause, recorded_at)
values (:batch_id, :run_id, :match_status, :error_name, :error_cause, cast(:now as timestamp))
