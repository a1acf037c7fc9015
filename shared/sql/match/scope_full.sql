-- Scope of a full run: every listing in core. Grain: one row per (run_id, listing).
-- Params: :run_id
insert into match.run_listings (run_id, source, listing_id)
select cast(:run_id as varchar(64)), listings.source, listings.listing_id
from core.listings as listings
