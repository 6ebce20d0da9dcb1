-- Investigates: successful write calls made from IPs that also collected access-denied
-- errors (the attacker found a permission that works).
-- Style: invictus-ir pivot-on-IP queries, with an IN (subquery).
SELECT sourceipaddress, eventname, count(*) AS calls
FROM cloudtrail_logs_pp
WHERE sourceipaddress IN (
        SELECT sourceipaddress
        FROM cloudtrail_logs_pp
        WHERE errorcode IN ('AccessDenied', 'AccessDeniedException', 'Client.UnauthorizedOperation')
      )
  AND errorcode IS NULL
  AND readonly = 'false'
GROUP BY sourceipaddress, eventname
ORDER BY calls DESC, sourceipaddress, eventname
LIMIT 20
