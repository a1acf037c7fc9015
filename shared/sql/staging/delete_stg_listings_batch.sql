-- staging.stg_listings: one row per scraped listing per batch.
-- Removes a batch's staging rows so its COPY can run again without doubling them.
-- Params: :batch_id

delete from staging.stg_listings
where batch_id = :batch_id;
