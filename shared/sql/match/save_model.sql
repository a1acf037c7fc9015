-- Stores a trained model and makes it the active one (one transaction).
-- Params: :model_version, :trained_at, :model_json
update match.models set is_active = false where is_active = true;

delete from match.models where model_version = :model_version;

insert into match.models (model_version, trained_at, is_active, model_json)
values (:model_version, cast(:trained_at as timestamp), true, :model_json)
