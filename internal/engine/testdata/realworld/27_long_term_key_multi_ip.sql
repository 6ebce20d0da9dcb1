-- Investigates: long-term access keys used from more than one IP on the same day.
-- Style: invictus-ir credential-compromise triage (useridentity.accesskeyid LIKE 'AKIA%')
-- with HAVING count(DISTINCT sourceipaddress) > 1.
SELECT useridentity.accesskeyid AS access_key,
       useridentity.username,
       timestamp AS day,
       count(DISTINCT sourceipaddress) AS ips,
       count(*) AS calls
FROM cloudtrail_logs_pp
WHERE useridentity.accesskeyid LIKE 'AKIA%'
GROUP BY useridentity.accesskeyid, useridentity.username, timestamp
HAVING count(DISTINCT sourceipaddress) > 1
ORDER BY ips DESC, calls DESC, access_key, day
