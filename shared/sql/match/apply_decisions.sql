-- Writes a run's decisions into marts.listing_matches, keeping history. For each listing in the run's scope:
-- a current row (valid_to null) whose match the new decision repeats (same customer vehicle, band and model
-- version) stays current, its weights and why refreshed in place (a new customer elsewhere moves the prior a
-- little: that is not a new match); otherwise it is closed (valid_to = :now) and the new decision, if it has a
-- band, becomes the current row (valid_from = matched_at = :now). So running match twice changes nothing.
-- One transaction; the mart is locked so two runs do not interleave.
-- Params: :run_id, :now
lock marts.listing_matches;

-- First, which decisions repeat their listing's current row: the insert at the end then reads only match.decisions.
-- (An anti-join from the insert to marts.listing_matches itself, planned for an empty mart, re-read every row it
-- had just inserted: a first full run spent minutes there.)
update match.decisions
set repeats_current = true
from marts.listing_matches
where decisions.run_id = :run_id
    and listing_matches.valid_to is null
    and listing_matches.source = decisions.source
    and listing_matches.listing_id = decisions.listing_id
    and listing_matches.vehicle_key = decisions.vehicle_key
    and listing_matches.customer_key = decisions.customer_key
    and listing_matches.band = decisions.band
    and listing_matches.model_version = decisions.model_version;

update marts.listing_matches
set
    customer_id = decisions.customer_id,
    phone = decisions.phone,
    match_weight = decisions.match_weight,
    match_probability = decisions.match_probability,
    blocking_rule = decisions.blocking_rule,
    why = decisions.why,
    candidates = decisions.candidates,
    tied_customers = decisions.tied_customers,
    phone_level = decisions.phone_level,
    name_level = decisions.name_level,
    model_level = decisions.model_level,
    year_level = decisions.year_level,
    province_level = decisions.province_level,
    seller_type_level = decisions.seller_type_level,
    prior_weight = decisions.prior_weight,
    phone_weight = decisions.phone_weight,
    name_weight = decisions.name_weight,
    tf_adjustment = decisions.tf_adjustment,
    model_weight = decisions.model_weight,
    year_weight = decisions.year_weight,
    province_weight = decisions.province_weight,
    seller_type_weight = decisions.seller_type_weight
from match.decisions as decisions
where decisions.run_id = :run_id
    and decisions.repeats_current
    and listing_matches.valid_to is null
    and listing_matches.source = decisions.source
    and listing_matches.listing_id = decisions.listing_id;

-- Close every current row of the scoped listings, then reopen those the decisions repeat (refreshed above): no
-- correlated subquery, which Redshift's UPDATE does not take everywhere.
update marts.listing_matches
set valid_to = :now
from match.run_listings as scope
where scope.run_id = :run_id
    and listing_matches.source = scope.source
    and listing_matches.listing_id = scope.listing_id
    and listing_matches.valid_to is null;

-- A listing has one current row, so the row this run closed is the one its repeating decision refreshed.
update marts.listing_matches
set valid_to = null
from match.decisions as decisions
where decisions.run_id = :run_id
    and decisions.repeats_current
    and listing_matches.valid_to = :now
    and listing_matches.valid_from < :now
    and listing_matches.source = decisions.source
    and listing_matches.listing_id = decisions.listing_id;

insert into marts.listing_matches (
    source, listing_id, customer_key, customer_id, vehicle_key, phone, match_weight, match_probability, band,
    blocking_rule, model_version, matched_at, why, valid_from, valid_to, candidates, tied_customers,
    phone_level, name_level, model_level, year_level, province_level, seller_type_level,
    prior_weight, phone_weight, name_weight, tf_adjustment, model_weight, year_weight, province_weight,
    seller_type_weight
)
select
    decisions.source, decisions.listing_id, decisions.customer_key, decisions.customer_id, decisions.vehicle_key,
    decisions.phone, decisions.match_weight, decisions.match_probability, decisions.band, decisions.blocking_rule,
    decisions.model_version, cast(:now as timestamp), decisions.why, cast(:now as timestamp), null,
    decisions.candidates, decisions.tied_customers,
    decisions.phone_level, decisions.name_level, decisions.model_level, decisions.year_level,
    decisions.province_level, decisions.seller_type_level,
    decisions.prior_weight, decisions.phone_weight, decisions.name_weight, decisions.tf_adjustment,
    decisions.model_weight, decisions.year_weight, decisions.province_weight, decisions.seller_type_weight
from match.decisions as decisions
where decisions.run_id = :run_id and decisions.band is not null and not decisions.repeats_current
