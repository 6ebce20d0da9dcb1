-- error: TYPE_MISMATCH: line 5:17: Cannot apply operator: varchar >= date
-- The projected partition column "timestamp" is a string 'yyyy/MM/dd'; comparing it with
-- a DATE literal is rejected (compare with '2025/03/02' instead).
SELECT count(*) FROM cloudtrail_logs_pp
WHERE timestamp >= DATE '2025-03-02'
