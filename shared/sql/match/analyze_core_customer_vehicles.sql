-- Fresh planner statistics for core.customer_vehicles before a run joins it (PGlite has no autovacuum, and loads MERGE into
-- core without analyzing it; ANALYZE samples a fixed number of rows, so this costs about the same at any size).
-- One statement, outside any transaction.
-- Params: none
analyze core.customer_vehicles
