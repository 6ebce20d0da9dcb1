-- error: COLUMN_NOT_FOUND: line 8:8: Column 'attempts' cannot be resolved
-- HAVING cannot see select-list aliases in Trino (it is evaluated before SELECT); the
-- fix is HAVING count(*) > 1.
SELECT sourceipaddress,
       count(*) AS attempts
FROM cloudtrail_logs_pp
GROUP BY sourceipaddress
HAVING attempts > 1
