-- The pattern-count table EM runs on: one row per (blocking rule that produced the pair, distinct comparison
-- vector) with how many pairs show it. A pair several rules produced counts once under each of them.
-- Params: :run_id
with rule_pairs as (
    select candidates.rule_rank, pairs.phone_level, pairs.name_level, pairs.model_level, pairs.year_level,
        pairs.province_level, pairs.seller_type_level
    from match.candidates as candidates
    inner join match.pairs as pairs
        on pairs.run_id = candidates.run_id
        and pairs.source = candidates.source
        and pairs.listing_id = candidates.listing_id
        and pairs.vehicle_key = candidates.vehicle_key
    where candidates.run_id = :run_id
)

select
    rule_rank, phone_level, name_level, model_level, year_level, province_level, seller_type_level,
    count(*) as pair_count
from rule_pairs
group by rule_rank, phone_level, name_level, model_level, year_level, province_level, seller_type_level
order by rule_rank, phone_level, name_level, model_level, year_level, province_level, seller_type_level
