-- Redshift only. Grain: one row per load error of one failed COPY. SYS_LOAD_ERROR_DETAIL works on Serverless
-- and provisioned clusters (STL_LOAD_ERRORS is provisioned-only). The Data API's query id need not be the SYS
-- view's query id, so rows also match on the session that ran the COPY, from the statement's start on.
-- Params: :query_id (RedshiftQueryId) :session_id (RedshiftPid) :since (UTC timestamp, 'YYYY-MM-DD HH:MI:SS')

select
    query_id,
    trim(file_name) as file_name,
    line_number,
    trim(column_name) as column_name,
    trim(column_type) as column_type,
    "position",
    error_code,
    trim(error_message) as error_message
from sys_load_error_detail
where (query_id = cast(:query_id as bigint) or session_id = cast(:session_id as integer))
    and start_time >= cast(:since as timestamp)
order by start_time, line_number
limit 10;
