-- Fresh planner statistics for marts.listing_matches before a run applies its decisions (see
-- analyze_core_customer_vehicles.sql). One statement, outside any transaction.
-- Only the columns match joins and filters on: about half the time of analyzing every column.
-- Params: none
analyze marts.listing_matches (source, listing_id, vehicle_key, customer_key, band, model_version, valid_from, valid_to)
