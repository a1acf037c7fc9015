-- A run's decisions (the best candidate per listing, band, why).
-- Params: :run_id
select
    source, listing_id, customer_key, customer_id, vehicle_key, match_weight, match_probability, band,
    blocking_rule, model_version, candidates, tied_customers, why
from match.decisions
where run_id = :run_id
order by source, listing_id
