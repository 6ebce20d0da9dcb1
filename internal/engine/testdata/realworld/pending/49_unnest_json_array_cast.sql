-- Investigates: every permission of every security-group rule change (protocol and ports),
-- expanding the requestParameters JSON array with UNNEST(CAST(json_extract(...) AS ARRAY(JSON))).
-- Style: panther-analysis / AWS security blog queries over ipPermissions.items.
-- PENDING (trawl bug): CAST from JSON to ARRAY(...) or MAP(...) is not implemented: even
-- CAST(JSON '[1,2]' AS ARRAY(JSON)) fails with "INVALID_CAST_ARGUMENT: Cannot cast json to
-- array(json)" (also array(bigint), array(varchar), map(varchar, json)). Expected (Trino):
-- one row per ipPermissions item; rows whose json_extract is NULL expand to nothing.
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
