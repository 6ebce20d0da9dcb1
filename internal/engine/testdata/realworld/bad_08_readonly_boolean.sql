-- error: TYPE_MISMATCH: line 6:16: Cannot apply operator: varchar = boolean
-- readonly is declared STRING in the CloudTrail DDL, so it compares with 'true', not
-- with the boolean literal true.
SELECT eventname, count(*) AS n
FROM cloudtrail_logs_pp
WHERE readonly = false
GROUP BY eventname
