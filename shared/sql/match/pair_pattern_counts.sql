-- Distinct comparison vectors over a run's blocked pairs (each pair once, the random sample left out), with
-- counts: what the prior is fitted on.
-- Params: :run_id
select
    phone_level, name_level, model_level, year_level, province_level, seller_type_level, count(*) as pair_count
from match.pairs
where run_id = :run_id and blocking_rule <> 'random'
group by phone_level, name_level, model_level, year_level, province_level, seller_type_level
order by phone_level, name_level, model_level, year_level, province_level, seller_type_level
