-- marts.listing_price_history: one row per (source, listing_id, changed_on); key: (source, listing_id, changed_on).
-- Every price change of every listing, drops and rises, with dates. core.listing_prices already holds one price
-- per listing per Vietnam calendar day (the day's latest scrape), so a listing scraped again the same day changes
-- nothing here; a day whose price equals the previous sighting's is not a change.
-- listed_on: the Vietnam day the listing went on the market: the site's posted date when it is earlier than our
-- first sighting (we saw it later), else the first sighting (a bumped ad shows a later posted date).
-- Stored in the marts schema (the refresh may write marts only); rebuilt whole: delete + insert, inside the marts
-- refresh's transaction.
-- Params: none

delete from marts.listing_price_history;

insert into marts.listing_price_history (
    source,
    listing_id,
    changed_on,
    previous_observed_on,
    previous_price_vnd,
    price_vnd,
    change_vnd,
    change_pct,
    direction,
    listed_on,
    days_since_listed
)
with

listing_prices as (
    select source, listing_id, observed_on, price_vnd
    from core.listing_prices
),

listings as (
    select source, listing_id, posted_at, first_seen_at
    from core.listings
),

listed as (
    select
        source,
        listing_id,
        case
            when posted_at is not null
                and cast(posted_at + interval '7 hours' as date) < cast(first_seen_at + interval '7 hours' as date)
                then cast(posted_at + interval '7 hours' as date)
            else cast(first_seen_at + interval '7 hours' as date)
        end as listed_on
    from listings
),

with_previous as (
    select
        source,
        listing_id,
        observed_on,
        price_vnd,
        lag(observed_on) over (partition by source, listing_id order by observed_on) as previous_observed_on,
        lag(price_vnd) over (partition by source, listing_id order by observed_on) as previous_price_vnd
    from listing_prices
),

changes as (
    select
        with_previous.source,
        with_previous.listing_id,
        with_previous.observed_on as changed_on,
        with_previous.previous_observed_on,
        with_previous.previous_price_vnd,
        with_previous.price_vnd,
        with_previous.price_vnd - with_previous.previous_price_vnd as change_vnd,
        cast(
            round(100.0 * (with_previous.price_vnd - with_previous.previous_price_vnd) / with_previous.previous_price_vnd, 2)
            as decimal(9, 2)
        ) as change_pct,
        case when with_previous.price_vnd < with_previous.previous_price_vnd then 'drop' else 'rise' end as direction,
        coalesce(listed.listed_on, with_previous.observed_on) as listed_on
    from with_previous
    left join listed
        on listed.source = with_previous.source
        and listed.listing_id = with_previous.listing_id
    where with_previous.previous_price_vnd is not null
        and with_previous.previous_price_vnd > 0
        and with_previous.price_vnd <> with_previous.previous_price_vnd
),

final as (
    select
        source,
        listing_id,
        changed_on,
        previous_observed_on,
        previous_price_vnd,
        price_vnd,
        change_vnd,
        change_pct,
        direction,
        listed_on,
        changed_on - listed_on as days_since_listed
    from changes
)

select * from final;
