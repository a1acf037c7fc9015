-- Locks every table a listings load writes, first thing in its transaction and always in this order (see
-- lock_customers_load.sql).
-- Params: none

lock staging.stg_listings, core.listings, core.listing_prices;
