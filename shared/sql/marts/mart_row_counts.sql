-- Not a model: the row count of each mart after a refresh, one row per table, for the report's summary.
-- Params: none
select 'marts.listing_status' as table_name, count(*) as row_count from marts.listing_status
union all
select 'marts.listing_price_history' as table_name, count(*) as row_count from marts.listing_price_history
union all
select 'marts.market_preference' as table_name, count(*) as row_count from marts.market_preference
union all
select 'marts.resale_value' as table_name, count(*) as row_count from marts.resale_value
union all
select 'marts.price_drops' as table_name, count(*) as row_count from marts.price_drops
union all
select 'marts.leads' as table_name, count(*) as row_count from marts.leads
union all
select 'marts.prospects' as table_name, count(*) as row_count from marts.prospects;
