-- PostgreSQL only (a server through node-postgres). Streams one CSV file into a staging table: a header row, then
-- the columns in the listed order; an empty unquoted field is NULL. The table and column list are identifiers the
-- adapter validates before filling them in (fillSqlTemplate); COPY takes no bind parameters.
-- Params: none

copy {{table}} ({{columns}}) from stdin with (format csv, header true);
