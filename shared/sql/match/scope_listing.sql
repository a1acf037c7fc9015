-- Scope of one listing (xecu explain): that listing alone, matched against all customers.
-- Params: :run_id, :source, :listing_id
insert into match.run_listings (run_id, source, listing_id)
select cast(:run_id as varchar(64)), listings.source, listings.listing_id
from core.listings as listings
where listings.source = :source and listings.listing_id = :listing_id
