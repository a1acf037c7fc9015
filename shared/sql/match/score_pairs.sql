-- match.scores: one row per pair of a run: each comparison's partial weight (the model's log2(m/u) for the pair's
-- level; 0 for a missing side), the prior, the given-name term-frequency adjustment and their sum, the match
-- weight, with its probability 2^w / (1 + 2^w). Exactly these numbers decide, explain and fill the mart.
-- TF adjustments (Splink's log2(u / tf(value)), with u the chance that two random customers share a value, Σ tf²,
-- computed from the same customers as tf, so the adjustment stays centred whatever population the model was
-- trained on): a full-name agreement (level 4) by the name key's frequency (a name many customers share, Nguyễn
-- Văn Hùng, takes weight away; a rare one adds some); a given-name-only agreement (levels 2, 3) by the given
-- name's. tf is floored at :tf_minimum.
-- Pairs only a training run's random sample or training-only rule produced (blocking_rule 'random', 'car_place':
-- shared/steps/match/comparisons.ts) are not scored.
-- Params: :run_id, :model_version, :tf_minimum
insert into match.scores (
    run_id, source, listing_id, vehicle_key, customer_key, blocking_rule, model_version,
    phone_level, name_level, model_level, year_level, province_level, seller_type_level,
    prior_weight, phone_weight, name_weight, tf_adjustment, model_weight, year_weight, province_weight,
    seller_type_weight, match_weight, match_probability
)
with weights as (
    select comparison, level, weight
    from match.model_levels
    where model_version = :model_version
),

prior as (
    select weight from weights where comparison = 'prior' and level = 0
),

tf_total as (
    select sum(tf * tf) as u_given from match.term_frequencies where kind = 'given_name'
),

key_tf_total as (
    select sum(tf * tf) as u_key from match.term_frequencies where kind = 'name_key'
),

partials as (
    select
        pairs.source,
        pairs.listing_id,
        pairs.vehicle_key,
        pairs.customer_key,
        pairs.blocking_rule,
        pairs.phone_level,
        pairs.name_level,
        pairs.model_level,
        pairs.year_level,
        pairs.province_level,
        pairs.seller_type_level,
        prior.weight as prior_weight,
        coalesce(phone_weights.weight, 0) as phone_weight,
        coalesce(name_weights.weight, 0) as name_weight,
        case
            when pairs.name_level = 4 and key_tf.tf is not null and key_tf_total.u_key > 0
                then ln(key_tf_total.u_key / greatest(key_tf.tf, :tf_minimum)) / ln(2.0)
            when pairs.name_level in (2, 3) and name_tf.tf is not null and tf_total.u_given > 0
                then ln(tf_total.u_given / greatest(name_tf.tf, :tf_minimum)) / ln(2.0)
            else 0
        end as tf_adjustment,
        coalesce(model_weights.weight, 0) as model_weight,
        coalesce(year_weights.weight, 0) as year_weight,
        coalesce(province_weights.weight, 0) as province_weight,
        coalesce(seller_type_weights.weight, 0) as seller_type_weight
    from match.pairs as pairs
    cross join prior
    cross join tf_total
    cross join key_tf_total
    left join match.term_frequencies as name_tf on name_tf.kind = 'given_name' and name_tf.value = pairs.given_name_folded
    left join match.term_frequencies as key_tf on key_tf.kind = 'name_key' and key_tf.value = pairs.seller_name_key
    left join weights as phone_weights
        on phone_weights.comparison = 'phone' and phone_weights.level = pairs.phone_level
    left join weights as name_weights
        on name_weights.comparison = 'name' and name_weights.level = pairs.name_level
    left join weights as model_weights
        on model_weights.comparison = 'model' and model_weights.level = pairs.model_level
    left join weights as year_weights
        on year_weights.comparison = 'year' and year_weights.level = pairs.year_level
    left join weights as province_weights
        on province_weights.comparison = 'province' and province_weights.level = pairs.province_level
    left join weights as seller_type_weights
        on seller_type_weights.comparison = 'seller_type' and seller_type_weights.level = pairs.seller_type_level
    where pairs.run_id = :run_id and pairs.blocking_rule not in ('random', 'car_place')
),

totals as (
    select
        partials.*,
        prior_weight + phone_weight + name_weight + tf_adjustment + model_weight + year_weight + province_weight
        + seller_type_weight as match_weight
    from partials
)

select
    cast(:run_id as varchar(64)), source, listing_id, vehicle_key, customer_key, blocking_rule,
    cast(:model_version as varchar(64)),
    phone_level, name_level, model_level, year_level, province_level, seller_type_level,
    prior_weight, phone_weight, name_weight, tf_adjustment, model_weight, year_weight, province_weight,
    seller_type_weight, match_weight,
    1.0 / (1.0 + power(2.0, -match_weight))
from totals
