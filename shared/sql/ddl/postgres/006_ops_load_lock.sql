-- ops.load_lock: never holds rows. Every load locks it first thing in its transaction (ops/lock_load.sql), so loads
-- run one at a time without locking the core tables they write: Redshift's LOCK is ACCESS EXCLUSIVE and would
-- block every SELECT on core (dashboards, marts, match) for the whole COPY + MERGE, while the write locks COPY and
-- MERGE take implicitly (ShareRowExclusive) leave readers of core alone.

create table if not exists ops.load_lock (
    held_by varchar(64)
);
