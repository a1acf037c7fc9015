-- match.decisions: one row per listing of a run that has a candidate: its best customer vehicle (highest match
-- weight; then closer year; then vehicle_key, so reruns pick the same), how many candidates it had, how many
-- different customers tie at the top, the band and a short sentence saying why.
-- Bands: `lead` needs probability >= :lead_min_probability, a private seller (a dealer reselling a customer's car
-- is not that customer selling), no tie with another customer, and identifying evidence (the phone, or given and
-- family name); `review` needs probability >= :review_min_probability; below that, band is null (no mart row).
-- Params: :run_id, :lead_min_probability, :review_min_probability
insert into match.decisions (
    run_id, source, listing_id, customer_key, customer_id, vehicle_key, phone, match_weight, match_probability,
    band, blocking_rule, model_version, candidates, tied_customers,
    phone_level, name_level, model_level, year_level, province_level, seller_type_level,
    prior_weight, phone_weight, name_weight, tf_adjustment, model_weight, year_weight, province_weight,
    seller_type_weight, why
)
with ranked as (
    select
        scores.*,
        row_number() over (
            partition by scores.source, scores.listing_id
            order by scores.match_weight desc, scores.year_level desc, scores.vehicle_key
        ) as candidate_rank,
        row_number() over (
            partition by scores.source, scores.listing_id, scores.customer_key
            order by scores.match_weight desc, scores.vehicle_key
        ) as customer_rank,
        max(scores.match_weight) over (partition by scores.source, scores.listing_id) as best_weight,
        count(*) over (partition by scores.source, scores.listing_id) as candidates
    from match.scores as scores
    where scores.run_id = :run_id
),

-- Customers tied at the top: each customer's best pair (customer_rank 1) within a hair of the listing's best.
-- Window functions only, no join of two derived tables (their row estimates are guesses; a nested loop over them
-- took minutes).
counted as (
    select
        ranked.*,
        sum(case when ranked.customer_rank = 1 and ranked.match_weight >= ranked.best_weight - 0.000001 then 1 else 0 end)
            over (partition by ranked.source, ranked.listing_id) as tied_customers
    from ranked
),

best as (
    select counted.*
    from counted
    where counted.candidate_rank = 1
),

described as (
    select
        best.*,
        vehicles.customer_id,
        vehicles.phone,
        case
            when best.match_probability >= :lead_min_probability
                and best.seller_type_level <> 0
                and best.tied_customers = 1
                and (best.phone_level >= 1 or best.name_level >= 3)
                then 'lead'
            when best.match_probability >= :review_min_probability then 'review'
        end as band,
        case best.phone_level
            when 2 then 'same phone ' || substring(listings.seller_phone, 1, 4) || '***' || right(listings.seller_phone, 3) || '; '
            when 1 then 'customer''s other phone ' || substring(listings.seller_phone, 1, 4) || '***'
                || right(listings.seller_phone, 3) || '; '
            when 0 then 'different phone; '
            else ''
        end
        || case
            when best.name_level in (2, 3, 4) then
                case best.name_level when 4 then 'same full name, ' when 3 then 'same family name, ' else '' end
                || 'given name '
                || coalesce(nullif(reverse(split_part(reverse(trim(vehicles.full_name)), ' ', 1)), ''), vehicles.given_name_folded)
                || case
                    when best.tf_adjustment >= 1 then ' (rare, '
                    when best.tf_adjustment <= -1 then ' (common, '
                    else ' ('
                end
                || case when best.name_weight + best.tf_adjustment >= 0 then '+' else '' end
                || cast(round(cast(best.name_weight + best.tf_adjustment as numeric(12, 4)), 1) as varchar(16))
                || '); '
            when best.name_level = 1 then 'given name among the seller''s words; '
            when best.name_level = 0 then 'different name; '
            else ''
        end
        || case
            when best.model_level >= 1 then
                coalesce(listings.model, '?') || ' ' || coalesce(cast(listings.year as varchar(8)), '?') || ' vs bought '
                || case when best.model_level = 1 then coalesce(vehicles.model, '?') || ' ' else '' end
                || coalesce(cast(vehicles.purchase_year as varchar(8)), '?') || '; '
            when best.model_level = 0 then 'other model; '
            else ''
        end
        || case best.province_level
            when 1 then listings.province || '; '
            when 0 then listings.province || ' vs ' || vehicles.province || '; '
            else ''
        end
        || case when best.seller_type_level = 0 then 'dealer ad; ' else '' end
        || case
            when best.tied_customers > 1 then 'tied with ' || cast(best.tied_customers - 1 as varchar(8)) || ' other customer(s); '
            else ''
        end as why_text
    from best
    inner join core.listings as listings
        on listings.source = best.source and listings.listing_id = best.listing_id
    inner join core.customer_vehicles as vehicles on vehicles.vehicle_key = best.vehicle_key
)

select
    cast(:run_id as varchar(64)), source, listing_id, customer_key, customer_id, vehicle_key, phone, match_weight,
    match_probability, band, blocking_rule, model_version, candidates, tied_customers,
    phone_level, name_level, model_level, year_level, province_level, seller_type_level,
    prior_weight, phone_weight, name_weight, tf_adjustment, model_weight, year_weight, province_weight,
    seller_type_weight,
    case when length(why_text) > 2 then substring(why_text, 1, length(why_text) - 2) else why_text end
from described
