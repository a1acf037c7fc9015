-- staging.stg_customer_vehicles: one row per (customer_key, vehicle_key) per batch.
-- Removes a batch's staging rows so its COPY can run again without doubling them.
-- Params: :batch_id

delete from staging.stg_customer_vehicles
where batch_id = :batch_id;
