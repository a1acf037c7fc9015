-- What xecu explain shows of the listing itself.
-- Params: :source, :listing_id
select source, listing_id, url, make, model, year, province, seller_name, seller_phone, seller_type, last_seen_at
from core.listings
where source = :source and listing_id = :listing_id
