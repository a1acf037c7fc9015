-- Redshift only. Loads the gzip CSV files listed in a COPY manifest into a staging table, in one COPY.
-- Files: header row, the table's column order, an empty unquoted field is NULL (EMPTYASNULL for varchar;
-- empty non-character fields always load as NULL). Dates/times in ISO form, UTC.
-- The table and column list (double-brace markers below) are identifiers the adapter validates before
-- substituting them; the values are rendered as literals by the adapter's one audited renderer, because COPY
-- takes no bind parameters.
-- Params: :manifest_url (s3://bucket/key of the manifest) :iam_role_arn :region

copy {{table}} ({{columns}})
from :manifest_url
iam_role :iam_role_arn
region :region
format as csv
ignoreheader 1
gzip
manifest
emptyasnull
dateformat 'auto'
timeformat 'auto'
compupdate off;
