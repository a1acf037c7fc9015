-- Locks every table a customer load writes, first thing in its transaction and always in this order, so
-- concurrent customer loads queue instead of failing Redshift's serializable isolation check (AWS's advice:
-- lock all tables at the start of the transaction). ops.batches is left out: locking it would block the
-- batch-summary reads of other executions for the length of a COPY.
-- Params: none

lock staging.stg_customer_vehicles, core.customer_vehicles;
