-- staging.stg_listings: one row per scraped listing per batch.
-- Removes a batch's staging rows: before its COPY, so a reload does not double them, and after its merge, so
-- staging holds only batches being loaded.
-- Params: :batch_id

delete from staging.stg_listings
where batch_id = :batch_id;
