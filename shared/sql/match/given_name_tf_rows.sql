-- How many values the term-frequency table holds (0 = never built).
-- Params: none
select count(*) as names from match.term_frequencies
