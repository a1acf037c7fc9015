-- The mart now: current matches (valid_to null) per source and band.
-- Params: none
select source, band, count(*) as listings
from marts.listing_matches
where valid_to is null
group by source, band
order by source, band
