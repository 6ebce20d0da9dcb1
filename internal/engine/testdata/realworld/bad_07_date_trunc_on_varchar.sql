-- error: FUNCTION_NOT_FOUND: line 4:8: Unexpected parameters (varchar(4), varchar) for function date_trunc
-- date_trunc needs a date/time value; eventtime is a string (wrap it in
-- from_iso8601_timestamp first).
SELECT date_trunc('hour', eventtime) AS hour,
       count(*) AS calls
FROM cloudtrail_logs_pp
GROUP BY 1
