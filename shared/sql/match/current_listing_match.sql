-- A listing's current mart row (valid_to null), if any.
-- Params: :source, :listing_id
select
    source, listing_id, customer_key, customer_id, vehicle_key, match_weight, match_probability, band,
    blocking_rule, model_version, matched_at, why, valid_from
from marts.listing_matches
where source = :source and listing_id = :listing_id and valid_to is null
