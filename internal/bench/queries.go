package bench

import (
	"io/fs"
	"path/filepath"
	"strings"

	"trawl/internal/demo"
)

// Check says how trawl's answer and DuckDB's are compared.
type Check int

const (
	// SameRows: the same multiset of rows.
	SameRows Check = iota
	// SameCount: the same number of rows (LIMIT without ORDER BY may pick
	// any matching rows).
	SameCount
	// SameFirstColumn: the same sequence in the first column (ORDER BY
	// count LIMIT n, where ties may pick different groups).
	SameFirstColumn
)

// Query is one benchmark question in both dialects.
type Query struct {
	Name string
	SQL  string // trawl (Athena) SQL, run against the seed table
	// DuckDB is the same question in DuckDB's SQL over the raw files;
	// {days} stands for the files of the seed's range (2025/01/02 to
	// 2025/01/07), {all} for every log file of the trail. Empty: no peer.
	DuckDB string
	Check  Check
	// EarlyStop: LIMIT without ORDER BY, so a scan may stop before the end
	// and MB/s is not a throughput figure.
	EarlyStop bool
}

// records reads the trail's Records arrays with only the given struct
// fields, the DuckDB way of decoding only what a query needs.
// With no fields, each record is its JSON text.
func records(files, fields string) string {
	typ := "STRUCT(" + fields + ")[]"
	if fields == "" {
		typ = "JSON[]"
	}
	return "(SELECT unnest(Records) AS r FROM read_json(" + files + ", columns={Records: '" + typ +
		"'}, format='auto', maximum_object_size=1073741824))"
}

// Queries are the seed queries (verbatim) and two everyday full scans.
func Queries() []Query {
	s := demo.SeedQueries
	b := demo.BlogQueries
	return []Query{
		{Name: "seed1 count support calls", SQL: s[0], Check: SameRows,
			DuckDB: "SELECT count(*) FROM " + records("{days}", "sourceIPAddress VARCHAR") + " WHERE r.sourceIPAddress = 'support.amazonaws.com'"},
		{Name: "seed2 select * limit 10", SQL: s[1], Check: SameCount, EarlyStop: true,
			DuckDB: "SELECT r FROM " + records("{days}", "") + " WHERE r->>'sourceIPAddress' = 'support.amazonaws.com' LIMIT 10"},
		{Name: "seed3 support calls by role", SQL: s[2], Check: SameRows,
			DuckDB: "SELECT r.userIdentity.sessionContext.sessionIssuer.userName, r.eventSource, count(*) AS number_of_event FROM " +
				records("{days}", "userIdentity STRUCT(sessionContext STRUCT(sessionIssuer STRUCT(userName VARCHAR))), eventSource VARCHAR, sourceIPAddress VARCHAR") +
				" WHERE r.sourceIPAddress = 'support.amazonaws.com' GROUP BY 1, 2 ORDER BY 3 DESC"},
		{Name: "seed4 support role arn", SQL: s[3], Check: SameCount, EarlyStop: true,
			DuckDB: "SELECT r.userIdentity.arn FROM " + records("{days}", "userIdentity STRUCT(arn VARCHAR)") +
				" WHERE regexp_matches(r.userIdentity.arn, 'AWSServiceRoleForSupport') LIMIT 10"},
		{Name: "seed5 support role principal", SQL: s[4], Check: SameCount, EarlyStop: true,
			DuckDB: "SELECT r.userIdentity.principalId FROM " + records("{days}", "userIdentity STRUCT(arn VARCHAR, principalId VARCHAR)") +
				" WHERE regexp_matches(r.userIdentity.arn, 'AWSServiceRoleForSupport') LIMIT 10"},
		{Name: "blog1 root activity", SQL: b[0], Check: SameRows,
			DuckDB: "SELECT count(*) AS TotalEvents, r.eventName, r.userIdentity.invokedBy FROM " +
				records("{all}", "userIdentity STRUCT(type VARCHAR, userName VARCHAR, invokedBy VARCHAR), eventName VARCHAR") +
				" WHERE r.userIdentity.type = 'Root' GROUP BY r.userIdentity.userName, r.eventName, r.userIdentity.invokedBy ORDER BY 1 DESC"},
		{Name: "blog2 top errors", SQL: b[1], Check: SameFirstColumn,
			DuckDB: "SELECT count(*) AS TotalEvents, r.eventName, r.errorCode, r.errorMessage FROM " +
				records("{all}", "eventName VARCHAR, errorCode VARCHAR, errorMessage VARCHAR") +
				" WHERE r.errorCode IS NOT NULL GROUP BY 2, 3, 4 ORDER BY 1 DESC LIMIT 10"},
		{Name: "all events by source", SQL: `SELECT eventsource, count(*) AS n FROM cloudtrail_logs_pp GROUP BY 1 ORDER BY 2 DESC, 1`, Check: SameRows,
			DuckDB: "SELECT r.eventSource, count(*) AS n FROM " + records("{all}", "eventSource VARCHAR") + " GROUP BY 1 ORDER BY 2 DESC, 1"},
		{Name: "access denied by user and ip", SQL: `SELECT useridentity.arn, sourceipaddress, count(*) AS n FROM cloudtrail_logs_pp WHERE errorcode = 'AccessDenied' GROUP BY 1, 2 ORDER BY 3 DESC, 1, 2`, Check: SameRows,
			DuckDB: "SELECT r.userIdentity.arn, r.sourceIPAddress, count(*) AS n FROM " +
				records("{all}", "userIdentity STRUCT(arn VARCHAR), sourceIPAddress VARCHAR, errorCode VARCHAR") +
				" WHERE r.errorCode = 'AccessDenied' GROUP BY 1, 2 ORDER BY 3 DESC, 1, 2"},
	}
}

// duckSQL substitutes the file lists: days are the seed range's log files
// and all every log file, in both cases without the empty objects DuckDB
// cannot read (trawl skips them, as Athena does).
func duckSQL(q string, days, all []string) string {
	list := func(files []string) string {
		var b strings.Builder
		b.WriteByte('[')
		for i, f := range files {
			if i > 0 {
				b.WriteString(", ")
			}
			b.WriteString("'" + strings.ReplaceAll(f, "'", "''") + "'")
		}
		b.WriteByte(']')
		return b.String()
	}
	return strings.NewReplacer("{days}", list(days), "{all}", list(all)).Replace(q)
}

// trailFiles lists the non-empty log files under prefix (the
// CloudTrail/<region> folder): those of 2025/01/02 to 2025/01/07, and all.
func trailFiles(prefix string) (days, all []string, err error) {
	err = filepath.WalkDir(prefix, func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.HasSuffix(path, ".json.gz") {
			return err
		}
		if info, err := d.Info(); err != nil || info.Size() == 0 {
			return err
		}
		all = append(all, path)
		rel, _ := filepath.Rel(prefix, path)
		if day := filepath.ToSlash(filepath.Dir(rel)); day > "2025/01/01" && day <= "2025/01/07" {
			days = append(days, path)
		}
		return nil
	})
	return days, all, err
}
