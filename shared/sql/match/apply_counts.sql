-- What apply_decisions changed in the mart: rows closed (replaced or withdrawn) and rows opened by this run (both
-- carry the run's :now).
-- Params: :now
select
    (select count(*) from marts.listing_matches where valid_to = cast(:now as timestamp)) as closed,
    (select count(*) from marts.listing_matches where valid_from = cast(:now as timestamp)) as opened
