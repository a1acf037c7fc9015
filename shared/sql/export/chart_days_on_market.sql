-- Chart "days on market by model": one row per make and model of the latest month, whole country, with a median
-- days on market of removed listings, for the models with most active listings; from marts.market_preference.
-- Params: :top_models (how many models)
with preference as (
    select * from marts.market_preference
    where province = 'Toàn quốc'
),

latest as (
    select max(month_start) as month_start from preference
),

ranked as (
    select
        p.make || ' ' || p.model as model_name,
        p.median_days_on_market_removed as median_days_on_market,
        row_number() over (order by p.active_listings desc, p.make, p.model) as model_rank
    from preference as p
    inner join latest on latest.month_start = p.month_start
    where p.median_days_on_market_removed is not null
)

select model_name, median_days_on_market from ranked
where model_rank <= :top_models
order by median_days_on_market, model_name;
