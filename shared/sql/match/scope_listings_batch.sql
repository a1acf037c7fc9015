-- Scope of a loaded listings batch: the listings that batch inserted or updated, matched against all customers.
-- Params: :run_id, :batch_id
insert into match.run_listings (run_id, source, listing_id)
select cast(:run_id as varchar(64)), listings.source, listings.listing_id
from core.listings as listings
where listings.batch_id = :batch_id
