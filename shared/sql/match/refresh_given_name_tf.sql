-- match.given_name_tf and match.name_key_tf: one row per customer given name (folded) / name key, its share of the
-- customer vehicles that have one. Rebuilt whole (delete + insert in one transaction) on a full run, on training,
-- and when empty.
-- Params: none
delete from match.given_name_tf;

insert into match.given_name_tf (given_name_folded, vehicles, tf)
with name_counts as (
    select given_name_folded, count(*) as vehicles
    from core.customer_vehicles
    where given_name_folded is not null
    group by given_name_folded
),

total as (
    select sum(vehicles) as vehicles from name_counts
)

select name_counts.given_name_folded, name_counts.vehicles, cast(name_counts.vehicles as double precision) / total.vehicles
from name_counts
cross join total
;

delete from match.name_key_tf;

insert into match.name_key_tf (name_key, vehicles, tf)
with key_counts as (
    select name_key, count(*) as vehicles
    from core.customer_vehicles
    where name_key is not null
    group by name_key
),

total as (
    select sum(vehicles) as vehicles from key_counts
)

select key_counts.name_key, key_counts.vehicles, cast(key_counts.vehicles as double precision) / total.vehicles
from key_counts
cross join total
