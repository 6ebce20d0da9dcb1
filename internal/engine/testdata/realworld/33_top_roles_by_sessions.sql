-- Investigates: the five roles with the most distinct sessions.
-- Style: knowledge-center seed query (useridentity.sessioncontext.sessionissuer.username)
-- grouped and limited.
SELECT useridentity.sessioncontext.sessionissuer.username AS role_name,
       count(DISTINCT useridentity.principalid) AS sessions,
       count(*) AS calls
FROM cloudtrail_logs_pp
WHERE useridentity.type = 'AssumedRole'
GROUP BY 1
ORDER BY sessions DESC, calls DESC
LIMIT 5
