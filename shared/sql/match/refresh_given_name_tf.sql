-- match.term_frequencies: one row per customer given name (kind 'given_name') and per name key (kind 'name_key'),
-- with its share of the customer vehicles that have one. Rebuilt whole (delete + insert in one transaction) on a full
-- run, on training, and when empty.
-- Params: none
delete from match.term_frequencies;

insert into match.term_frequencies (kind, value, vehicles, tf)
with name_counts as (
    select given_name_folded as value, count(*) as vehicles
    from core.customer_vehicles
    where given_name_folded is not null
    group by given_name_folded
),

total as (
    select sum(vehicles) as vehicles from name_counts
)

select 'given_name', name_counts.value, name_counts.vehicles, cast(name_counts.vehicles as double precision) / total.vehicles
from name_counts
cross join total;

insert into match.term_frequencies (kind, value, vehicles, tf)
with key_counts as (
    select name_key as value, count(*) as vehicles
    from core.customer_vehicles
    where name_key is not null
    group by name_key
),

total as (
    select sum(vehicles) as vehicles from key_counts
)

select 'name_key', key_counts.value, key_counts.vehicles, cast(key_counts.vehicles as double precision) / total.vehicles
from key_counts
cross join total
