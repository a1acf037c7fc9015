-- The same database roles and grants as ddl/redshift/020_access_grants.sql (see there and docs/security-model.md),
-- so the offline warehouse can prove them: tests/integration/warehouse/least-privilege.test.ts runs a load as
-- xecu_load on a PostgreSQL server. Roles here cannot log in (NOLOGIN): a session takes one with SET ROLE.
-- Roles belong to the whole server, not one database: two databases migrating at once may both try to create one,
-- and the loser carries on. Runs after every table file (020 sorts after them), so "all tables" covers them all.
do $$
declare
    wanted text;
begin
    for wanted in
        select role_name from (values ('xecu_manifest'), ('xecu_load'), ('xecu_marts'), ('xecu_read'), ('xecu_match')) as roles (role_name)
    loop
        if not exists (select 1 from pg_roles where rolname = wanted) then
            begin
                execute format('create role %I nologin', wanted);
            exception when duplicate_object or unique_violation then
                null;
            end;
        end if;
    end loop;

    revoke create on schema public from public;

    grant usage on schema ops to xecu_manifest;
    grant select, insert, update on all tables in schema ops to xecu_manifest;

    grant usage on schema ops, staging, core to xecu_load;
    grant select, insert, update, delete on all tables in schema staging, core to xecu_load;
    grant select, insert, update on all tables in schema ops to xecu_load;

    grant usage on schema ops, core, marts to xecu_marts;
    grant select on all tables in schema ops, core to xecu_marts;
    grant select, insert, update, delete on all tables in schema marts to xecu_marts;

    grant usage on schema core, marts to xecu_read;
    grant select on all tables in schema core, marts to xecu_read;
    -- The workbook's Data quality sheet: batch counts only (not identity_conflicts).
    grant usage on schema ops to xecu_read;
    grant select on ops.batches to xecu_read;

    grant usage on schema match, core, ops, marts to xecu_match;
    grant select, insert, update, delete on all tables in schema match to xecu_match;
    grant select on all tables in schema core, ops to xecu_match;
    grant select, insert, update on marts.listing_matches to xecu_match;
end
$$;
