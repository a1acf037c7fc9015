-- xecu explain: every scored candidate of a one-listing run, best first, with each comparison's level and partial
-- weight exactly as match.scores holds them (the numbers the decision used) and what the customer side shows.
-- Params: :run_id
select
    scores.vehicle_key, scores.customer_key, vehicles.customer_id, vehicles.full_name, vehicles.phone,
    vehicles.make, vehicles.model, vehicles.purchase_year, vehicles.province, scores.blocking_rule,
    scores.model_version,
    scores.phone_level, scores.name_level, scores.model_level, scores.year_level, scores.province_level,
    scores.seller_type_level,
    scores.prior_weight, scores.phone_weight, scores.name_weight, scores.tf_adjustment, scores.model_weight,
    scores.year_weight, scores.province_weight, scores.seller_type_weight, scores.match_weight,
    scores.match_probability
from match.scores as scores
inner join core.customer_vehicles as vehicles on vehicles.vehicle_key = scores.vehicle_key
where scores.run_id = :run_id
order by scores.match_weight desc, scores.year_level desc, scores.vehicle_key
