-- How many given names the term-frequency table holds (0 = never built). Params: none
select count(*) as names from match.given_name_tf
