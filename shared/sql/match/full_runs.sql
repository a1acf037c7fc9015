-- How many full match runs have succeeded (0: a first match must be a full one).
-- Params: none
select count(*) as runs from match.runs where mode = 'full' and status = 'succeeded'
