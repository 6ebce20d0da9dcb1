-- error: COLUMN_NOT_FOUND: line 4:26: Column 'sourceipadress' cannot be resolved
-- A misspelt column name.
SELECT eventname,
       useridentity.arn, sourceipadress
FROM cloudtrail_logs_pp
WHERE eventname = 'ConsoleLogin'
