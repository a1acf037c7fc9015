-- Fresh planner statistics for core.customer_vehicles before a run joins it (PGlite has no autovacuum, and loads MERGE into
-- core without analyzing it; ANALYZE samples a fixed number of rows, so this costs about the same at any size).
-- One statement, outside any transaction.
-- Only the columns match joins and filters on: about half the time of analyzing every column.
-- Params: none
analyze core.customer_vehicles (vehicle_key, customer_key, batch_id, phone, phone_alt, name_key, given_name_folded, make, model, purchase_year, province)
