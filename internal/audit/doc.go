// Package audit is trawl's own CloudTrail: the event model, the durable
// journal every API call is recorded in, event history search
// (LookupEvents), trails and their delivery as CloudTrail log files.
//
// # Events
//
// Event is one CloudTrail record, marshalled with CloudTrail's field
// names and order (eventVersion 1.11). The server fills it for every call
// it routes to a service, successful or failed, authenticated or refused:
// request parameters are the request's members with lowerCamel names
// (LowerCamel), query text is "***OMITTED***" where CloudTrail omits it,
// responseElements are the output of mutating calls (null for reads and
// failures). Secrets never reach an event: no operation's input carries
// one, and STS records credentials without the secret key.
//
// # Journal
//
// Journal is a SQLite file (<data-dir>/cloudtrail/events.db, WAL,
// synchronous=FULL). Append returns only once the event is committed and
// fsynced; concurrent appends share one commit. Events stay searchable for
// Retention (90 days) and are pruned afterwards once every trail has
// passed them. The same file holds the trails, their delivery position,
// the open delivery batch, the delivered files and the digest chain.
//
// Tables: events(seq, event_id, event_time ns, event_name, event_source,
// username, access_key_id, read_only, region, record), event_resources(seq,
// type, name), trails(name, bucket, prefix, home_region, ..., logging,
// start_time, stop_time, delivered_seq, ...), trail_batches(trail,
// from_seq, upto_seq, created), trail_files(trail, region, bucket, key,
// sha256, oldest, newest, digested), trail_digests(trail, region, end_time,
// bucket, key, hash, signature).
//
// # Delivery
//
// A trail created with CreateTrail logs from StartLogging to StopLogging.
// Deliverer runs a pass at start and then every interval: it takes the
// journal's events after the trail's position (at most MaxBatch), keeps
// those of the logging period (and of the home region unless the trail is
// multi-region), and writes one gzipped {"Records":[...]} file per region
// and UTC day under
// <prefix>/AWSLogs/<account>/CloudTrail/<region>/YYYY/MM/DD/<account>_CloudTrail_<region>_<YYYYMMDDTHHmmZ>_<16 chars>.json.gz,
// so tables with CloudTrail's DDL and partition projection read them
// unchanged. Delivery is exactly once (see Deliverer) and retried until
// it succeeds; StopLogging and a clean shutdown deliver what is pending.
package audit
