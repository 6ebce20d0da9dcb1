-- error: TYPE_MISMATCH: line 6:17: Cannot apply operator: varchar > timestamp(0)
-- eventtime is a STRING column: Trino does not coerce varchar to timestamp implicitly;
-- the fix is from_iso8601_timestamp(eventtime) > TIMESTAMP '...'.
SELECT eventname, sourceipaddress
FROM cloudtrail_logs_pp
WHERE eventtime > TIMESTAMP '2025-03-03 00:00:00'
