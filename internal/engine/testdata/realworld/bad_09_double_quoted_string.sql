-- error: COLUMN_NOT_FOUND: line 8:19: Column 'consolelogin' cannot be resolved
-- Double quotes make an identifier, not a string, so "ConsoleLogin" is a column name.
-- Trino formats the missing name from QualifiedName.of(identifier.getValue()), whose
-- parts are lower-cased (QualifiedName.mapIdentifier: toLowerCase(ENGLISH)), so the
-- message says 'consolelogin'. PENDING: trawl says Column 'ConsoleLogin' (case kept).
SELECT eventtime, sourceipaddress
FROM cloudtrail_logs_pp
WHERE eventname = "ConsoleLogin"
