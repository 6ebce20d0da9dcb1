-- Investigates: how many events come from MFA-authenticated sessions, per identity type.
-- Style: CloudTrail userIdentity docs (sessionContext.attributes.mfaAuthenticated).
SELECT useridentity.type,
       useridentity.sessioncontext.attributes.mfaauthenticated AS mfa,
       count(*) AS events
FROM cloudtrail_logs_pp
WHERE useridentity.sessioncontext IS NOT NULL
GROUP BY 1, 2
ORDER BY 1, 2
