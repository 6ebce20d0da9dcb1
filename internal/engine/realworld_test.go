package engine

import (
	"context"
	"encoding/json"
	"errors"
	"math"
	"os"
	"path/filepath"
	"reflect"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"testing"
	"time"

	"trawl/internal/sqlerr"
)

// The real-world suite: every testdata/realworld/NN_name.sql is an
// investigation query in the style of AWS documentation and public
// incident-response material, run over a `trawl gen` trail and checked
// against rwCheckers[NN_name.sql], an independent computation over the
// records decoded with encoding/json. Every bad_NN_name.sql is a mistake
// Athena rejects; its first line, "-- error: <text>", holds Trino's error
// (name, line:column and message) that trawl's error must contain.
// A query trawl gets wrong goes, with its checker, into a folder
// testdata/realworld/pending/ that is not run (empty today).

// rwTrail generates the suite's trail (two accounts, two regions: the
// table's LOCATION picks one of four folders), creates the seed tables over
// it and returns the records under the table's location.
func rwTrail(t *testing.T) (*Engine, []genRecord) {
	return generatedTrail(t, time.Date(2025, 3, 1, 0, 0, 0, 0, time.UTC), 7, 40, 42, 8000)
}

func TestRealWorldQueries(t *testing.T) {
	files, err := filepath.Glob(filepath.Join("testdata", "realworld", "*.sql"))
	if err != nil {
		t.Fatal(err)
	}
	var good, bad int
	seen := map[string]bool{}
	for _, f := range files {
		name := filepath.Base(f)
		seen[name] = true
		if strings.HasPrefix(name, "bad_") {
			bad++
		} else {
			good++
			if rwCheckers[name] == nil {
				t.Errorf("%s has no checker in rwCheckers", name)
			}
		}
	}
	for name := range rwCheckers {
		if !seen[name] {
			t.Errorf("checker %s has no query file", name)
		}
	}
	if good < 40 || bad < 6 {
		t.Fatalf("%d queries and %d bad queries in testdata/realworld, want at least 40 and 6", good, bad)
	}

	e, recs := rwTrail(t)
	for _, f := range files {
		name := filepath.Base(f)
		src, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		t.Run(strings.TrimSuffix(name, ".sql"), func(t *testing.T) {
			if strings.HasPrefix(name, "bad_") {
				rwCheckError(t, e, string(src))
				return
			}
			chk := rwCheckers[name]
			if chk == nil {
				t.Fatal("no checker")
			}
			want := chk(recs)
			names, rows := query(t, e, string(src))
			rwCompare(t, want, names, rows)
		})
	}
}

// rwCheckError runs a bad query and checks that its error contains the
// file's "-- error: " text.
func rwCheckError(t *testing.T, e *Engine, src string) {
	t.Helper()
	first, _, _ := strings.Cut(src, "\n")
	want, ok := strings.CutPrefix(first, "-- error: ")
	want = strings.TrimSpace(want)
	if !ok || want == "" {
		t.Fatalf("first line %q is not \"-- error: <expected error>\"", first)
	}
	err := e.Run(context.Background(), src, &Session{Database: "default"}, func(r *Result) error {
		for {
			b, err := r.Next(context.Background())
			if err != nil || b == nil {
				return err
			}
		}
	})
	if err == nil {
		t.Fatalf("no error, want %q", want)
	}
	var se *sqlerr.Error
	if !errors.As(err, &se) {
		t.Fatalf("error %v (%T) is not a *sqlerr.Error", err, err)
	}
	if !strings.Contains(se.Error(), want) {
		t.Fatalf("error\n  %s\ndoes not contain\n  %s", se.Error(), want)
	}
}

// rwKey is one ORDER BY key: an output column, its direction, and whether
// it compares as a number. NULLs sort last either way, as in Trino.
type rwKey struct {
	col       int
	desc, num bool
}

func asc(col int) rwKey      { return rwKey{col: col} }
func ascNum(col int) rwKey   { return rwKey{col: col, num: true} }
func descNum(col int) rwKey  { return rwKey{col: col, desc: true, num: true} }
func descText(col int) rwKey { return rwKey{col: col, desc: true} }

// rwWant is a checker's answer: every row the query can return before its
// LIMIT, its ORDER BY keys (nil: unordered), the LIMIT (0: none), and the
// columns holding approximate values (approx_distinct) with their relative
// tolerance.
type rwWant struct {
	cols   []string
	rows   [][]string
	order  []rwKey
	limit  int
	approx map[int]float64
}

func rwCmpCell(a, b string, num bool) int {
	an, bn := a == "NULL", b == "NULL"
	switch {
	case an && bn:
		return 0
	case an:
		return 1
	case bn:
		return -1
	}
	if num {
		fa, _ := strconv.ParseFloat(a, 64)
		fb, _ := strconv.ParseFloat(b, 64)
		switch {
		case fa < fb:
			return -1
		case fa > fb:
			return 1
		}
		return 0
	}
	return strings.Compare(a, b)
}

// rwCellEq compares a cell with an expected one: equal text, or numbers
// within 1e-9 relative (within tol relative, at least 1, for approximate
// columns).
func rwCellEq(got, want string, tol float64) bool {
	if got == want {
		return true
	}
	g, err1 := strconv.ParseFloat(got, 64)
	w, err2 := strconv.ParseFloat(want, 64)
	if err1 != nil || err2 != nil {
		return false
	}
	if tol > 0 {
		return math.Abs(g-w) <= math.Max(1, tol*math.Abs(w))
	}
	return math.Abs(g-w) <= 1e-9*math.Max(math.Abs(g), math.Abs(w))
}

func rwRowEq(got, want []string, approx map[int]float64) bool {
	if len(got) != len(want) {
		return false
	}
	for i := range got {
		if !rwCellEq(got[i], want[i], approx[i]) {
			return false
		}
	}
	return true
}

// rwCompare checks a query's answer against a checker's: the column names,
// the row count (LIMIT applied), the ORDER BY key of every row (rows whose
// keys tie may come in any order, and a LIMIT may cut ties anywhere), and
// that the rows are distinct rows of the expected answer (all of them when
// no LIMIT cuts it).
func rwCompare(t *testing.T, w rwWant, names []string, got [][]string) {
	t.Helper()
	if w.cols != nil && !reflect.DeepEqual(names, w.cols) {
		t.Errorf("columns %v, want %v", names, w.cols)
	}
	if len(w.rows) == 0 {
		t.Fatal("the checker's answer is empty: the query says nothing about this trail")
	}
	want := append([][]string(nil), w.rows...)
	if w.order != nil {
		sort.SliceStable(want, func(i, j int) bool {
			for _, k := range w.order {
				c := rwCmpCell(want[i][k.col], want[j][k.col], k.num)
				if c == 0 {
					continue
				}
				if k.desc && want[i][k.col] != "NULL" && want[j][k.col] != "NULL" {
					c = -c
				}
				return c < 0
			}
			return false
		})
	}
	n := len(want)
	if w.limit > 0 && n > w.limit {
		n = w.limit
	}
	if len(got) != n {
		t.Fatalf("%d rows, want %d\ngot  %v\nwant %v", len(got), n, rwHead(got), rwHead(want))
	}
	for i := range got {
		for _, k := range w.order {
			if k.col >= len(got[i]) || !rwCellEq(got[i][k.col], want[i][k.col], w.approx[k.col]) {
				t.Fatalf("row %d: %v is out of order: want order key %s in column %d (expected row %v)", i, got[i], want[i][k.col], k.col, want[i])
			}
		}
	}
	used := make([]bool, len(want))
	for i, g := range got {
		found := false
		for j, wr := range want {
			if !used[j] && rwRowEq(g, wr, w.approx) {
				used[j], found = true, true
				break
			}
		}
		if !found {
			t.Errorf("row %d %q is not a row of the expected answer %v", i, g, rwHead(want))
		}
	}
}

func rwHead(rows [][]string) [][]string {
	if len(rows) > 12 {
		return rows[:12]
	}
	return rows
}

// Record accessors.

func rwF(r genRecord, path ...string) string { return field(r.m, path...) }

func rwIn(s string, set ...string) bool {
	for _, x := range set {
		if s == x {
			return true
		}
	}
	return false
}

func rwCoalesce(vals ...string) string {
	for _, v := range vals {
		if v != "NULL" {
			return v
		}
	}
	return "NULL"
}

// rwJSON is json_extract_scalar over a STRING column holding a JSON object:
// keys are matched exactly, ints index arrays; objects, arrays and JSON
// null give NULL.
func rwJSON(r genRecord, col string, path ...any) string {
	var cur any
	for k, v := range r.m {
		if strings.EqualFold(k, col) {
			cur = v
		}
	}
	if _, ok := cur.(map[string]any); !ok {
		return "NULL"
	}
	for _, p := range path {
		switch p := p.(type) {
		case string:
			m, ok := cur.(map[string]any)
			if !ok {
				return "NULL"
			}
			cur = m[p]
		case int:
			a, ok := cur.([]any)
			if !ok || p >= len(a) {
				return "NULL"
			}
			cur = a[p]
		}
	}
	switch v := cur.(type) {
	case string:
		return v
	case json.Number:
		return v.String()
	case bool:
		return strconv.FormatBool(v)
	}
	return "NULL"
}

// rwMentions reports whether a JSON value contains s in any key or string.
func rwMentions(v any, s string) bool {
	switch v := v.(type) {
	case string:
		return strings.Contains(v, s)
	case map[string]any:
		for k, x := range v {
			if strings.Contains(k, s) || rwMentions(x, s) {
				return true
			}
		}
	case []any:
		for _, x := range v {
			if rwMentions(x, s) {
				return true
			}
		}
	}
	return false
}

func rwColumn(r genRecord, col string) any {
	for k, v := range r.m {
		if strings.EqualFold(k, col) {
			return v
		}
	}
	return nil
}

// rwResources returns the resources array's elements (nil when absent).
func rwResources(r genRecord) ([]map[string]any, bool) {
	a, ok := rwColumn(r, "resources").([]any)
	if !ok {
		return nil, false
	}
	out := make([]map[string]any, 0, len(a))
	for _, x := range a {
		m, _ := x.(map[string]any)
		out = append(out, m)
	}
	return out, true
}

// rwTS renders a timestamp(3) with time zone in UTC as Trino does.
func rwTS(tm time.Time) string { return tm.UTC().Format("2006-01-02 15:04:05.000") + " UTC" }

func rwFloat(v float64) string { return strconv.FormatFloat(v, 'g', -1, 64) }

// rwAgg accumulates one group.
type rwAgg struct {
	key  []string
	n    int
	c    map[string]int
	d    map[string]map[string]bool
	min  map[string]string
	max  map[string]string
	list [][]string
}

func (a *rwAgg) inc(name string, cond bool) {
	if cond {
		a.c[name]++
	}
}

// distinct adds v to a named set (NULL is not counted, as count(DISTINCT)).
func (a *rwAgg) distinct(name, v string) {
	if v == "NULL" {
		return
	}
	if a.d[name] == nil {
		a.d[name] = map[string]bool{}
	}
	a.d[name][v] = true
}

func (a *rwAgg) nd(name string) int { return len(a.d[name]) }

func (a *rwAgg) sorted(name string) []string {
	var out []string
	for v := range a.d[name] {
		out = append(out, v)
	}
	sort.Strings(out)
	return out
}

func (a *rwAgg) minmax(name, v string) {
	if v == "NULL" {
		return
	}
	if m, ok := a.min[name]; !ok || v < m {
		a.min[name] = v
	}
	if m, ok := a.max[name]; !ok || v > m {
		a.max[name] = v
	}
}

type rwGroups struct {
	m     map[string]*rwAgg
	order []*rwAgg
}

func (g *rwGroups) at(key ...string) *rwAgg {
	if g.m == nil {
		g.m = map[string]*rwAgg{}
	}
	k := strings.Join(key, "\x00")
	a := g.m[k]
	if a == nil {
		a = &rwAgg{key: key, c: map[string]int{}, d: map[string]map[string]bool{}, min: map[string]string{}, max: map[string]string{}}
		g.m[k] = a
		g.order = append(g.order, a)
	}
	return a
}

func (g *rwGroups) rows(fn func(a *rwAgg) []string) [][]string {
	var out [][]string
	for _, a := range g.order {
		if row := fn(a); row != nil {
			out = append(out, row)
		}
	}
	return out
}

var (
	rwDenied    = []string{"AccessDenied", "AccessDeniedException", "Client.UnauthorizedOperation"}
	rwThrottled = []string{"ThrottlingException", "Throttling", "Client.RequestLimitExceeded", "SlowDown", "TooManyRequestsException", "RequestLimitExceeded"}
	rwKeyIDRE   = regexp.MustCompile(`key/([0-9a-f-]+)$`)
	rwIPRE      = regexp.MustCompile(`^[0-9a-f.:]+$`)
	rwEnumRE    = regexp.MustCompile(`^(List|Describe|Get)`)
)

// rwChecker computes a query's expected answer from the records.
type rwChecker func(recs []genRecord) rwWant

var rwCheckers = map[string]rwChecker{
	"01_failed_console_logins.sql": func(recs []genRecord) rwWant {
		var rows [][]string
		for _, r := range recs {
			if rwF(r, "eventName") == "ConsoleLogin" && rwJSON(r, "responseElements", "ConsoleLogin") == "Failure" {
				rows = append(rows, []string{rwF(r, "eventTime"), rwF(r, "userIdentity", "type"), rwF(r, "userIdentity", "arn"), rwF(r, "sourceIPAddress"), rwF(r, "errorMessage")})
			}
		}
		return rwWant{cols: []string{"eventtime", "identity_type", "arn", "sourceipaddress", "errormessage"}, rows: rows, order: []rwKey{descText(0)}}
	},
	"02_console_logins_without_mfa.sql": func(recs []genRecord) rwWant {
		var g rwGroups
		for _, r := range recs {
			if rwF(r, "eventName") == "ConsoleLogin" && rwJSON(r, "additionalEventData", "MFAUsed") == "No" {
				a := g.at(rwF(r, "userIdentity", "type"), rwCoalesce(rwF(r, "userIdentity", "userName"), rwF(r, "userIdentity", "arn")))
				a.n++
				a.inc("ok", rwJSON(r, "responseElements", "ConsoleLogin") == "Success")
			}
		}
		return rwWant{cols: []string{"type", "who", "logins", "successes"}, order: []rwKey{descNum(2), asc(1)},
			rows: g.rows(func(a *rwAgg) []string { return []string{a.key[0], a.key[1], itoa(a.n), itoa(a.c["ok"])} })}
	},
	"03_root_activity.sql": func(recs []genRecord) rwWant {
		var g rwGroups
		for _, r := range recs {
			et := rwF(r, "eventType")
			if rwF(r, "userIdentity", "type") == "Root" && rwF(r, "userIdentity", "invokedBy") == "NULL" && et != "NULL" && et != "AwsServiceEvent" {
				a := g.at(rwF(r, "eventName"), rwF(r, "eventSource"))
				a.n++
				a.minmax("t", rwF(r, "eventTime"))
				a.distinct("ip", rwF(r, "sourceIPAddress"))
			}
		}
		ts := func(s string) string {
			tm, _ := time.Parse(time.RFC3339, s)
			return rwTS(tm)
		}
		return rwWant{cols: []string{"eventname", "eventsource", "calls", "first_seen", "last_seen", "ips"}, order: []rwKey{descNum(2), asc(0)},
			rows: g.rows(func(a *rwAgg) []string {
				return []string{a.key[0], a.key[1], itoa(a.n), ts(a.min["t"]), ts(a.max["t"]), strings.Join(a.sorted("ip"), ",")}
			})}
	},
	"04_access_denied_top_principals.sql": func(recs []genRecord) rwWant {
		var g rwGroups
		for _, r := range recs {
			if rwIn(rwF(r, "errorCode"), rwDenied...) && r.day >= "2025/03/01" && r.day <= "2025/03/07" {
				a := g.at(rwF(r, "userIdentity", "arn"))
				a.n++
				a.distinct("api", rwF(r, "eventName"))
				a.distinct("ip", rwF(r, "sourceIPAddress"))
			}
		}
		return rwWant{cols: []string{"principal", "denied", "distinct_apis", "ips"}, order: []rwKey{descNum(1)}, limit: 10, approx: map[int]float64{3: 0.05},
			rows: g.rows(func(a *rwAgg) []string { return []string{a.key[0], itoa(a.n), itoa(a.nd("api")), itoa(a.nd("ip"))} })}
	},
	"05_error_spike_hourly.sql": func(recs []genRecord) rwWant {
		var g rwGroups
		for _, r := range recs {
			tm, _ := time.Parse(time.RFC3339, rwF(r, "eventTime"))
			a := g.at(rwTS(tm.Truncate(time.Hour)))
			a.n++
			a.inc("err", rwF(r, "errorCode") != "NULL")
		}
		return rwWant{cols: []string{"hour", "calls", "errors", "error_pct"}, order: []rwKey{descNum(2), asc(0)}, limit: 20,
			rows: g.rows(func(a *rwAgg) []string {
				if a.c["err"] < 5 {
					return nil
				}
				return []string{a.key[0], itoa(a.n), itoa(a.c["err"]), rwFloat(math.Round(float64(a.c["err"])*100/float64(a.n)*100) / 100)}
			})}
	},
	"06_top_errors_per_service.sql": func(recs []genRecord) rwWant {
		n := map[string]map[string]int{}
		for _, r := range recs {
			if ec := rwF(r, "errorCode"); ec != "NULL" {
				src := rwF(r, "eventSource")
				if n[src] == nil {
					n[src] = map[string]int{}
				}
				n[src][ec]++
			}
		}
		var rows [][]string
		for src, codes := range n {
			var cs []string
			for c := range codes {
				cs = append(cs, c)
			}
			sort.Slice(cs, func(i, j int) bool {
				if codes[cs[i]] != codes[cs[j]] {
					return codes[cs[i]] > codes[cs[j]]
				}
				return cs[i] < cs[j]
			})
			for i, c := range cs[:min(2, len(cs))] {
				rows = append(rows, []string{src, c, itoa(codes[c]), itoa(i + 1)})
			}
		}
		return rwWant{cols: []string{"eventsource", "errorcode", "n", "rn"}, rows: rows, order: []rwKey{asc(0), ascNum(3)}}
	},
	"07_s3_bucket_access.sql": func(recs []genRecord) rwWant {
		var g rwGroups
		for _, r := range recs {
			if rwF(r, "eventSource") == "s3.amazonaws.com" && rwF(r, "eventCategory") == "Data" {
				a := g.at(rwJSON(r, "requestParameters", "bucketName"))
				name := rwF(r, "eventName")
				a.inc("r", name == "GetObject")
				a.inc("w", rwIn(name, "PutObject", "CopyObject", "CompleteMultipartUpload"))
				a.inc("d", name == "DeleteObject")
				a.distinct("p", rwF(r, "userIdentity", "arn"))
			}
		}
		return rwWant{cols: []string{"bucket", "reads", "writes", "deletes", "principals"}, order: []rwKey{descNum(1), asc(0)}, approx: map[int]float64{4: 0.05},
			rows: g.rows(func(a *rwAgg) []string {
				return []string{a.key[0], itoa(a.c["r"]), itoa(a.c["w"]), itoa(a.c["d"]), itoa(a.nd("p"))}
			})}
	},
	"08_s3_objects_unnest.sql": func(recs []genRecord) rwWant {
		var g rwGroups
		for _, r := range recs {
			res, _ := rwResources(r)
			for _, x := range res {
				if field(x, "type") != "AWS::S3::Object" {
					continue
				}
				arn := field(x, "arn")
				b := "NULL"
				if arn != "NULL" {
					b, _, _ = strings.Cut(arn, "/")
				}
				a := g.at(b)
				a.n++
				a.distinct("o", arn)
			}
		}
		return rwWant{cols: []string{"bucket_arn", "object_events", "objects"}, order: []rwKey{descNum(1), asc(0)},
			rows: g.rows(func(a *rwAgg) []string { return []string{a.key[0], itoa(a.n), itoa(a.nd("o"))} })}
	},
	"09_role_resources_unnest.sql": func(recs []genRecord) rwWant {
		var g rwGroups
		for _, r := range recs {
			res, _ := rwResources(r)
			for _, x := range res {
				arn := field(x, "arn")
				if field(x, "type") == "AWS::IAM::Role" && arn != "NULL" && strings.Contains(arn, ":role/") {
					a := g.at(arn)
					a.n++
					a.distinct("api", rwF(r, "eventName"))
				}
			}
		}
		return rwWant{cols: []string{"role_arn", "events", "apis"}, order: []rwKey{descNum(1), asc(0)},
			rows: g.rows(func(a *rwAgg) []string {
				if a.n < 5 {
					return nil
				}
				return []string{a.key[0], itoa(a.n), itoa(a.nd("api"))}
			})}
	},
	"10_assume_role_then_actions.sql": func(recs []genRecord) rwWant {
		roles := map[string]map[string]bool{} // session ARN -> role ARNs (distinct pairs)
		for _, r := range recs {
			if rwF(r, "eventName") == "AssumeRole" && rwF(r, "errorCode") == "NULL" {
				s := rwJSON(r, "responseElements", "assumedRoleUser", "arn")
				if s == "NULL" {
					continue // NULL never joins
				}
				if roles[s] == nil {
					roles[s] = map[string]bool{}
				}
				roles[s][rwJSON(r, "requestParameters", "roleArn")] = true
			}
		}
		var g rwGroups
		for _, r := range recs {
			if rwF(r, "userIdentity", "type") != "AssumedRole" {
				continue
			}
			for role := range roles[rwF(r, "userIdentity", "arn")] {
				a := g.at(role)
				a.n++
				a.distinct("s", rwF(r, "eventSource"))
			}
		}
		return rwWant{cols: []string{"role_arn", "actions", "services"}, order: []rwKey{descNum(1), asc(0)},
			rows: g.rows(func(a *rwAgg) []string { return []string{a.key[0], itoa(a.n), itoa(a.nd("s"))} })}
	},
	"11_security_group_changes.sql": func(recs []genRecord) rwWant {
		var rows [][]string
		for _, r := range recs {
			if rwF(r, "eventSource") == "ec2.amazonaws.com" && rwIn(rwF(r, "eventName"), "AuthorizeSecurityGroupIngress", "AuthorizeSecurityGroupEgress",
				"RevokeSecurityGroupIngress", "RevokeSecurityGroupEgress", "CreateSecurityGroup", "DeleteSecurityGroup", "ModifySecurityGroupRules") {
				cidr := rwCoalesce(rwJSON(r, "requestParameters", "ipPermissions", "items", 0, "ipRanges", "items", 0, "cidrIp"), "-")
				rows = append(rows, []string{rwF(r, "eventTime"), rwF(r, "eventName"), rwJSON(r, "requestParameters", "groupId"), cidr, rwF(r, "userIdentity", "arn"), rwF(r, "errorCode")})
			}
		}
		return rwWant{cols: []string{"eventtime", "eventname", "group_id", "cidr", "actor", "errorcode"}, rows: rows, order: []rwKey{asc(0), asc(1)}}
	},
	"12_open_to_world.sql": func(recs []genRecord) rwWant {
		var rows [][]string
		for _, r := range recs {
			if !strings.Contains(rwF(r, "eventName"), "SecurityGroup") {
				continue
			}
			if rwMentions(rwColumn(r, "requestParameters"), "0.0.0.0/0") || rwMentions(rwColumn(r, "responseElements"), "0.0.0.0/0") {
				rows = append(rows, []string{rwF(r, "eventTime"), rwF(r, "eventName"), rwJSON(r, "requestParameters", "groupId"), rwF(r, "userIdentity", "arn")})
			}
		}
		return rwWant{cols: []string{"eventtime", "eventname", "group_id", "actor"}, rows: rows, order: []rwKey{asc(0)}}
	},
	"13_iam_policy_attachments.sql": func(recs []genRecord) rwWant {
		var rows [][]string
		for _, r := range recs {
			if rwF(r, "eventSource") == "iam.amazonaws.com" && rwIn(rwF(r, "eventName"), "AttachUserPolicy", "AttachRolePolicy", "AttachGroupPolicy", "DetachRolePolicy", "PutRolePolicy", "PutUserPolicy") {
				target := rwCoalesce(rwJSON(r, "requestParameters", "userName"), rwJSON(r, "requestParameters", "roleName"), rwJSON(r, "requestParameters", "groupName"))
				rows = append(rows, []string{rwF(r, "eventTime"), rwF(r, "eventName"), rwF(r, "userIdentity", "arn"), target, rwJSON(r, "requestParameters", "policyArn")})
			}
		}
		return rwWant{cols: []string{"eventtime", "eventname", "actor", "target", "policy_arn"}, rows: rows, order: []rwKey{asc(0)}}
	},
	"14_iam_write_events.sql": func(recs []genRecord) rwWant {
		var g rwGroups
		for _, r := range recs {
			if rwF(r, "eventSource") == "iam.amazonaws.com" && rwF(r, "readOnly") == "false" {
				g.at(rwF(r, "userIdentity", "arn"), rwF(r, "eventName")).n++
			}
		}
		return rwWant{cols: []string{"actor", "eventname", "n"}, order: []rwKey{descNum(2), asc(1), asc(0)},
			rows: g.rows(func(a *rwAgg) []string { return []string{a.key[0], a.key[1], itoa(a.n)} })}
	},
	"15_events_per_day_partition.sql": func(recs []genRecord) rwWant {
		var g rwGroups
		for _, r := range recs {
			if r.day >= "2025/03/02" && r.day <= "2025/03/05" {
				a := g.at(r.day)
				a.n++
				a.inc("w", rwF(r, "readOnly") == "false")
			}
		}
		return rwWant{cols: []string{"day", "events", "writes"}, order: []rwKey{asc(0)},
			rows: g.rows(func(a *rwAgg) []string { return []string{a.key[0], itoa(a.n), itoa(a.c["w"])} })}
	},
	"16_top_source_ips.sql": func(recs []genRecord) rwWant {
		var g rwGroups
		for _, r := range recs {
			ip := rwF(r, "sourceIPAddress")
			if ip != "NULL" && !strings.HasSuffix(ip, "amazonaws.com") && ip != "AWS Internal" && rwIPRE.MatchString(ip) {
				a := g.at(ip)
				a.n++
				a.distinct("p", rwF(r, "userIdentity", "arn"))
			}
		}
		return rwWant{cols: []string{"sourceipaddress", "calls", "principals"}, order: []rwKey{descNum(1)}, limit: 10,
			rows: g.rows(func(a *rwAgg) []string { return []string{a.key[0], itoa(a.n), itoa(a.nd("p"))} })}
	},
	"17_recon_enumeration.sql": func(recs []genRecord) rwWant {
		var g rwGroups
		for _, r := range recs {
			if rwEnumRE.MatchString(rwF(r, "eventName")) && rwIn(rwF(r, "userIdentity", "type"), "IAMUser", "AssumedRole") {
				a := g.at(rwF(r, "userIdentity", "arn"))
				a.n++
				a.distinct("api", rwF(r, "eventName"))
				a.distinct("svc", rwF(r, "eventSource"))
			}
		}
		return rwWant{cols: []string{"principal", "calls", "distinct_apis", "services"}, order: []rwKey{descNum(2), asc(0)},
			rows: g.rows(func(a *rwAgg) []string {
				if a.nd("api") < 15 {
					return nil
				}
				return []string{a.key[0], itoa(a.n), itoa(a.nd("api")), itoa(a.nd("svc"))}
			})}
	},
	"18_kms_any_match.sql": func(recs []genRecord) rwWant {
		var g rwGroups
		for _, r := range recs {
			res, _ := rwResources(r)
			hit := false
			for _, x := range res {
				hit = hit || field(x, "type") == "AWS::KMS::Key"
			}
			if hit {
				g.at(rwF(r, "eventName")).n++
			}
		}
		return rwWant{cols: []string{"eventname", "n"}, order: []rwKey{descNum(1), asc(0)},
			rows: g.rows(func(a *rwAgg) []string { return []string{a.key[0], itoa(a.n)} })}
	},
	"19_filter_unowned_resources.sql": func(recs []genRecord) rwWant {
		var g rwGroups
		for _, r := range recs {
			res, _ := rwResources(r)
			k := 0
			for _, x := range res {
				if field(x, "accountId") == "NULL" {
					k++
				}
			}
			if k > 0 {
				a := g.at(rwF(r, "eventName"))
				a.n++
				a.c["u"] += k
			}
		}
		return rwWant{cols: []string{"eventname", "unowned", "events"}, order: []rwKey{descNum(1), asc(0)},
			rows: g.rows(func(a *rwAgg) []string { return []string{a.key[0], itoa(a.c["u"]), itoa(a.n)} })}
	},
	"20_business_hours_window.sql": func(recs []genRecord) rwWant {
		lo := time.Date(2025, 3, 4, 9, 0, 0, 0, time.UTC)
		hi := time.Date(2025, 3, 4, 17, 0, 0, 0, time.UTC)
		var g rwGroups
		for _, r := range recs {
			tm, _ := time.Parse(time.RFC3339, rwF(r, "eventTime"))
			if r.day == "2025/03/04" && !tm.Before(lo) && !tm.After(hi) {
				g.at(rwF(r, "eventSource")).n++
			}
		}
		return rwWant{cols: []string{"eventsource", "calls"}, order: []rwKey{descNum(1), asc(0)}, limit: 15,
			rows: g.rows(func(a *rwAgg) []string { return []string{a.key[0], itoa(a.n)} })}
	},
	"21_user_agent_classes.sql": func(recs []genRecord) rwWant {
		class := func(ua string) string {
			switch {
			case ua == "NULL":
				return "other"
			case strings.HasPrefix(ua, "aws-cli/"):
				return "cli"
			case strings.HasPrefix(ua, "Boto3/") || strings.HasPrefix(ua, "aws-sdk-"):
				return "sdk"
			case strings.HasPrefix(ua, "Mozilla/") || ua == "console.amazonaws.com":
				return "console"
			case strings.Contains(ua, "HashiCorp") || strings.Contains(ua, "Terraform"):
				return "terraform"
			case strings.HasSuffix(ua, ".amazonaws.com") || ua == "AWS Internal":
				return "aws-service"
			}
			return "other"
		}
		var g rwGroups
		for _, r := range recs {
			a := g.at(class(rwF(r, "userAgent")))
			a.n++
			a.distinct("p", rwF(r, "userIdentity", "principalId"))
		}
		return rwWant{cols: []string{"client", "calls", "principals"}, order: []rwKey{descNum(1)},
			rows: g.rows(func(a *rwAgg) []string { return []string{a.key[0], itoa(a.n), itoa(a.nd("p"))} })}
	},
	"22_secret_access.sql": func(recs []genRecord) rwWant {
		var g rwGroups
		for _, r := range recs {
			if rwF(r, "eventSource") == "secretsmanager.amazonaws.com" && rwF(r, "eventName") == "GetSecretValue" {
				a := g.at(rwJSON(r, "requestParameters", "secretId"), rwF(r, "userIdentity", "sessionContext", "sessionIssuer", "userName"))
				a.n++
				a.inc("f", rwF(r, "errorCode") != "NULL")
			}
		}
		return rwWant{cols: []string{"secret", "role", "reads", "failed"}, order: []rwKey{descNum(2), asc(0), asc(1)},
			rows: g.rows(func(a *rwAgg) []string { return []string{a.key[0], a.key[1], itoa(a.n), itoa(a.c["f"])} })}
	},
	"23_identity_type_share.sql": func(recs []genRecord) rwWant {
		var g rwGroups
		for _, r := range recs {
			g.at(rwF(r, "userIdentity", "type")).n++
		}
		total := float64(len(recs))
		return rwWant{cols: []string{"identity_type", "events", "pct"}, order: []rwKey{descNum(1)},
			rows: g.rows(func(a *rwAgg) []string { return []string{a.key[0], itoa(a.n), rwFloat(float64(a.n) * 100 / total)} })}
	},
	"24_first_event_per_iam_user.sql": func(recs []genRecord) rwWant {
		first := map[string]genRecord{}
		for _, r := range recs {
			if rwF(r, "userIdentity", "type") != "IAMUser" {
				continue
			}
			u := rwF(r, "userIdentity", "userName")
			f, ok := first[u]
			if !ok || rwF(r, "eventTime") < rwF(f, "eventTime") || (rwF(r, "eventTime") == rwF(f, "eventTime") && rwF(r, "eventID") < rwF(f, "eventID")) {
				first[u] = r
			}
		}
		var rows [][]string
		for u, r := range first {
			rows = append(rows, []string{u, rwF(r, "eventTime"), rwF(r, "sourceIPAddress"), rwF(r, "eventName")})
		}
		return rwWant{cols: []string{"username", "first_time", "first_ip", "first_event"}, rows: rows, order: []rwKey{asc(0)}}
	},
	"25_top3_apis_per_service.sql": func(recs []genRecord) rwWant {
		var g rwGroups
		for _, r := range recs {
			g.at(rwF(r, "eventSource"), rwF(r, "eventName")).n++
		}
		var rows [][]string
		for _, a := range g.order {
			rank := 1
			for _, b := range g.order {
				if b.key[0] == a.key[0] && b.n > a.n {
					rank++
				}
			}
			if rank <= 3 {
				rows = append(rows, []string{a.key[0], a.key[1], itoa(a.n)})
			}
		}
		return rwWant{cols: []string{"eventsource", "eventname", "calls"}, rows: rows, order: []rwKey{asc(0), descNum(2), asc(1)}}
	},
	"26_get_caller_identity_keys.sql": func(recs []genRecord) rwWant {
		var g rwGroups
		for _, r := range recs {
			if rwF(r, "eventName") != "GetCallerIdentity" {
				continue
			}
			k := rwF(r, "userIdentity", "accessKeyId")
			kt := "none"
			if k != "NULL" && strings.HasPrefix(k, "AKIA") {
				kt = "long-term"
			} else if k != "NULL" && strings.HasPrefix(k, "ASIA") {
				kt = "temporary"
			}
			a := g.at(kt, rwF(r, "userIdentity", "type"))
			a.n++
			a.distinct("ip", rwF(r, "sourceIPAddress"))
		}
		return rwWant{cols: []string{"key_type", "type", "calls", "ips"}, order: []rwKey{descNum(2), asc(0), asc(1)},
			rows: g.rows(func(a *rwAgg) []string { return []string{a.key[0], a.key[1], itoa(a.n), itoa(a.nd("ip"))} })}
	},
	"27_long_term_key_multi_ip.sql": func(recs []genRecord) rwWant {
		var g rwGroups
		for _, r := range recs {
			if k := rwF(r, "userIdentity", "accessKeyId"); k != "NULL" && strings.HasPrefix(k, "AKIA") {
				a := g.at(k, rwF(r, "userIdentity", "userName"), r.day)
				a.n++
				a.distinct("ip", rwF(r, "sourceIPAddress"))
			}
		}
		return rwWant{cols: []string{"access_key", "username", "day", "ips", "calls"}, order: []rwKey{descNum(3), descNum(4), asc(0), asc(2)},
			rows: g.rows(func(a *rwAgg) []string {
				if a.nd("ip") <= 1 {
					return nil
				}
				return []string{a.key[0], a.key[1], a.key[2], itoa(a.nd("ip")), itoa(a.n)}
			})}
	},
	"28_data_vs_management.sql": func(recs []genRecord) rwWant {
		var g rwGroups
		for _, r := range recs {
			a := g.at(rwF(r, "eventCategory"), rwF(r, "readOnly"))
			a.n++
			a.distinct("api", rwF(r, "eventName"))
		}
		return rwWant{cols: []string{"eventcategory", "readonly", "events", "apis"}, order: []rwKey{asc(0), asc(1)}, approx: map[int]float64{3: 0.05},
			rows: g.rows(func(a *rwAgg) []string { return []string{a.key[0], a.key[1], itoa(a.n), itoa(a.nd("api"))} })}
	},
	"29_hour_of_day_profile.sql": func(recs []genRecord) rwWant {
		var g rwGroups
		for _, r := range recs {
			tm, _ := time.Parse(time.RFC3339, rwF(r, "eventTime"))
			a := g.at(itoa(tm.Hour()))
			a.n++
			a.inc("h", rwIn(rwF(r, "userIdentity", "type"), "IAMUser", "Root"))
		}
		return rwWant{cols: []string{"hour_utc", "events", "human_key_events"}, order: []rwKey{ascNum(0)},
			rows: g.rows(func(a *rwAgg) []string { return []string{a.key[0], itoa(a.n), itoa(a.c["h"])} })}
	},
	"30_off_hours_console.sql": func(recs []genRecord) rwWant {
		var g rwGroups
		for _, r := range recs {
			if rwF(r, "sessionCredentialFromConsole") != "true" {
				continue
			}
			tm, _ := time.Parse(time.RFC3339, rwF(r, "eventTime"))
			dow := int(tm.Weekday())
			if dow == 0 {
				dow = 7 // ISO: Monday 1 .. Sunday 7
			}
			if dow == 6 || dow == 7 || tm.Hour() < 7 || tm.Hour() > 19 {
				g.at(tm.Format("2006-01-02"), itoa(dow)).n++
			}
		}
		return rwWant{cols: []string{"day", "dow", "console_calls"}, order: []rwKey{asc(0)},
			rows: g.rows(func(a *rwAgg) []string { return []string{a.key[0], a.key[1], itoa(a.n)} })}
	},
	"31_s3_deletes.sql": func(recs []genRecord) rwWant {
		var rows [][]string
		for _, r := range recs {
			if rwF(r, "eventSource") == "s3.amazonaws.com" && rwIn(rwF(r, "eventName"), "DeleteObject", "DeleteObjects", "DeleteBucket", "DeleteBucketPolicy") {
				rows = append(rows, []string{rwF(r, "eventTime"), rwF(r, "userIdentity", "arn"), rwJSON(r, "requestParameters", "bucketName"), rwJSON(r, "requestParameters", "key"), rwF(r, "errorCode")})
			}
		}
		return rwWant{cols: []string{"eventtime", "actor", "bucket", "object_key", "errorcode"}, rows: rows, order: []rwKey{descText(0)}, limit: 25}
	},
	"32_ec2_state_changes.sql": func(recs []genRecord) rwWant {
		var g rwGroups
		for _, r := range recs {
			if rwF(r, "eventSource") == "ec2.amazonaws.com" && rwIn(rwF(r, "eventName"), "RunInstances", "StartInstances", "StopInstances", "TerminateInstances",
				"ModifyInstanceAttribute", "CreateSnapshot", "ModifySnapshotAttribute", "CreateVolume", "AttachVolume") {
				a := g.at(rwF(r, "eventName"))
				a.n++
				a.inc("ok", rwF(r, "errorCode") == "NULL")
				a.distinct("t", rwF(r, "userIdentity", "type"))
			}
		}
		return rwWant{cols: []string{"eventname", "calls", "succeeded", "identity_types"}, order: []rwKey{asc(0)},
			rows: g.rows(func(a *rwAgg) []string {
				return []string{a.key[0], itoa(a.n), itoa(a.c["ok"]), strings.Join(a.sorted("t"), ",")}
			})}
	},
	"33_top_roles_by_sessions.sql": func(recs []genRecord) rwWant {
		var g rwGroups
		for _, r := range recs {
			if rwF(r, "userIdentity", "type") == "AssumedRole" {
				a := g.at(rwF(r, "userIdentity", "sessionContext", "sessionIssuer", "userName"))
				a.n++
				a.distinct("s", rwF(r, "userIdentity", "principalId"))
			}
		}
		return rwWant{cols: []string{"role_name", "sessions", "calls"}, order: []rwKey{descNum(1), descNum(2)}, limit: 5,
			rows: g.rows(func(a *rwAgg) []string { return []string{a.key[0], itoa(a.nd("s")), itoa(a.n)} })}
	},
	"34_mfa_sessions.sql": func(recs []genRecord) rwWant {
		var g rwGroups
		for _, r := range recs {
			if rwF(r, "userIdentity", "sessionContext") != "NULL" {
				g.at(rwF(r, "userIdentity", "type"), rwF(r, "userIdentity", "sessionContext", "attributes", "mfaAuthenticated")).n++
			}
		}
		return rwWant{cols: []string{"type", "mfa", "events"}, order: []rwKey{asc(0), asc(1)},
			rows: g.rows(func(a *rwAgg) []string { return []string{a.key[0], a.key[1], itoa(a.n)} })}
	},
	"35_error_rate_per_service.sql": func(recs []genRecord) rwWant {
		var g rwGroups
		for _, r := range recs {
			a := g.at(rwF(r, "eventSource"))
			a.n++
			a.inc("e", rwF(r, "errorCode") != "NULL")
		}
		return rwWant{cols: []string{"eventsource", "calls", "errors", "error_rate"}, order: []rwKey{descNum(3), asc(0)},
			rows: g.rows(func(a *rwAgg) []string {
				if a.n < 100 {
					return nil
				}
				return []string{a.key[0], itoa(a.n), itoa(a.c["e"]), rwFloat(float64(a.c["e"]) / float64(a.n))}
			})}
	},
	"36_throttling.sql": func(recs []genRecord) rwWant {
		var g rwGroups
		for _, r := range recs {
			if rwIn(rwF(r, "errorCode"), rwThrottled...) {
				g.at(rwF(r, "userIdentity", "arn"), rwF(r, "eventSource")).n++
			}
		}
		return rwWant{cols: []string{"principal", "eventsource", "throttled"}, order: []rwKey{descNum(2), asc(0), asc(1)},
			rows: g.rows(func(a *rwAgg) []string { return []string{a.key[0], a.key[1], itoa(a.n)} })}
	},
	"37_account_region_coverage.sql": func(recs []genRecord) rwWant {
		var g rwGroups
		for _, r := range recs {
			a := g.at(rwF(r, "recipientAccountId"), rwF(r, "awsRegion"))
			a.n++
			a.minmax("d", r.day)
		}
		return rwWant{cols: []string{"recipientaccountid", "awsregion", "events", "first_day", "last_day"},
			rows: g.rows(func(a *rwAgg) []string { return []string{a.key[0], a.key[1], itoa(a.n), a.min["d"], a.max["d"]} })}
	},
	"38_tls_versions.sql": func(recs []genRecord) rwWant {
		var g rwGroups
		for _, r := range recs {
			if v := rwF(r, "tlsDetails", "tlsVersion"); v != "NULL" && v != "TLSv1.3" {
				g.at(v, rwF(r, "eventSource")).n++
			}
		}
		return rwWant{cols: []string{"tls_version", "eventsource", "calls"}, order: []rwKey{descNum(2), asc(1)}, limit: 10,
			rows: g.rows(func(a *rwAgg) []string { return []string{a.key[0], a.key[1], itoa(a.n)} })}
	},
	"39_top_callers_per_role.sql": func(recs []genRecord) rwWant {
		var g rwGroups
		for _, r := range recs {
			if rwF(r, "eventSource") == "sts.amazonaws.com" && strings.HasPrefix(rwF(r, "eventName"), "AssumeRole") {
				caller := rwCoalesce(rwF(r, "userIdentity", "arn"), rwF(r, "userIdentity", "invokedBy"), rwF(r, "userIdentity", "type"))
				g.at(rwJSON(r, "requestParameters", "roleArn"), caller).n++
			}
		}
		per := map[string][]*rwAgg{}
		for _, a := range g.order {
			per[a.key[0]] = append(per[a.key[0]], a)
		}
		var rows [][]string
		for _, as := range per {
			sort.Slice(as, func(i, j int) bool {
				if as[i].n != as[j].n {
					return as[i].n > as[j].n
				}
				return rwCmpCell(as[i].key[1], as[j].key[1], false) < 0
			})
			for _, a := range as[:min(2, len(as))] {
				rows = append(rows, []string{a.key[0], a.key[1], itoa(a.n)})
			}
		}
		return rwWant{cols: []string{"role_arn", "caller", "n"}, rows: rows, order: []rwKey{asc(0), descNum(2), asc(1)}}
	},
	"40_persistence_events.sql": func(recs []genRecord) rwWant {
		cats := []struct {
			name   string
			events []string
		}{
			{"iam-credential", []string{"CreateAccessKey", "CreateLoginProfile", "UpdateLoginProfile", "CreateUser"}},
			{"policy-change", []string{"AttachUserPolicy", "AttachRolePolicy", "PutRolePolicy", "PutUserPolicy", "DetachRolePolicy", "CreatePolicyVersion"}},
			{"defense-evasion", []string{"StopLogging", "DeleteTrail", "UpdateTrail", "PutEventSelectors", "DeleteDetector", "UpdateDetector", "DeleteFlowLogs", "PutBucketPolicy", "DeleteBucketPolicy"}},
		}
		var g rwGroups
		for _, r := range recs {
			for _, c := range cats {
				if rwIn(rwF(r, "eventName"), c.events...) {
					g.at(c.name, rwF(r, "eventName")).n++
				}
			}
		}
		return rwWant{cols: []string{"category", "eventname", "n"}, order: []rwKey{asc(0), asc(1)},
			rows: g.rows(func(a *rwAgg) []string { return []string{a.key[0], a.key[1], itoa(a.n)} })}
	},
	"41_burst_gaps_lag.sql": func(recs []genRecord) rwWant {
		per := map[string][]genRecord{}
		for _, r := range recs {
			if rwF(r, "userIdentity", "type") == "IAMUser" {
				p := rwF(r, "userIdentity", "arn")
				per[p] = append(per[p], r)
			}
		}
		var rows [][]string
		for p, rs := range per {
			sort.Slice(rs, func(i, j int) bool {
				ti, tj := rwF(rs[i], "eventTime"), rwF(rs[j], "eventTime")
				if ti != tj {
					return ti < tj
				}
				return rwF(rs[i], "eventID") < rwF(rs[j], "eventID")
			})
			within, longest := 0, int64(-1)
			for i := 1; i < len(rs); i++ {
				a, _ := time.Parse(time.RFC3339, rwF(rs[i-1], "eventTime"))
				b, _ := time.Parse(time.RFC3339, rwF(rs[i], "eventTime"))
				d := int64(b.Sub(a) / time.Second)
				if d <= 1 {
					within++
				}
				longest = max(longest, d)
			}
			gap := "NULL"
			if longest >= 0 {
				gap = strconv.FormatInt(longest, 10)
			}
			rows = append(rows, []string{p, itoa(len(rs)), itoa(within), gap})
		}
		return rwWant{cols: []string{"principal", "events", "within_1s", "longest_gap_s"}, rows: rows, order: []rwKey{asc(0)}}
	},
	"42_console_login_then_activity.sql": func(recs []genRecord) rwWant {
		var logins rwGroups
		for _, r := range recs {
			if rwF(r, "eventName") == "ConsoleLogin" && rwJSON(r, "responseElements", "ConsoleLogin") == "Success" {
				logins.at(r.day, rwF(r, "userIdentity", "arn"))
			}
		}
		for _, r := range recs {
			arn := rwF(r, "userIdentity", "arn")
			if arn == "NULL" || rwF(r, "eventName") == "ConsoleLogin" {
				continue
			}
			if a := logins.m[r.day+"\x00"+arn]; a != nil {
				a.n++
			}
		}
		return rwWant{cols: []string{"day", "arn", "actions_that_day"}, order: []rwKey{asc(0), asc(1)},
			rows: logins.rows(func(a *rwAgg) []string { return []string{a.key[0], a.key[1], itoa(a.n)} })}
	},
	"50_failed_logins_week_before.sql": func(recs []genRecord) rwWant {
		type fail struct {
			ip, at string
			t      time.Time
		}
		var fails []fail
		repeated := false
		for _, r := range recs {
			if rwF(r, "eventName") == "ConsoleLogin" && rwJSON(r, "responseElements", "ConsoleLogin") == "Failure" {
				at := rwF(r, "eventTime")
				tm, err := time.Parse(time.RFC3339, at)
				if err != nil {
					panic(err)
				}
				fails = append(fails, fail{rwF(r, "sourceIPAddress"), at, tm})
			}
		}
		var rows [][]string
		for _, o := range fails {
			n := 0
			for _, i := range fails {
				if i.ip == o.ip && o.ip != "NULL" && !i.t.Before(o.t.Add(-7*24*time.Hour)) && i.at < o.at {
					n++
				}
			}
			rows = append(rows, []string{o.ip, o.at, itoa(n)})
			repeated = repeated || n > 0
		}
		if !repeated {
			panic("the trail has no repeated failed sign-ins: the query is not exercised")
		}
		return rwWant{cols: []string{"sourceipaddress", "eventtime", "failures_week_before"}, order: []rwKey{descNum(2), asc(1), asc(0)}, rows: rows}
	},
	"43_services_per_iam_user.sql": func(recs []genRecord) rwWant {
		var g rwGroups
		for _, r := range recs {
			if rwF(r, "userIdentity", "type") == "IAMUser" {
				a := g.at(rwF(r, "userIdentity", "userName"))
				src := rwF(r, "eventSource")
				a.distinct("src", src)
				short, _, _ := strings.Cut(src, ".")
				a.distinct("short", short)
			}
		}
		return rwWant{cols: []string{"username", "services", "service_list"}, order: []rwKey{descNum(1), asc(0)},
			rows: g.rows(func(a *rwAgg) []string {
				return []string{a.key[0], itoa(a.nd("src")), strings.Join(a.sorted("short"), " ")}
			})}
	},
	"44_writes_from_denied_ips.sql": func(recs []genRecord) rwWant {
		denied := map[string]bool{}
		for _, r := range recs {
			if rwIn(rwF(r, "errorCode"), rwDenied...) && rwF(r, "sourceIPAddress") != "NULL" {
				denied[rwF(r, "sourceIPAddress")] = true
			}
		}
		var g rwGroups
		for _, r := range recs {
			if denied[rwF(r, "sourceIPAddress")] && rwF(r, "errorCode") == "NULL" && rwF(r, "readOnly") == "false" {
				g.at(rwF(r, "sourceIPAddress"), rwF(r, "eventName")).n++
			}
		}
		return rwWant{cols: []string{"sourceipaddress", "eventname", "calls"}, order: []rwKey{descNum(2), asc(0), asc(1)}, limit: 20,
			rows: g.rows(func(a *rwAgg) []string { return []string{a.key[0], a.key[1], itoa(a.n)} })}
	},
	"45_kms_decrypt_keys.sql": func(recs []genRecord) rwWant {
		var g rwGroups
		for _, r := range recs {
			if rwF(r, "eventSource") != "kms.amazonaws.com" || rwF(r, "eventName") != "Decrypt" {
				continue
			}
			res, _ := rwResources(r)
			for _, x := range res {
				if field(x, "type") != "AWS::KMS::Key" {
					continue
				}
				id := "NULL"
				if m := rwKeyIDRE.FindStringSubmatch(field(x, "arn")); m != nil && field(x, "arn") != "NULL" {
					id = m[1]
				}
				a := g.at(id)
				a.n++
				a.distinct("role", rwF(r, "userIdentity", "sessionContext", "sessionIssuer", "userName"))
			}
		}
		return rwWant{cols: []string{"key_id", "decrypts", "roles"}, order: []rwKey{descNum(1), asc(0)},
			rows: g.rows(func(a *rwAgg) []string { return []string{a.key[0], itoa(a.n), itoa(a.nd("role"))} })}
	},
	"46_quarter_hour_buckets.sql": func(recs []genRecord) rwWant {
		var g rwGroups
		for _, r := range recs {
			if r.day != "2025/03/03" {
				continue
			}
			tm, _ := time.Parse(time.RFC3339, rwF(r, "eventTime"))
			a := g.at(rwTS(time.Unix(tm.Unix()/900*900, 0)))
			a.n++
			a.distinct("p", rwF(r, "userIdentity", "arn"))
		}
		return rwWant{cols: []string{"bucket", "events", "principals"}, order: []rwKey{asc(0)},
			rows: g.rows(func(a *rwAgg) []string {
				if a.n < 40 {
					return nil
				}
				return []string{a.key[0], itoa(a.n), itoa(a.nd("p"))}
			})}
	},
	"48_window_total_with_limit.sql": func(recs []genRecord) rwWant {
		var rows [][]string
		for _, r := range recs {
			if rwF(r, "errorCode") != "NULL" {
				rows = append(rows, []string{rwF(r, "eventTime"), rwF(r, "eventName"), rwF(r, "errorCode"), ""})
			}
		}
		for _, row := range rows {
			row[3] = itoa(len(rows))
		}
		return rwWant{cols: []string{"eventtime", "eventname", "errorcode", "total_matches"}, rows: rows, limit: 10}
	},
	"49_unnest_json_array_cast.sql": func(recs []genRecord) rwWant {
		var rows [][]string
		for _, r := range recs {
			if !rwIn(rwF(r, "eventName"), "AuthorizeSecurityGroupIngress", "AuthorizeSecurityGroupEgress", "RevokeSecurityGroupIngress", "RevokeSecurityGroupEgress") {
				continue
			}
			rp, _ := rwColumn(r, "requestParameters").(map[string]any)
			perms, _ := rp["ipPermissions"].(map[string]any)
			items, _ := perms["items"].([]any)
			for i := range items {
				rows = append(rows, []string{rwF(r, "eventTime"), rwF(r, "eventName"), rwJSON(r, "requestParameters", "groupId"),
					rwJSON(r, "requestParameters", "ipPermissions", "items", i, "ipProtocol"),
					rwJSON(r, "requestParameters", "ipPermissions", "items", i, "fromPort"),
					rwJSON(r, "requestParameters", "ipPermissions", "items", i, "toPort")})
			}
		}
		return rwWant{cols: []string{"eventtime", "eventname", "group_id", "protocol", "from_port", "to_port"}, rows: rows, order: []rwKey{asc(0)}}
	},
	"47_root_action_sequence.sql": func(recs []genRecord) rwWant {
		per := map[string][]genRecord{}
		for _, r := range recs {
			if rwF(r, "userIdentity", "type") == "Root" {
				per[r.day] = append(per[r.day], r)
			}
		}
		var rows [][]string
		for day, rs := range per {
			sort.Slice(rs, func(i, j int) bool {
				ti, tj := rwF(rs[i], "eventTime"), rwF(rs[j], "eventTime")
				if ti != tj {
					return ti < tj
				}
				return rwF(rs[i], "eventID") < rwF(rs[j], "eventID")
			})
			var names []string
			for _, r := range rs[:min(5, len(rs))] {
				names = append(names, rwF(r, "eventName"))
			}
			rows = append(rows, []string{day, strings.Join(names, " > "), itoa(len(rs))})
		}
		return rwWant{cols: []string{"day", "first_actions", "root_events"}, rows: rows, order: []rwKey{asc(0)}}
	},
}
