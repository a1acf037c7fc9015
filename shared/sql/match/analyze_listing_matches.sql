-- Fresh planner statistics for marts.listing_matches before a run applies its decisions (see
-- analyze_core_customer_vehicles.sql). One statement, outside any transaction.
-- Params: none
analyze marts.listing_matches
