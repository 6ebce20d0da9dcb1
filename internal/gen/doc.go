// Package gen writes deterministic, realistic AWS CloudTrail trails to a
// folder laid out like a CloudTrail S3 bucket, for trawl's tests and
// benchmarks.
//
// Generate writes, under Options.Out:
//
//	AWSLogs/<account>/CloudTrail/<region>/YYYY/MM/DD/<account>_CloudTrail_<region>_<YYYYMMDDTHHmmZ>_<16 alnum>.json.gz
//	AWSLogs/<account>/CloudTrail-Digest/<region>/YYYY/MM/DD/<account>_CloudTrail-Digest_<region>_<trail>_<home region>_<YYYYMMDDTHHmmssZ>.json.gz
//	AWSLogs/<account>/Config/ConfigWritabilityCheckFile   (zero bytes, as AWS Config leaves it)
//
// plus one zero-byte object named like a log file in the first day folder
// of the first account and region (EmptyObjectKey), as real buckets have.
//
// Log files are gzip'ed compact JSON {"Records":[...]} of about 25 KB to
// 1.9 MB, delivered on five-minute stamps following a daily rhythm (busier
// in the account's office hours, quieter at weekends; busy streams put
// several files on one stamp). Every eventTime lies inside the file's day
// folder; records are roughly, not strictly, in time order. Records follow
// the real CloudTrail structure (key order, nested requestParameters and
// responseElements, resources, tlsDetails, errors, AWS Support calls through
// AWSServiceRoleForSupport, occasional escaped and non-ASCII strings) over a
// catalogue of 40 services and about 450 events; each account gets
// its own principals and resources. Digest files cover each hour with the
// SHA-256 of the log files delivered in it and chain to the previous digest.
//
// Output is a pure function of the options (except Workers): every file is
// generated from its own PCG stream derived from (Seed, account, region,
// day, file index), so any number of workers writes identical bytes.
package gen
