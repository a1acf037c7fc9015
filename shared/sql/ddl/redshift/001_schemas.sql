-- Schemas by layer: ops (pipeline bookkeeping), staging (1:1 with loaded files), core (business entities),
-- marts (built later). Idempotent.
create schema if not exists ops;
create schema if not exists staging;
create schema if not exists core;
create schema if not exists marts;
