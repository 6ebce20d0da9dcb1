-- Investigates: every permission of every security-group rule change (protocol and ports),
-- expanding the requestParameters JSON array with UNNEST(CAST(json_extract(...) AS ARRAY(JSON))).
-- Style: panther-analysis / AWS security blog queries over ipPermissions.items.
-- Expected: one row per ipPermissions item; rows whose json_extract is NULL expand to nothing.
SELECT eventtime,
       eventname,
       json_extract_scalar(requestparameters, '$.groupId') AS group_id,
       json_extract_scalar(perm, '$.ipProtocol') AS protocol,
       json_extract_scalar(perm, '$.fromPort') AS from_port,
       json_extract_scalar(perm, '$.toPort') AS to_port
FROM cloudtrail_logs_pp
CROSS JOIN UNNEST(CAST(json_extract(requestparameters, '$.ipPermissions.items') AS ARRAY(JSON))) AS p(perm)
WHERE eventname IN ('AuthorizeSecurityGroupIngress', 'AuthorizeSecurityGroupEgress',
                    'RevokeSecurityGroupIngress', 'RevokeSecurityGroupEgress')
ORDER BY eventtime
