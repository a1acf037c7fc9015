-- Chart "median asking price by age": one row per make, model and age of the top models (most listings),
-- from marts.resale_value.
-- Params: :top_models (how many models)
with resale as (
    select * from marts.resale_value
),

model_sizes as (
    select make, model, sum(listing_count) as listings
    from resale
    group by make, model
),

ranked as (
    select make, model, row_number() over (order by listings desc, make, model) as model_rank
    from model_sizes
),

top_models as (
    select make, model from ranked where model_rank <= :top_models
),

points as (
    select
        r.make || ' ' || r.model as model_name,
        r.age_years,
        r.median_price_vnd
    from resale as r
    inner join top_models as t on t.make = r.make and t.model = r.model
    where r.median_price_vnd is not null
)

select * from points
order by model_name, age_years;
