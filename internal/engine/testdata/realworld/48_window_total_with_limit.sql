-- Investigates: a first page of failed calls with the total number of failures beside
-- each row (count(*) OVER () on a LIMITed listing, a common analyst idiom).
-- Style: Athena console exploration queries ("SELECT ..., count(*) OVER () AS total ... LIMIT").
SELECT eventtime,
       eventname,
       errorcode,
       count(*) OVER () AS total_matches
FROM cloudtrail_logs_pp
WHERE errorcode IS NOT NULL
LIMIT 10
