-- PostgreSQL only. Refreshes the planner statistics of a staging table COPY has just filled, as Redshift's COPY
-- keeps them: without them the planner takes a large batch for a few rows and merges with nested loops over the
-- growing core table. The table (double-brace marker below) is an identifier the adapter validates before filling it in (fillSqlTemplate);
-- ANALYZE takes no bind parameters.
-- Params: none

analyze {{table}};
