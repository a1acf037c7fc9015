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
-- No window over all pairs: a run of a million pairs sorted whole (scores.*) spilled hundreds of MB to disk. Instead
-- one aggregate finds each listing's best weight, one hash join keeps only the pairs within a hair of it (a handful
-- per listing), and the ranking runs over those.
with listing_best as (
    select source, listing_id, max(match_weight) as best_weight, count(*) as candidates
    from match.scores
    where run_id = :run_id
    group by source, listing_id
),

near_best as (
    select scores.*, listing_best.candidates
    from match.scores as scores
    inner join listing_best
        on listing_best.source = scores.source and listing_best.listing_id = scores.listing_id
    where scores.run_id = :run_id and scores.match_weight >= listing_best.best_weight - 0.000001
),

-- Customers tied at the top: those with a pair within a hair of the listing's best.
ties as (
    select source, listing_id, count(distinct customer_key) as tied_customers
    from near_best
    group by source, listing_id
),

-- The best pair: highest weight, then closer year, then vehicle_key, so reruns pick the same.
ranked as (
    select
        near_best.*,
        row_number() over (
            partition by near_best.source, near_best.listing_id
            order by near_best.match_weight desc, near_best.year_level desc, near_best.vehicle_key
        ) as candidate_rank
    from near_best
),

best as (
    select ranked.*, ties.tied_customers
    from ranked
    inner join ties on ties.source = ranked.source and ties.listing_id = ranked.listing_id
    where ranked.candidate_rank = 1
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
            -- The rarity is of what agreed: the full name at level 4 (its term frequency), the given name below.
            when best.name_level in (2, 3, 4) then
                case best.name_level
                    when 4 then 'same full name'
                    else
                        case best.name_level when 3 then 'same family name, ' else '' end
                        || 'given name '
                        || coalesce(nullif(reverse(split_part(reverse(trim(vehicles.full_name)), ' ', 1)), ''), vehicles.given_name_folded)
                end
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
