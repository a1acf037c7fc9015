-- A run's decisions by source and band ('none' = best candidate below the review band).
-- Params: :run_id
select source, coalesce(band, 'none') as band, count(*) as listings
from match.decisions
where run_id = :run_id
group by source, coalesce(band, 'none')
order by source, coalesce(band, 'none')
