-- The first statement of every load (customers and listings alike): waits for any other load to commit, so loads
-- run one at a time and each one's snapshot, taken after the lock, sees the loads committed before it (Redshift's
-- advice against serializable-isolation aborts: lock at the start of the transaction). It locks only
-- ops.load_lock (006_ops_load_lock.sql), never a core table: readers of core are not blocked by a load.
-- Params: none

lock ops.load_lock;
