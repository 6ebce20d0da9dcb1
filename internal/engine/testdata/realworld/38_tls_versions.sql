-- Investigates: callers not on TLS 1.3, by service (top 10).
-- Style: AWS security blog "Identify clients using TLS 1.0/1.1 with CloudTrail and
-- Athena" (tlsdetails.tlsversion).
SELECT tlsdetails.tlsversion AS tls_version,
       eventsource,
       count(*) AS calls
FROM cloudtrail_logs_pp
WHERE tlsdetails.tlsversion IS NOT NULL
  AND tlsdetails.tlsversion <> 'TLSv1.3'
GROUP BY 1, 2
ORDER BY calls DESC, eventsource
LIMIT 10
