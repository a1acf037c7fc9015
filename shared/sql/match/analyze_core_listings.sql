-- Fresh planner statistics for core.listings before a run joins it (PGlite has no autovacuum, and loads MERGE into
-- core without analyzing it; ANALYZE samples a fixed number of rows, so this costs about the same at any size).
-- One statement, outside any transaction.
-- Only the columns match joins and filters on: about half the time of analyzing every column.
-- Params: none
analyze core.listings (source, listing_id, batch_id, last_seen_at, seller_phone, seller_name_key, seller_given_name_folded, make, model, year, province)
