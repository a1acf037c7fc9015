-- Fresh planner statistics for match.run_listings once a run has filled it: without them PostgreSQL plans the next join
-- for the one row it last saw and picks nested loops over thousands (minutes instead of milliseconds). One
-- statement, outside any transaction (Redshift and PostgreSQL both take ANALYZE so).
-- Params: none
analyze match.run_listings
