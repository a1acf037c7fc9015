-- What apply_decisions changed in the mart: rows closed (replaced or withdrawn) and rows opened by this run.
-- Params: :run_id, :now
select
    (select count(*) from match.stale where run_id = :run_id) as closed,
    (select count(*) from marts.listing_matches where valid_from = cast(:now as timestamp)) as opened
