-- match.given_name_tf: one row per customer given name (folded), its share of the customer vehicles that have
-- one. Rebuilt whole (delete + insert in one transaction) on a full run, on training, and when it is empty.
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
