-- How many level rows a model version has stored. Params: :model_version
select count(*) as levels from match.model_levels where model_version = :model_version
