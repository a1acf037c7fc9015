-- How many rows the term-frequency and block-size tables hold (0 = never built).
-- Params: none
select
    (select count(*) from match.term_frequencies) as names,
    (select count(*) from match.block_sizes) as block_keys
