-- Database role of the match function (functions/match), beside those of 020_access_grants.sql (see there):
--   xecu_match   matching (ingest Match state, report re-match)   match: select, insert, update, delete;
--                                                                 marts.listing_matches: select, insert, update;
--                                                                 core, ops: select
-- On Serverless the match Lambda's IAM role carries RedshiftDbRoles=xecu_match (resources/iam.yml); on a cluster
-- it signs in as xecu_match_user (no password). ANALYZE needs the table's owner: the match step tolerates its
-- refusal (Redshift analyzes on its own). Idempotent: the procedure creates the role and user only when missing.
create or replace procedure match.xecu_grant_match_access()
as $$
begin
    if not exists (select 1 from svv_roles where svv_roles.role_name = 'xecu_match') then
        execute 'create role xecu_match';
    end if;
    if not exists (select 1 from pg_user where pg_user.usename = 'xecu_match_user') then
        execute 'create user xecu_match_user password disable';
    end if;
    grant role xecu_match to xecu_match_user;

    grant usage on schema match to role xecu_match;
    grant usage on schema core to role xecu_match;
    grant usage on schema ops to role xecu_match;
    grant usage on schema marts to role xecu_match;
    grant select, insert, update, delete on all tables in schema match to role xecu_match;
    grant select on all tables in schema core to role xecu_match;
    grant select on all tables in schema ops to role xecu_match;
    grant select, insert, update on marts.listing_matches to role xecu_match;
end;
$$ language plpgsql;

revoke execute on procedure match.xecu_grant_match_access() from public;

call match.xecu_grant_match_access();
