package engine

// A conformance suite in sqllogictest form (the SQLite / dolthub
// go-mysql-server format, adapted to Trino). Every *.test file under
// testdata/conformance runs in a fresh engine over a small hand-written
// CloudTrail trail (see writeConformanceTrail). Expected results are
// written by hand from the Trino documentation and Trino's own tests, never
// generated from trawl's output: there is no -update flag on purpose.
//
// File format. Records are separated by blank lines; lines starting with
// '#' are comments. A record is one of:
//
//	statement ok
//	<SQL, one or more lines>
//
// The statement must run (and its result, if any, be read) without error.
//
//	statement error <CODE>: line <L>:<C>: <message>
//	<SQL>
//
// The statement must fail with the Trino error name CODE. When the error
// has a position in the statement, "line L:C: " is required and must match
// (lines and columns count from 1 in the SQL text of the record, as it is
// written, lines joined by '\n'); an error without a position is written
// "<CODE>: <message>". The message is a substring of the error's message,
// or, when written between slashes (/.../), a Go regular expression
// matched against it.
//
//	query <types> [nosort|rowsort|valuesort]
//	<SQL>
//	----
//	<expected rows>
//
// types has one letter per result column: I (tinyint, smallint, integer,
// bigint), R (real, double, decimal), T (varchar, char, varbinary, json,
// ipaddress, ipprefix), B (boolean), D (date, time, timestamp, timestamp
// with time zone, intervals), A (array), M (map), S (row), N (unknown, the
// type of a bare NULL). Expected rows are one per line, the values of a row
// separated by a single tab. Values are printed as Trino prints them
// (value.Format): NULL as "NULL", the empty string as "(empty)" (inside an
// array, map or row a NULL prints as "null" and an empty string as nothing,
// as in Athena's result files), and a tab,
// newline or carriage return inside a value as \t, \n, \r. nosort (the
// default) compares rows in order, rowsort sorts the rows (as text) of both
// sides before comparing, valuesort sorts all the values individually.
// A query with no result rows has nothing after the "----" line.
//
// There is no skipif/onlyif: every record runs. Cases that Trino answers
// one way and trawl another, or that need features trawl lacks, live in
// testdata/conformance/pending, which the default run does not read; run
// them with
//
//	go test ./internal/engine/ -run TestConformance -conformance.dir=testdata/conformance/pending

import (
	"bufio"
	"bytes"
	"compress/gzip"
	"context"
	"errors"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"testing"
	"time"

	"trawl/internal/catalog"
	"trawl/internal/sqlerr"
	"trawl/internal/storage"
	"trawl/internal/storage/file"
	"trawl/internal/types"
	"trawl/internal/value"
)

var conformanceDir = flag.String("conformance.dir", filepath.Join("testdata", "conformance"), "folder of sqllogictest *.test files run by TestConformance")

// The fixture trail's bucket, account and region, for the files' DDL.
const (
	conformanceBucket  = "conformance"
	conformanceAccount = "111122223333"
	conformanceRegion  = "us-east-1"
)

// slRecord is one record of a .test file.
type slRecord struct {
	line    int    // line of the record's first line in the file
	kind    string // "ok", "error" or "query"
	want    string // statement error: the expected error text
	types   string // query: the column type letters
	sortBy  string // query: nosort, rowsort or valuesort
	sql     string
	results []string // query: expected rows, as written
}

func TestConformance(t *testing.T) {
	files, err := filepath.Glob(filepath.Join(*conformanceDir, "*.test"))
	if err != nil {
		t.Fatal(err)
	}
	if len(files) == 0 {
		t.Fatalf("no .test files in %s", *conformanceDir)
	}
	for _, path := range files {
		t.Run(strings.TrimSuffix(filepath.Base(path), ".test"), func(t *testing.T) {
			recs, err := parseSQLLogic(path)
			if err != nil {
				t.Fatal(err)
			}
			e := conformanceEngine(t)
			for _, r := range recs {
				runSQLLogicRecord(t, e, path, r)
			}
			t.Logf("%s: %d records", path, len(recs))
		})
	}
}

// parseSQLLogic reads the records of a .test file.
func parseSQLLogic(path string) ([]slRecord, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	lines := strings.Split(strings.ReplaceAll(string(data), "\r\n", "\n"), "\n")
	var recs []slRecord
	i := 0
	for i < len(lines) {
		l := lines[i]
		if strings.TrimSpace(l) == "" || strings.HasPrefix(l, "#") {
			i++
			continue
		}
		r := slRecord{line: i + 1}
		f := strings.Fields(l)
		switch {
		case l == "statement ok":
			r.kind = "ok"
		case f[0] == "statement" && len(f) > 1 && f[1] == "error":
			r.kind = "error"
			r.want = strings.TrimSpace(strings.TrimPrefix(strings.TrimSpace(strings.TrimPrefix(l, "statement")), "error"))
			if r.want == "" {
				return nil, fmt.Errorf("%s:%d: statement error needs the expected error (CODE: line L:C: message)", path, r.line)
			}
		case f[0] == "query":
			r.kind = "query"
			if len(f) < 2 || len(f) > 3 {
				return nil, fmt.Errorf("%s:%d: want 'query <types> [nosort|rowsort|valuesort]'", path, r.line)
			}
			r.types = f[1]
			if strings.Trim(r.types, "IRTBDAMSN") != "" {
				return nil, fmt.Errorf("%s:%d: bad column types %q (letters I R T B D A M S N)", path, r.line, r.types)
			}
			r.sortBy = "nosort"
			if len(f) == 3 {
				r.sortBy = f[2]
			}
			switch r.sortBy {
			case "nosort", "rowsort", "valuesort":
			default:
				return nil, fmt.Errorf("%s:%d: unknown sort mode %q", path, r.line, r.sortBy)
			}
		case f[0] == "skipif" || f[0] == "onlyif":
			return nil, fmt.Errorf("%s:%d: %s is not allowed: every case runs (move it to pending/)", path, r.line, f[0])
		default:
			return nil, fmt.Errorf("%s:%d: unknown record %q", path, r.line, l)
		}
		i++
		var sql []string
		for i < len(lines) && strings.TrimSpace(lines[i]) != "" && lines[i] != "----" {
			sql = append(sql, lines[i])
			i++
		}
		if len(sql) == 0 {
			return nil, fmt.Errorf("%s:%d: record without SQL", path, r.line)
		}
		r.sql = strings.Join(sql, "\n")
		if r.kind == "query" {
			if i >= len(lines) || lines[i] != "----" {
				return nil, fmt.Errorf("%s:%d: query without a ---- line", path, r.line)
			}
			i++
			for i < len(lines) && lines[i] != "" {
				r.results = append(r.results, lines[i])
				i++
			}
		} else if i < len(lines) && lines[i] == "----" {
			return nil, fmt.Errorf("%s:%d: ---- after a statement (use query)", path, r.line)
		}
		recs = append(recs, r)
	}
	return recs, nil
}

// slRun runs sql and returns the column types and rows, each value
// rendered as the .test files write it.
func slRun(e *Engine, sql string) ([]*types.Type, [][]string, error) {
	var typs []*types.Type
	var rows [][]string
	ctx := context.Background()
	err := e.Run(ctx, sql, &Session{Database: "default"}, func(r *Result) error {
		typs = r.Types
		rows = nil
		for {
			b, err := r.Next(ctx)
			if err != nil {
				return err
			}
			if b == nil {
				return nil
			}
			for i := 0; i < b.N; i++ {
				row := make([]string, len(b.Cols))
				for j, c := range b.Cols {
					if c.IsNull(i) {
						row[j] = "NULL"
						continue
					}
					s := value.Format(c.Type, c.Value(i))
					if s == "" {
						s = "(empty)"
					}
					row[j] = strings.NewReplacer("\t", `\t`, "\n", `\n`, "\r", `\r`).Replace(s)
				}
				rows = append(rows, row)
			}
		}
	})
	return typs, rows, err
}

func runSQLLogicRecord(t *testing.T, e *Engine, path string, r slRecord) {
	t.Helper()
	where := fmt.Sprintf("%s:%d", path, r.line)
	typs, rows, err := slRun(e, r.sql)
	switch r.kind {
	case "ok":
		if err != nil {
			t.Errorf("%s: statement failed\nSQL:\n%s\nerror: %v", where, r.sql, err)
		}
	case "error":
		if err == nil {
			t.Errorf("%s: statement succeeded, want error\nSQL:\n%s\nwant: %s", where, r.sql, r.want)
			return
		}
		if msg := checkSQLError(r.want, err); msg != "" {
			t.Errorf("%s: wrong error (%s)\nSQL:\n%s\nwant: %s\ngot:  %v", where, msg, r.sql, r.want, err)
		}
	case "query":
		if err != nil {
			t.Errorf("%s: query failed\nSQL:\n%s\nerror: %v", where, r.sql, err)
			return
		}
		if got := typeLetters(typs); got != r.types {
			t.Errorf("%s: column types %s (%s), want %s\nSQL:\n%s", where, got, typeNames(typs), r.types, r.sql)
		}
		want := make([][]string, len(r.results))
		for i, l := range r.results {
			want[i] = strings.Split(l, "\t")
		}
		got, exp := sortResult(rows, r.sortBy), sortResult(want, r.sortBy)
		if !equalResult(got, exp) {
			t.Errorf("%s: wrong result (%s)\nSQL:\n%s\nwant:\n%s\ngot:\n%s", where, r.sortBy, r.sql, showResult(exp), showResult(got))
		}
	}
}

var slErrRe = regexp.MustCompile(`^([A-Z][A-Z0-9_]*):( line ([0-9]+):([0-9]+):)? ?`)

// checkSQLError compares an error with the expected "CODE: line L:C: msg"
// and returns what differs, or "".
func checkSQLError(want string, err error) string {
	var se *sqlerr.Error
	if !errors.As(err, &se) {
		return fmt.Sprintf("not a Trino error: %T", err)
	}
	m := slErrRe.FindStringSubmatch(want)
	if m == nil {
		return "the expected error must start with the Trino error name, e.g. SYNTAX_ERROR: "
	}
	if sqlerr.Code(m[1]) != se.Code {
		return "error name"
	}
	if se.Line > 0 && m[2] == "" {
		return fmt.Sprintf("the error has a position (line %d:%d); the expectation must give it", se.Line, se.Column)
	}
	if m[2] != "" {
		l, _ := strconv.Atoi(m[3])
		c, _ := strconv.Atoi(m[4])
		if l != se.Line || c != se.Column {
			return "position"
		}
	}
	msg := want[len(m[0]):]
	if len(msg) >= 2 && strings.HasPrefix(msg, "/") && strings.HasSuffix(msg, "/") {
		re, rerr := regexp.Compile(msg[1 : len(msg)-1])
		if rerr != nil {
			return "bad regexp: " + rerr.Error()
		}
		if !re.MatchString(se.Msg) {
			return "message does not match"
		}
		return ""
	}
	if !strings.Contains(se.Msg, msg) {
		return "message"
	}
	return ""
}

func typeLetters(ts []*types.Type) string {
	var b strings.Builder
	for _, t := range ts {
		switch t.Kind {
		case types.TinyInt, types.SmallInt, types.Integer, types.BigInt:
			b.WriteByte('I')
		case types.Real, types.Double, types.Decimal:
			b.WriteByte('R')
		case types.Varchar, types.Char, types.Varbinary, types.JSON, types.IPAddress, types.IPPrefix:
			b.WriteByte('T')
		case types.Boolean:
			b.WriteByte('B')
		case types.Date, types.Time, types.Timestamp, types.TimestampTZ, types.IntervalDayTime, types.IntervalYearMonth:
			b.WriteByte('D')
		case types.Array:
			b.WriteByte('A')
		case types.Map:
			b.WriteByte('M')
		case types.Row:
			b.WriteByte('S')
		case types.Unknown:
			b.WriteByte('N')
		default:
			b.WriteByte('?')
		}
	}
	return b.String()
}

func typeNames(ts []*types.Type) string {
	s := make([]string, len(ts))
	for i, t := range ts {
		s[i] = t.String()
	}
	return strings.Join(s, ", ")
}

func sortResult(rows [][]string, mode string) [][]string {
	switch mode {
	case "rowsort":
		out := append([][]string(nil), rows...)
		sort.SliceStable(out, func(i, j int) bool {
			return strings.Join(out[i], "\t") < strings.Join(out[j], "\t")
		})
		return out
	case "valuesort":
		var vals []string
		for _, r := range rows {
			vals = append(vals, r...)
		}
		sort.Strings(vals)
		out := make([][]string, len(vals))
		for i, v := range vals {
			out[i] = []string{v}
		}
		return out
	}
	return rows
}

func equalResult(a, b [][]string) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if strings.Join(a[i], "\t") != strings.Join(b[i], "\t") || len(a[i]) != len(b[i]) {
			return false
		}
	}
	return true
}

func showResult(rows [][]string) string {
	if len(rows) == 0 {
		return "  (no rows)"
	}
	var b strings.Builder
	for _, r := range rows {
		b.WriteString("  " + strings.Join(r, "\t") + "\n")
	}
	return strings.TrimSuffix(b.String(), "\n")
}

// conformanceEngine returns a fresh engine over a temp dir holding the
// fixture trail, with the clock fixed at 2024-03-04 12:00:00 UTC.
func conformanceEngine(t *testing.T) *Engine {
	t.Helper()
	dir := t.TempDir()
	buckets := filepath.Join(dir, "buckets")
	writeConformanceTrail(t, filepath.Join(buckets, conformanceBucket))
	cat, err := catalog.Open(filepath.Join(dir, "catalog.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { cat.Close() })
	now := time.Date(2024, 3, 4, 12, 0, 0, 0, time.UTC)
	return &Engine{Catalog: cat, Store: &storage.Router{S3: file.New(buckets), File: file.New("/")},
		Now: func() time.Time { return now }, Workers: 2}
}

// conformanceTrail is the fixture trail: per day (yyyy/MM/dd), the log
// files delivered that day, each the records of one {"Records":[...]}
// document. Nine events over three days:
//
//	#  day    eventtime             eventsource           eventname          useridentity.type  username / issuer            errorcode     readonly
//	1  03/01  2024-03-01T08:15:30Z  signin.amazonaws.com  ConsoleLogin       IAMUser            alice                         NULL          false
//	2  03/01  2024-03-01T09:00:00Z  s3.amazonaws.com      GetObject          AssumedRole        issuer Admin                  NULL          true
//	3  03/02  2024-03-02T10:30:00Z  s3.amazonaws.com      PutObject          AssumedRole        issuer Admin                  AccessDenied  false
//	4  03/02  2024-03-02T11:00:00Z  ec2.amazonaws.com     DescribeInstances  AssumedRole        issuer AWSServiceRoleForSupport  NULL       true
//	5  03/02  2024-03-02T12:00:00Z  iam.amazonaws.com     CreateAccessKey    Root               -                             NULL          false
//	6  03/03  2024-03-03T23:59:59Z  s3.amazonaws.com      DeleteBucket       IAMUser            josé                          NoSuchBucket  false
//	7  03/03  2024-03-03T06:00:00Z  sts.amazonaws.com     AssumeRole         AWSService         - (invokedby lambda)          NULL          true
//	8  03/03  2024-03-03T07:00:00Z  signin.amazonaws.com  ConsoleLogin       IAMUser            HIDDEN_DUE_TO_SECURITY_REASONS NULL         false
//	9  03/03  2024-03-03T00:00:00Z  kms.amazonaws.com     RotateKey          (no useridentity)  -                             NULL          false
//
// Record 8 has an errormessage but no errorcode (a failed console login);
// the .test files rely on every value here.
var conformanceTrail = map[string][]string{
	"2024/03/01": {`[
{"eventVersion":"1.08","userIdentity":{"type":"IAMUser","principalId":"AIDAEXAMPLEALICE","arn":"arn:aws:iam::111122223333:user/alice","accountId":"111122223333","userName":"alice"},
 "eventTime":"2024-03-01T08:15:30Z","eventSource":"signin.amazonaws.com","eventName":"ConsoleLogin","awsRegion":"us-east-1","sourceIPAddress":"198.51.100.10",
 "userAgent":"Mozilla/5.0 🦊","requestParameters":null,"responseElements":{"ConsoleLogin":"Success"},"additionalEventData":{"LoginTo":"https://console.aws.amazon.com/","MobileVersion":"No","MFAUsed":"Yes"},
 "eventID":"00000000-0000-0000-0000-000000000001","readOnly":false,"eventType":"AwsConsoleSignIn","managementEvent":true,"recipientAccountId":"111122223333","eventCategory":"Management"},
{"eventVersion":"1.09","userIdentity":{"type":"AssumedRole","principalId":"AROAEXAMPLEADMIN:bob","arn":"arn:aws:sts::111122223333:assumed-role/Admin/bob","accountId":"111122223333","accessKeyId":"ASIAEXAMPLE0001",
  "sessionContext":{"sessionIssuer":{"type":"Role","principalId":"AROAEXAMPLEADMIN","arn":"arn:aws:iam::111122223333:role/Admin","accountId":"111122223333","userName":"Admin"},
   "webIdFederationData":{},"attributes":{"creationDate":"2024-03-01T08:55:00Z","mfaAuthenticated":"true"}}},
 "eventTime":"2024-03-01T09:00:00Z","eventSource":"s3.amazonaws.com","eventName":"GetObject","awsRegion":"us-east-1","sourceIPAddress":"198.51.100.20","userAgent":"[aws-sdk-go/1.50.0]",
 "requestParameters":{"bucketName":"logs-bucket","Host":"logs-bucket.s3.us-east-1.amazonaws.com","key":"a/b.txt"},"responseElements":null,
 "additionalEventData":{"bytesTransferredIn":0,"bytesTransferredOut":1234},"requestID":"REQ0002","eventID":"00000000-0000-0000-0000-000000000002","readOnly":true,
 "resources":[{"type":"AWS::S3::Object","ARN":"arn:aws:s3:::logs-bucket/a/b.txt"},{"accountId":"111122223333","type":"AWS::S3::Bucket","ARN":"arn:aws:s3:::logs-bucket"}],
 "eventType":"AwsApiCall","managementEvent":false,"recipientAccountId":"111122223333","eventCategory":"Data",
 "tlsDetails":{"tlsVersion":"TLSv1.3","cipherSuite":"TLS_AES_128_GCM_SHA256","clientProvidedHostHeader":"logs-bucket.s3.us-east-1.amazonaws.com"}}
]`},
	"2024/03/02": {`[
{"eventVersion":"1.09","userIdentity":{"type":"AssumedRole","principalId":"AROAEXAMPLEADMIN:bob","arn":"arn:aws:sts::111122223333:assumed-role/Admin/bob","accountId":"111122223333","accessKeyId":"ASIAEXAMPLE0002",
  "sessionContext":{"sessionIssuer":{"type":"Role","principalId":"AROAEXAMPLEADMIN","arn":"arn:aws:iam::111122223333:role/Admin","accountId":"111122223333","userName":"Admin"},
   "webIdFederationData":{"federatedProvider":"arn:aws:iam::111122223333:oidc-provider/token.actions.githubusercontent.com","attributes":{"sub":"repo:org/app:ref:refs/heads/main","aud":"sts.amazonaws.com"}},
   "attributes":{"creationDate":"2024-03-02T10:00:00Z","mfaAuthenticated":"false"}}},
 "eventTime":"2024-03-02T10:30:00Z","eventSource":"s3.amazonaws.com","eventName":"PutObject","awsRegion":"us-east-1","sourceIPAddress":"198.51.100.20","userAgent":"[aws-sdk-go/1.50.0]",
 "errorCode":"AccessDenied","errorMessage":"Access Denied",
 "requestParameters":{"bucketName":"logs-bucket","key":"ü/日本.txt","tags":["x","y"]},"responseElements":null,"requestID":"REQ0003","eventID":"00000000-0000-0000-0000-000000000003","readOnly":false,
 "resources":[{"type":"AWS::S3::Object","ARN":"arn:aws:s3:::logs-bucket/ü/日本.txt"}],
 "eventType":"AwsApiCall","managementEvent":false,"recipientAccountId":"111122223333","eventCategory":"Data",
 "tlsDetails":{"tlsVersion":"TLSv1.2","cipherSuite":"ECDHE-RSA-AES128-GCM-SHA256","clientProvidedHostHeader":"logs-bucket.s3.us-east-1.amazonaws.com"}}
]`, `[
{"eventVersion":"1.08","userIdentity":{"type":"AssumedRole","principalId":"AROAEXAMPLESUPPORT:support","arn":"arn:aws:sts::111122223333:assumed-role/AWSServiceRoleForSupport/support","accountId":"111122223333","invokedBy":"support.amazonaws.com",
  "sessionContext":{"sessionIssuer":{"type":"Role","principalId":"AROAEXAMPLESUPPORT","arn":"arn:aws:iam::111122223333:role/aws-service-role/support.amazonaws.com/AWSServiceRoleForSupport","accountId":"111122223333","userName":"AWSServiceRoleForSupport"},
   "attributes":{"creationDate":"2024-03-02T10:59:00Z","mfaAuthenticated":"false"}}},
 "eventTime":"2024-03-02T11:00:00Z","eventSource":"ec2.amazonaws.com","eventName":"DescribeInstances","awsRegion":"us-east-1","sourceIPAddress":"support.amazonaws.com","userAgent":"support.amazonaws.com",
 "requestParameters":{"instancesSet":{"items":[{"instanceId":"i-0abc"},{"instanceId":"i-0def"}]},"filterSet":{},"maxResults":5},"responseElements":null,
 "requestID":"REQ0004","eventID":"00000000-0000-0000-0000-000000000004","readOnly":true,"eventType":"AwsApiCall","managementEvent":true,"recipientAccountId":"111122223333","eventCategory":"Management"},
{"eventVersion":"1.08","userIdentity":{"type":"Root","principalId":"111122223333","arn":"arn:aws:iam::111122223333:root","accountId":"111122223333","accessKeyId":"AKIAEXAMPLEROOT"},
 "eventTime":"2024-03-02T12:00:00Z","eventSource":"iam.amazonaws.com","eventName":"CreateAccessKey","awsRegion":"us-east-1","sourceIPAddress":"203.0.113.5","userAgent":"aws-cli/2.15.0 Python/3.11.6",
 "requestParameters":{"userName":"carol"},"responseElements":{"accessKey":{"accessKeyId":"AKIAEXAMPLECAROL","status":"Active","userName":"carol","createDate":"Mar 2, 2024 12:00:00 PM"}},
 "requestID":"REQ0005","eventID":"00000000-0000-0000-0000-000000000005","readOnly":false,"eventType":"AwsApiCall","managementEvent":true,"recipientAccountId":"111122223333","eventCategory":"Management"}
]`},
	"2024/03/03": {`[
{"eventVersion":"1.08","userIdentity":{"type":"IAMUser","principalId":"AIDAEXAMPLEJOSE","arn":"arn:aws:iam::111122223333:user/josé","accountId":"111122223333","accessKeyId":"AKIAEXAMPLEJOSE","userName":"josé"},
 "eventTime":"2024-03-03T23:59:59Z","eventSource":"s3.amazonaws.com","eventName":"DeleteBucket","awsRegion":"us-east-1","sourceIPAddress":"198.51.100.10","userAgent":"aws-cli/2.15.0 Python/3.11.6",
 "errorCode":"NoSuchBucket","errorMessage":"The specified bucket does not exist",
 "requestParameters":{"bucketName":"gone-bucket","Host":"gone-bucket.s3.amazonaws.com"},"responseElements":null,"requestID":"REQ0006","eventID":"00000000-0000-0000-0000-000000000006","readOnly":false,
 "resources":[{"accountId":"111122223333","type":"AWS::S3::Bucket","ARN":"arn:aws:s3:::gone-bucket"}],
 "eventType":"AwsApiCall","managementEvent":true,"recipientAccountId":"111122223333","eventCategory":"Management"},
{"eventVersion":"1.08","userIdentity":{"type":"AWSService","invokedBy":"lambda.amazonaws.com"},
 "eventTime":"2024-03-03T06:00:00Z","eventSource":"sts.amazonaws.com","eventName":"AssumeRole","awsRegion":"us-east-1","sourceIPAddress":"lambda.amazonaws.com","userAgent":"lambda.amazonaws.com",
 "requestParameters":{"roleArn":"arn:aws:iam::111122223333:role/lambda-exec","roleSessionName":"fn","durationSeconds":3600},
 "responseElements":{"credentials":{"accessKeyId":"ASIAEXAMPLELAMBDA","expiration":"Mar 3, 2024 7:00:00 AM"}},"requestID":"REQ0007","eventID":"00000000-0000-0000-0000-000000000007","readOnly":true,
 "resources":[{"accountId":"111122223333","type":"AWS::IAM::Role","ARN":"arn:aws:iam::111122223333:role/lambda-exec"}],
 "eventType":"AwsApiCall","managementEvent":true,"recipientAccountId":"111122223333","sharedEventID":"11111111-0000-0000-0000-000000000007","eventCategory":"Management"}
]`, `[
{"eventVersion":"1.08","userIdentity":{"type":"IAMUser","principalId":"111122223333","accountId":"111122223333","accessKeyId":"","userName":"HIDDEN_DUE_TO_SECURITY_REASONS"},
 "eventTime":"2024-03-03T07:00:00Z","eventSource":"signin.amazonaws.com","eventName":"ConsoleLogin","awsRegion":"us-east-1","sourceIPAddress":"192.0.2.1","userAgent":"Mozilla/5.0 🦊",
 "errorMessage":"Failed authentication","requestParameters":null,"responseElements":{"ConsoleLogin":"Failure"},
 "additionalEventData":{"LoginTo":"https://console.aws.amazon.com/","MobileVersion":"No","MFAUsed":"No"},
 "eventID":"00000000-0000-0000-0000-000000000008","readOnly":false,"eventType":"AwsConsoleSignIn","managementEvent":true,"recipientAccountId":"111122223333","eventCategory":"Management"},
{"eventVersion":"1.08","eventTime":"2024-03-03T00:00:00Z","eventSource":"kms.amazonaws.com","eventName":"RotateKey","awsRegion":"us-east-1","sourceIPAddress":"kms.amazonaws.com","userAgent":"kms.amazonaws.com",
 "requestParameters":null,"responseElements":null,"eventID":"00000000-0000-0000-0000-000000000009","readOnly":false,
 "resources":[{"accountId":"111122223333","type":"AWS::KMS::Key","ARN":"arn:aws:kms:us-east-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab"}],
 "eventType":"AwsServiceEvent","managementEvent":true,"recipientAccountId":"111122223333",
 "serviceEventDetails":{"keyId":"1234abcd-12ab-34cd-56ef-1234567890ab"},"eventCategory":"Management"}
]`},
}

// writeConformanceTrail writes the fixture trail gzipped into bucket in the
// CloudTrail key layout AWSLogs/<account>/CloudTrail/<region>/yyyy/MM/dd/,
// plus a digest file the table must not read.
func writeConformanceTrail(t *testing.T, bucket string) {
	t.Helper()
	for day, docs := range conformanceTrail {
		dir := filepath.Join(bucket, "AWSLogs", conformanceAccount, "CloudTrail", conformanceRegion, filepath.FromSlash(day))
		if err := os.MkdirAll(dir, 0o755); err != nil {
			t.Fatal(err)
		}
		for i, doc := range docs {
			var buf bytes.Buffer
			zw := gzip.NewWriter(&buf)
			bw := bufio.NewWriter(zw)
			fmt.Fprintf(bw, `{"Records":%s}`, doc)
			if err := bw.Flush(); err != nil {
				t.Fatal(err)
			}
			if err := zw.Close(); err != nil {
				t.Fatal(err)
			}
			name := fmt.Sprintf("%s_CloudTrail_%s_%sT%02d00Z_conformance%d.json.gz",
				conformanceAccount, conformanceRegion, strings.ReplaceAll(day, "/", ""), i, i)
			if err := os.WriteFile(filepath.Join(dir, name), buf.Bytes(), 0o644); err != nil {
				t.Fatal(err)
			}
		}
	}
	dig := filepath.Join(bucket, "AWSLogs", conformanceAccount, "CloudTrail-Digest", conformanceRegion, "2024", "03", "01")
	if err := os.MkdirAll(dig, 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dig, "digest.json.gz"), []byte("not a log"), 0o644); err != nil {
		t.Fatal(err)
	}
}
