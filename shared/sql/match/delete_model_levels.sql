-- Clears a model version's level weights before they are written again.
-- Params: :model_version
delete from match.model_levels where model_version = :model_version
