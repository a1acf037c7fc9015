-- The match function's database role, as ddl/redshift/016_match_grants.sql (see there): NOLOGIN here, a session
-- takes it with SET ROLE. Roles belong to the whole server: a concurrent migrate may create it first.
do $$
begin
    if not exists (select 1 from pg_roles where rolname = 'xecu_match') then
        begin
            create role xecu_match nologin;
        exception when duplicate_object or unique_violation then
            null;
        end;
    end if;

    grant usage on schema match, core, ops, marts to xecu_match;
    grant select, insert, update, delete on all tables in schema match to xecu_match;
    grant select on all tables in schema core, ops to xecu_match;
    grant select, insert, update on marts.listing_matches to xecu_match;
end
$$;
