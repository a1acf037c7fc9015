-- match.block_sizes: how many customer vehicles each given name + model blocking key holds. Rebuilt whole (delete +
-- insert in one transaction) whenever term_frequencies is: a full run, a customer batch, training, and when empty.
-- block_given_name_model.sql reads its block sizes from here.
-- Params: none
delete from match.block_sizes;

insert into match.block_sizes (blocking_rule, first_key, second_key, vehicles)
select 'given_name_model', given_name_folded, model, count(*)
from core.customer_vehicles
where given_name_folded is not null and model is not null
group by given_name_folded, model
