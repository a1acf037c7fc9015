-- Least privilege in the warehouse (docs/security-model.md). migrate alone owns the DDL: it signs in as the admin
-- and runs this file after every table file (020 sorts after them), so the "all tables in schema" grants below cover
-- every table that exists when it runs, new ones included. Idempotent: roles and users are created only when
-- missing, grants may be repeated.
--
-- Database roles, one per kind of work; no role may create, alter or drop anything:
--   xecu_manifest  write-manifest: records batches             ops: select, insert, update
--   xecu_load      load, statement-status, fail-batch          staging, core: select, insert, update, delete;
--                  (COPY into staging, MERGE into core)        ops: select, insert, update
--   xecu_marts     refreshes the marts (report)                marts: select, insert, update, delete;
--                                                              core, ops: select
--   xecu_read      reads for exports and matching              core, marts, ops.batches: select
--   xecu_match     matching (functions/match, issue 7)         match: select, insert, update, delete;
--                                                              marts.listing_matches: select, insert, update;
--                                                              core, ops: select
-- Who gets them: on Redshift Serverless the Data API signs each Lambda in as IAMR:<its IAM role name> and grants
-- the roles named in that IAM role's RedshiftDbRoles tag (resources/iam.yml). On a provisioned cluster a Lambda
-- passes its own DbUser, one of the users created here (no password: only IAM GetClusterCredentials signs them in).
--
-- Redshift has no CREATE ROLE/USER IF NOT EXISTS: the procedure checks the catalog first. It runs with the
-- caller's rights (the admin); nobody else may execute it.
create or replace procedure ops.xecu_grant_access()
as $$
declare
    wanted record;
begin
    for wanted in
        select 'xecu_manifest' as role_name, 'xecu_manifest_user' as user_name
        union all select 'xecu_load', 'xecu_load_user'
        union all select 'xecu_marts', 'xecu_marts_user'
        union all select 'xecu_read', 'xecu_read_user'
        union all select 'xecu_match', 'xecu_match_user'
    loop
        if not exists (select 1 from svv_roles where svv_roles.role_name = wanted.role_name) then
            execute 'create role ' || quote_ident(wanted.role_name);
        end if;
        if not exists (select 1 from pg_user where pg_user.usename = wanted.user_name) then
            execute 'create user ' || quote_ident(wanted.user_name) || ' password disable';
        end if;
        execute 'grant role ' || quote_ident(wanted.role_name) || ' to ' || quote_ident(wanted.user_name);
    end loop;

    -- Nobody but the admin creates objects, not even in public.
    revoke create on schema public from public;

    grant usage on schema ops to role xecu_manifest;
    grant select, insert, update on all tables in schema ops to role xecu_manifest;

    grant usage on schema ops to role xecu_load;
    grant usage on schema staging to role xecu_load;
    grant usage on schema core to role xecu_load;
    grant select, insert, update, delete on all tables in schema staging to role xecu_load;
    grant select, insert, update, delete on all tables in schema core to role xecu_load;
    grant select, insert, update on all tables in schema ops to role xecu_load;

    grant usage on schema ops to role xecu_marts;
    grant usage on schema core to role xecu_marts;
    grant usage on schema marts to role xecu_marts;
    grant select on all tables in schema ops to role xecu_marts;
    grant select on all tables in schema core to role xecu_marts;
    grant select, insert, update, delete on all tables in schema marts to role xecu_marts;

    grant usage on schema core to role xecu_read;
    grant usage on schema marts to role xecu_read;
    grant select on all tables in schema core to role xecu_read;
    grant select on all tables in schema marts to role xecu_read;
    -- The workbook's Data quality sheet: batch counts only (not identity_conflicts).
    grant usage on schema ops to role xecu_read;
    grant select on ops.batches to role xecu_read;

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

revoke execute on procedure ops.xecu_grant_access() from public;

call ops.xecu_grant_access();
