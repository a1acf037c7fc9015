-- The strongest current leads with why, for a summary (demo).
-- Params: :limit
select source, listing_id, customer_id, match_probability, why
from marts.listing_matches
where valid_to is null and band = 'lead'
order by match_weight desc, source, listing_id
limit :limit
