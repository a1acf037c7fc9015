-- Pairs per blocking rule of a run, before scoring: pairs the rule produced (capped blocks excluded), listings
-- and pairs it left out because the block was over :block_cap. Grain: one row per rule that found any block.
-- Params: :run_id, :block_cap
select
    blocking_rule,
    sum(case when block_size <= :block_cap then block_size else 0 end) as pairs,
    sum(case when block_size > :block_cap then 1 else 0 end) as capped_listings,
    sum(case when block_size > :block_cap then block_size else 0 end) as capped_pairs
from match.blocks
where run_id = :run_id
group by blocking_rule
order by blocking_rule
