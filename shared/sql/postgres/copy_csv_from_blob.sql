-- PostgreSQL only (PGlite, which reads a COPY source from the Blob passed with the query as '/dev/blob'). Loads one
-- piece of a CSV file into a staging table: the columns in the listed order, an empty unquoted field is NULL, and
-- a header row only in the file's first piece (the header marker: true or false). The table and column list are
-- identifiers the adapter validates before filling them in (fillSqlTemplate); COPY takes no bind parameters.
-- Params: none

copy {{table}} ({{columns}}) from '/dev/blob' with (format csv, header {{header}});
