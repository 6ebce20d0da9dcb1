// Package demo holds the statements of the seed documents (the AWS
// knowledge-center article on AWS Support calls and the blog post on
// querying CloudTrail with Athena), verbatim apart from bucket, account and
// region, for `trawl demo` and the end-to-end tests.
package demo

import "strings"

// Placeholders substituted by Statements.
const (
	Bucket  = "example-bucket"
	Account = "123456789012"
	Region  = "us-east-1"
)

// CreateTablePP is the partition-projection DDL of the knowledge-center
// article (seed 002), verbatim.
const CreateTablePP = `CREATE EXTERNAL TABLE cloudtrail_logs_pp( eventversion STRING, useridentity STRUCT< type: STRING, principalid: STRING, arn: STRING, accountid: STRING, invokedby: STRING, accesskeyid: STRING, username: STRING, onbehalfof: STRUCT< userid: STRING, identitystorearn: STRING>, sessioncontext: STRUCT< attributes: STRUCT< mfaauthenticated: STRING, creationdate: STRING>, sessionissuer: STRUCT< type: STRING, principalid: STRING, arn: STRING, accountid: STRING, username: STRING>, ec2roledelivery:string, webidfederationdata: STRUCT< federatedprovider: STRING, attributes: map<string,string>> > >, eventtime STRING, eventsource STRING, eventname STRING, awsregion STRING, sourceipaddress STRING, useragent STRING, errorcode STRING, errormessage STRING, requestparameters STRING, responseelements STRING, additionaleventdata STRING, requestid STRING, eventid STRING, readonly STRING, resources ARRAY<STRUCT< arn: STRING, accountid: STRING, type: STRING>>, eventtype STRING, apiversion STRING, recipientaccountid STRING, serviceeventdetails STRING, sharedeventid STRING, vpcendpointid STRING, vpcendpointaccountid STRING, eventcategory STRING, addendum STRUCT< reason:STRING, updatedfields:STRING, originalrequestid:STRING, originaleventid:STRING>, sessioncredentialfromconsole STRING, edgedevicedetails STRING, tlsdetails STRUCT< tlsversion:STRING, ciphersuite:STRING, clientprovidedhostheader:STRING> ) PARTITIONED BY ( ` + "`timestamp`" + ` string) ROW FORMAT SERDE 'org.apache.hive.hcatalog.data.JsonSerDe' STORED AS INPUTFORMAT 'com.amazon.emr.cloudtrail.CloudTrailInputFormat' OUTPUTFORMAT 'org.apache.hadoop.hive.ql.io.HiveIgnoreKeyTextOutputFormat' LOCATION 's3://example-bucket/AWSLogs/account-id/CloudTrail/aws-region' TBLPROPERTIES ( 'projection.enabled'='true', 'projection.timestamp.format'='yyyy/MM/dd', 'projection.timestamp.interval'='1', 'projection.timestamp.interval.unit'='DAYS', 'projection.timestamp.range'='2020/01/01,NOW', 'projection.timestamp.type'='date', 'storage.location.template'='s3://example-bucket/AWSLogs/account-id/CloudTrail/aws-region/${timestamp}')`

// SeedQueries are the knowledge-center article's queries (seed 002),
// verbatim.
var SeedQueries = []string{
	`SELECT COUNT(*) FROM "default"."cloudtrail_logs_pp" WHERE timestamp <= '2025/01/07' AND timestamp > '2025/01/01' AND sourceipaddress = 'support.amazonaws.com'`,
	`SELECT * FROM "default"."cloudtrail_logs_pp" WHERE timestamp <= '2025/01/07' AND timestamp > '2025/01/01' AND sourceipaddress = 'support.amazonaws.com' LIMIT 10`,
	`SELECT useridentity.sessioncontext.sessionissuer.username, eventsource, COUNT(*) AS number_of_event FROM "default"."cloudtrail_logs_pp" WHERE timestamp <= '2025/01/07' AND timestamp > '2025/01/01' AND sourceipaddress = 'support.amazonaws.com' GROUP BY useridentity.sessioncontext.sessionissuer.username, eventsource ORDER BY number_of_event DESC`,
	`SELECT useridentity.arn FROM "default"."cloudtrail_logs_pp" WHERE timestamp <= '2025/01/07' AND timestamp > '2025/01/01' AND regexp_like(useridentity.arn, 'AWSServiceRoleForSupport') LIMIT 10`,
	`SELECT useridentity.principalid FROM "default"."cloudtrail_logs_pp" WHERE timestamp <= '2025/01/07' AND timestamp > '2025/01/01' AND regexp_like(useridentity.arn, 'AWSServiceRoleForSupport') LIMIT 10`,
}

// BlogQueries are the blog post's queries (seed 003), verbatim. The first
// names the table cloudtrail_logs_app, as the post does (an earlier table
// of the author's; the post's DDL creates cloudtrail_logs_pp), so Setup
// creates that table too, from the post's DDL.
var BlogQueries = []string{
	`select
  count (*) as TotalEvents,
  eventname,
  useridentity.invokedby
from
  cloudtrail_logs_app
where
  'timestamp' >= '2021-01-01T00:00:00Z'
  and useridentity.type = 'Root'
group by
  useridentity.username,
  eventname,
  useridentity.invokedby
order by
  TotalEvents desc;`,
	`select count (*) as TotalEvents, eventname, errorcode, errormessage
from cloudtrail_logs_pp
where errorcode is not null
and 'timestamp' >= '2021-01-01T00:00:00Z'
group by eventname, errorcode, errormessage
order by TotalEvents desc
limit 10;`,
}

// CreateTableBlog is the blog post's DDL (seed 003), verbatim: the
// CloudTrailSerde, camel-case column names and a LOCATION with a trailing
// slash, with the post's Japanese placeholders for bucket and account and
// its region ap-northeast-1.
const CreateTableBlog = `CREATE EXTERNAL TABLE cloudtrail_logs_pp(
    eventVersion STRING,
    userIdentity STRUCT<
        type: STRING,
        principalId: STRING,
        arn: STRING,
        accountId: STRING,
        invokedBy: STRING,
        accessKeyId: STRING,
        userName: STRING,
        sessionContext: STRUCT<
            attributes: STRUCT<
                mfaAuthenticated: STRING,
                creationDate: STRING>,
            sessionIssuer: STRUCT<
                type: STRING,
                principalId: STRING,
                arn: STRING,
                accountId: STRING,
                userName: STRING>>>,
    eventTime STRING,
    eventSource STRING,
    eventName STRING,
    awsRegion STRING,
    sourceIpAddress STRING,
    userAgent STRING,
    errorCode STRING,
    errorMessage STRING,
    requestParameters STRING,
    responseElements STRING,
    additionalEventData STRING,
    requestId STRING,
    eventId STRING,
    readOnly STRING,
    resources ARRAY<STRUCT<
        arn: STRING,
        accountId: STRING,
        type: STRING>>,
    eventType STRING,
    apiVersion STRING,
    recipientAccountId STRING,
    serviceEventDetails STRING,
    sharedEventID STRING,
    vpcEndpointId STRING
  )
PARTITIONED BY (
   ` + "`timestamp`" + ` string)
ROW FORMAT SERDE 'com.amazon.emr.hive.serde.CloudTrailSerde'
STORED AS INPUTFORMAT 'com.amazon.emr.cloudtrail.CloudTrailInputFormat'
OUTPUTFORMAT 'org.apache.hadoop.hive.ql.io.HiveIgnoreKeyTextOutputFormat'
LOCATION
  's3://バケット名/AWSLogs/アカウントID/CloudTrail/ap-northeast-1/'
TBLPROPERTIES (
  'projection.enabled'='true',
  'projection.timestamp.format'='yyyy/MM/dd',
  'projection.timestamp.interval'='1',
  'projection.timestamp.interval.unit'='DAYS',
  'projection.timestamp.range'='2021/01/01,NOW',
  'projection.timestamp.type'='date',
  'storage.location.template'='s3://バケット名/AWSLogs/アカウントID/CloudTrail/ap-northeast-1/${timestamp}')`

// Statements substitutes bucket, account and region in a statement of
// either seed: the knowledge-center article's example-bucket, account-id
// and aws-region, and the blog post's バケット名, アカウントID and
// ap-northeast-1.
func Statements(sql, bucket, account, region string) string {
	r := strings.NewReplacer("example-bucket", bucket, "account-id", account, "aws-region", region,
		"バケット名", bucket, "アカウントID", account, "ap-northeast-1", region)
	return r.Replace(sql)
}

// Setup returns the DDL that prepares the tables every seed query names,
// over the trail in bucket for account and region: the article's
// cloudtrail_logs_pp and, from the blog post's DDL, cloudtrail_logs_app.
// Both are IF NOT EXISTS so that Setup can run again on the same catalog.
func Setup(bucket, account, region string) []string {
	pp := Statements(CreateTablePP, bucket, account, region)
	pp = strings.Replace(pp, "CREATE EXTERNAL TABLE", "CREATE EXTERNAL TABLE IF NOT EXISTS", 1)
	app := Statements(CreateTableBlog, bucket, account, region)
	app = strings.Replace(app, "CREATE EXTERNAL TABLE cloudtrail_logs_pp", "CREATE EXTERNAL TABLE IF NOT EXISTS cloudtrail_logs_app", 1)
	return []string{pp, app}
}

// Queries returns every seed query: the article's, then the blog post's.
func Queries() []string {
	return append(append([]string{}, SeedQueries...), BlogQueries...)
}
