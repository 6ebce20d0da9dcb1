-- Investigates: sts:GetCallerIdentity (the first call made with stolen credentials) by
-- key type: long-term AKIA keys versus temporary ASIA keys.
-- Style: aldosimon/tools-dump IR notes ("AKIA is long lived access key") and
-- stratus-red-team discovery detections.
SELECT CASE
         WHEN useridentity.accesskeyid LIKE 'AKIA%' THEN 'long-term'
         WHEN useridentity.accesskeyid LIKE 'ASIA%' THEN 'temporary'
         ELSE 'none'
       END AS key_type,
       useridentity.type,
       count(*) AS calls,
       count(DISTINCT sourceipaddress) AS ips
FROM cloudtrail_logs_pp
WHERE eventname = 'GetCallerIdentity'
GROUP BY 1, 2
ORDER BY calls DESC, 1, 2
