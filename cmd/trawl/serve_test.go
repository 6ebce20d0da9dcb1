package main

import (
	"bufio"
	"context"
	"encoding/csv"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/credentials"
	"github.com/aws/aws-sdk-go-v2/service/athena"
	athenatypes "github.com/aws/aws-sdk-go-v2/service/athena/types"
	"github.com/aws/smithy-go"

	"trawl/internal/demo"
)

// served is a `trawl serve` process started by a test.
type served struct {
	cmd      *exec.Cmd
	endpoint string
	dir      string
	ak, sk   string
	done     chan struct{}
}

// startServe runs `trawl serve` on a free loopback port over data dir dir
// and waits until it listens.
func startServe(t testing.TB, dir string, extra ...string) *served {
	t.Helper()
	args := append([]string{"serve", "--addr", "127.0.0.1:0", "--data-dir", dir, "--account-id", "123456789012"}, extra...)
	cmd := exec.Command(os.Args[0], args...)
	cmd.Env = append(os.Environ(), "TRAWL_TEST_MAIN=1")
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	var stderr strings.Builder
	cmd.Stderr = &stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	s := &served{cmd: cmd, dir: dir, done: make(chan struct{})}
	lines := make(chan string)
	go func() {
		sc := bufio.NewScanner(stdout)
		for sc.Scan() {
			lines <- sc.Text()
		}
		close(lines)
	}()
	go func() { cmd.Wait(); close(s.done) }()
	re := regexp.MustCompile(`API:\s+(https?://\S+)`)
	deadline := time.After(30 * time.Second)
	for s.endpoint == "" {
		select {
		case l, ok := <-lines:
			if !ok {
				t.Fatalf("trawl serve exited before listening: %s", stderr.String())
			}
			if m := re.FindStringSubmatch(l); m != nil {
				s.endpoint = m[1]
			}
		case <-deadline:
			t.Fatal("trawl serve did not start")
		}
	}
	go func() {
		for range lines {
		}
	}()
	t.Cleanup(func() { s.stop(t) })
	creds, err := os.ReadFile(filepath.Join(dir, "credentials"))
	if err != nil {
		t.Fatal(err)
	}
	st, err := os.Stat(filepath.Join(dir, "credentials"))
	if err != nil || st.Mode().Perm() != 0o600 {
		t.Fatalf("credentials file mode %v, want 0600", st.Mode().Perm())
	}
	s.ak = credValue(t, string(creds), "aws_access_key_id")
	s.sk = credValue(t, string(creds), "aws_secret_access_key")
	return s
}

func credValue(t testing.TB, file, key string) string {
	for _, l := range strings.Split(file, "\n") {
		k, v, ok := strings.Cut(l, "=")
		if ok && strings.TrimSpace(k) == key {
			return strings.TrimSpace(v)
		}
	}
	t.Fatalf("credentials file has no %s:\n%s", key, file)
	return ""
}

// stop ends the server gracefully.
func (s *served) stop(t testing.TB) {
	select {
	case <-s.done:
		return
	default:
	}
	s.cmd.Process.Signal(os.Interrupt)
	select {
	case <-s.done:
	case <-time.After(20 * time.Second):
		s.cmd.Process.Kill()
		<-s.done
	}
}

func (s *served) client(ak, sk string) *athena.Client {
	return athena.New(athena.Options{
		Region:           "us-east-1",
		BaseEndpoint:     aws.String(s.endpoint),
		Credentials:      credentials.NewStaticCredentialsProvider(ak, sk, ""),
		RetryMaxAttempts: 1,
	})
}

// run starts a query and waits for its final state.
func runQuery(t testing.TB, c *athena.Client, sql string, out string) (string, *athenatypes.QueryExecution) {
	t.Helper()
	ctx := context.Background()
	in := &athena.StartQueryExecutionInput{QueryString: aws.String(sql), QueryExecutionContext: &athenatypes.QueryExecutionContext{Database: aws.String("default")}}
	if out != "" {
		in.ResultConfiguration = &athenatypes.ResultConfiguration{OutputLocation: aws.String(out)}
	}
	res, err := c.StartQueryExecution(ctx, in)
	if err != nil {
		t.Fatalf("StartQueryExecution(%.60q): %v", sql, err)
	}
	return *res.QueryExecutionId, waitQuery(t, c, *res.QueryExecutionId)
}

func waitQuery(t testing.TB, c *athena.Client, id string) *athenatypes.QueryExecution {
	t.Helper()
	deadline := time.Now().Add(120 * time.Second)
	for {
		g, err := c.GetQueryExecution(context.Background(), &athena.GetQueryExecutionInput{QueryExecutionId: aws.String(id)})
		if err != nil {
			t.Fatalf("GetQueryExecution %s: %v", id, err)
		}
		switch g.QueryExecution.Status.State {
		case athenatypes.QueryExecutionStateSucceeded, athenatypes.QueryExecutionStateFailed, athenatypes.QueryExecutionStateCancelled:
			return g.QueryExecution
		}
		if time.Now().After(deadline) {
			t.Fatalf("query %s still %s", id, g.QueryExecution.Status.State)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// allResults pages through GetQueryResults with page size max.
func allResults(t testing.TB, c *athena.Client, id string, max int32) ([][]string, []athenatypes.ColumnInfo) {
	t.Helper()
	var rows [][]string
	var cols []athenatypes.ColumnInfo
	var token *string
	for {
		r, err := c.GetQueryResults(context.Background(), &athena.GetQueryResultsInput{QueryExecutionId: aws.String(id), MaxResults: aws.Int32(max), NextToken: token})
		if err != nil {
			t.Fatalf("GetQueryResults: %v", err)
		}
		if len(r.ResultSet.Rows) > int(max) {
			t.Fatalf("page of %d rows, max %d", len(r.ResultSet.Rows), max)
		}
		cols = r.ResultSet.ResultSetMetadata.ColumnInfo
		for _, row := range r.ResultSet.Rows {
			var cells []string
			for _, d := range row.Data {
				if d.VarCharValue == nil || *d.VarCharValue == "" {
					cells = append(cells, "NULL")
				} else {
					cells = append(cells, *d.VarCharValue)
				}
			}
			rows = append(rows, cells)
		}
		if r.NextToken == nil {
			return rows, cols
		}
		token = r.NextToken
	}
}

func apiErrorCode(err error) string {
	var ae smithy.APIError
	if errors.As(err, &ae) {
		return ae.ErrorCode()
	}
	return ""
}

// generated prepares a data dir with a generated trail and the seed tables.
func generated(t testing.TB) string {
	t.Helper()
	dir := t.TempDir()
	if r := trawl(t, "", "gen", "--data-dir", dir, "--size-mb", "3", "--days", "3", "--start", "2025-01-01"); r.code != 0 {
		t.Fatalf("gen: %s", r.stderr)
	}
	return dir
}

func TestServeAthenaAPI(t *testing.T) {
	dir := generated(t)
	s := startServe(t, dir)
	c := s.client(s.ak, s.sk)
	ctx := context.Background()
	const out = "s3://results-bucket/athena/"

	// As in seed 004: no output location anywhere is refused at once.
	_, err := c.StartQueryExecution(ctx, &athena.StartQueryExecutionInput{QueryString: aws.String("SELECT 1")})
	var ire *athenatypes.InvalidRequestException
	if !errors.As(err, &ire) || !strings.Contains(err.Error(), "Invalid result configuration. Should specify either output location or result configuration") {
		t.Fatalf("no output location: %v", err)
	}

	// DDL through the API, then the seed queries; answers match the CLI's.
	for _, ddl := range demo.Setup("example-bucket", "123456789012", "us-east-1") {
		id, qe := runQuery(t, c, ddl, out)
		if qe.Status.State != athenatypes.QueryExecutionStateSucceeded || string(qe.StatementType) != "DDL" {
			t.Fatalf("DDL %s: %s %v", id, qe.Status.State, aws.ToString(qe.Status.StateChangeReason))
		}
		if want := out + id + ".txt"; aws.ToString(qe.ResultConfiguration.OutputLocation) != want {
			t.Fatalf("DDL output location %s, want %s", aws.ToString(qe.ResultConfiguration.OutputLocation), want)
		}
	}
	for _, q := range demo.Queries() {
		id, qe := runQuery(t, c, q, out)
		if qe.Status.State != athenatypes.QueryExecutionStateSucceeded {
			t.Fatalf("%s: %s %s", q, qe.Status.State, aws.ToString(qe.Status.StateChangeReason))
		}
		if string(qe.StatementType) != "DML" || qe.Statistics == nil || aws.ToInt64(qe.Statistics.DataScannedInBytes) <= 0 ||
			qe.Status.SubmissionDateTime == nil || qe.Status.CompletionDateTime == nil || aws.ToString(qe.Query) != q {
			t.Fatalf("execution details: type %s, stats %+v, status %+v, query %q", qe.StatementType, qe.Statistics, qe.Status, aws.ToString(qe.Query))
		}
		got, cols := allResults(t, c, id, 7)
		cli := trawl(t, "", "query", "--data-dir", dir, "--format", "csv", q)
		if cli.code != 0 {
			t.Fatal(cli.stderr)
		}
		want := csvRows(t, cli.stdout)
		// ORDER BY leaves ties in any order: compare the header, then the rows as sets.
		sortRows(got[1:])
		sortRows(want[1:])
		if limitRE.MatchString(q) {
			// Rows tied at the limit may be any of them: the API's rows
			// must be as many as the CLI's and each a row of the whole
			// answer (the query without its LIMIT).
			if len(got) != len(want) {
				t.Fatalf("%s: %d rows via the API, %d via the CLI", q, len(got), len(want))
			}
			all := trawl(t, "", "query", "--data-dir", dir, "--format", "csv", limitRE.ReplaceAllString(q, ""))
			whole := map[string]int{}
			for _, r := range csvRows(t, all.stdout)[1:] {
				whole[strings.Join(r, "\x00")]++
			}
			for _, r := range got[1:] {
				if k := strings.Join(r, "\x00"); whole[k] > 0 {
					whole[k]--
				} else {
					t.Fatalf("%s: API row %v is not in the answer", q, r)
				}
			}
			got, want = got[:1], want[:1]
		}
		if fmt.Sprint(got) != fmt.Sprint(want) {
			t.Fatalf("%s\nAPI: %v\nCLI: %v", q, got, want)
		}
		if len(cols) != len(want[0]) || aws.ToString(cols[0].Name) != want[0][0] {
			t.Fatalf("column info %+v", cols)
		}
		// The result objects are where Athena puts them.
		if _, err := os.Stat(filepath.Join(dir, "buckets", "results-bucket", "athena", id+".csv")); err != nil {
			t.Fatal(err)
		}
		if _, err := os.Stat(filepath.Join(dir, "buckets", "results-bucket", "athena", id+".csv.metadata")); err != nil {
			t.Fatal(err)
		}
	}

	// Invalid SQL: FAILED with Trino's error name and position.
	id, qe := runQuery(t, c, "SELECT nosuchcolumn FROM cloudtrail_logs_pp", out)
	if qe.Status.State != athenatypes.QueryExecutionStateFailed || !strings.HasPrefix(aws.ToString(qe.Status.StateChangeReason), "COLUMN_NOT_FOUND: line 1:8: ") ||
		qe.Status.AthenaError == nil || aws.ToInt32(qe.Status.AthenaError.ErrorCategory) != 2 {
		t.Fatalf("bad SQL: %+v %+v", qe.Status, qe.Status.AthenaError)
	}
	if _, err := c.GetQueryResults(ctx, &athena.GetQueryResultsInput{QueryExecutionId: aws.String(id)}); !errors.As(err, &ire) ||
		!strings.Contains(err.Error(), "Query did not finish successfully. Final query state: FAILED") {
		t.Fatalf("results of a failed query: %v", err)
	}
	// Unknown query ID.
	if _, err := c.GetQueryExecution(ctx, &athena.GetQueryExecutionInput{QueryExecutionId: aws.String("00000000-0000-0000-0000-000000000000")}); !errors.As(err, &ire) {
		t.Fatalf("unknown ID: %v", err)
	}

	// Execution parameters and client-token idempotency.
	tok := "token-0123456789-0123456789-0123456789"
	start := func() string {
		r, err := c.StartQueryExecution(ctx, &athena.StartQueryExecutionInput{
			QueryString:         aws.String("SELECT count(*) FROM cloudtrail_logs_pp WHERE eventname = ? AND ? > 1"),
			ExecutionParameters: []string{"'ConsoleLogin'", "2"},
			ClientRequestToken:  aws.String(tok),
			ResultConfiguration: &athenatypes.ResultConfiguration{OutputLocation: aws.String(out)},
		})
		if err != nil {
			t.Fatal(err)
		}
		return *r.QueryExecutionId
	}
	id1, id2 := start(), start()
	if id1 != id2 {
		t.Fatalf("same ClientRequestToken gave %s and %s", id1, id2)
	}
	if qe := waitQuery(t, c, id1); qe.Status.State != athenatypes.QueryExecutionStateSucceeded {
		t.Fatalf("parameters: %s", aws.ToString(qe.Status.StateChangeReason))
	}
	rows, _ := allResults(t, c, id1, 1000)
	cli := trawl(t, "", "query", "--data-dir", dir, "--format", "csv", "SELECT count(*) FROM cloudtrail_logs_pp WHERE eventname = 'ConsoleLogin'")
	if want := csvRows(t, cli.stdout); fmt.Sprint(rows) != fmt.Sprint(want) {
		t.Fatalf("parameters: %v, want %v", rows, want)
	}

	// List and batch get.
	list, err := c.ListQueryExecutions(ctx, &athena.ListQueryExecutionsInput{MaxResults: aws.Int32(2)})
	if err != nil || len(list.QueryExecutionIds) != 2 || list.NextToken == nil || list.QueryExecutionIds[0] != id1 {
		t.Fatalf("ListQueryExecutions: %v %+v", err, list)
	}
	bg, err := c.BatchGetQueryExecution(ctx, &athena.BatchGetQueryExecutionInput{QueryExecutionIds: []string{id1, "nope"}})
	if err != nil || len(bg.QueryExecutions) != 1 || len(bg.UnprocessedQueryExecutionIds) != 1 {
		t.Fatalf("BatchGetQueryExecution: %v %+v", err, bg)
	}

	// Cancellation stops a long query promptly.
	r, err := c.StartQueryExecution(ctx, &athena.StartQueryExecutionInput{
		QueryString:         aws.String("SELECT count(*) FROM UNNEST(sequence(1, 10000)) a(x) CROSS JOIN UNNEST(sequence(1, 10000)) b(y) CROSS JOIN UNNEST(sequence(1, 10000)) c(z)"),
		ResultConfiguration: &athenatypes.ResultConfiguration{OutputLocation: aws.String(out)},
	})
	if err != nil {
		t.Fatal(err)
	}
	for {
		g, _ := c.GetQueryExecution(ctx, &athena.GetQueryExecutionInput{QueryExecutionId: r.QueryExecutionId})
		if g.QueryExecution.Status.State == athenatypes.QueryExecutionStateRunning {
			break
		}
		time.Sleep(10 * time.Millisecond)
	}
	if _, err := c.StopQueryExecution(ctx, &athena.StopQueryExecutionInput{QueryExecutionId: r.QueryExecutionId}); err != nil {
		t.Fatal(err)
	}
	stopped := time.Now()
	if qe := waitQuery(t, c, *r.QueryExecutionId); qe.Status.State != athenatypes.QueryExecutionStateCancelled {
		t.Fatalf("stopped query: %s", qe.Status.State)
	}
	if d := time.Since(stopped); d > 5*time.Second {
		t.Fatalf("cancellation took %s", d)
	}

	// Workgroups: an enforced output location and a bytes-scanned cutoff.
	_, err = c.CreateWorkGroup(ctx, &athena.CreateWorkGroupInput{Name: aws.String("capped"), Configuration: &athenatypes.WorkGroupConfiguration{
		ResultConfiguration:           &athenatypes.ResultConfiguration{OutputLocation: aws.String("s3://capped-results/q/")},
		EnforceWorkGroupConfiguration: aws.Bool(true),
		BytesScannedCutoffPerQuery:    aws.Int64(10_000_000),
	}})
	if err != nil {
		t.Fatal(err)
	}
	wg, err := c.GetWorkGroup(ctx, &athena.GetWorkGroupInput{WorkGroup: aws.String("capped")})
	if err != nil || aws.ToInt64(wg.WorkGroup.Configuration.BytesScannedCutoffPerQuery) != 10_000_000 {
		t.Fatalf("GetWorkGroup: %v", err)
	}
	r, err = c.StartQueryExecution(ctx, &athena.StartQueryExecutionInput{WorkGroup: aws.String("capped"),
		QueryString:         aws.String("SELECT count(*) FROM cloudtrail_logs_pp"),
		ResultConfiguration: &athenatypes.ResultConfiguration{OutputLocation: aws.String(out)}})
	if err != nil {
		t.Fatal(err)
	}
	qe = waitQuery(t, c, *r.QueryExecutionId)
	if qe.Status.State != athenatypes.QueryExecutionStateSucceeded || !strings.HasPrefix(aws.ToString(qe.ResultConfiguration.OutputLocation), "s3://capped-results/q/") {
		t.Fatalf("enforced workgroup: %s %s", qe.Status.State, aws.ToString(qe.ResultConfiguration.OutputLocation))
	}
	_, err = c.UpdateWorkGroup(ctx, &athena.UpdateWorkGroupInput{WorkGroup: aws.String("capped"), ConfigurationUpdates: &athenatypes.WorkGroupConfigurationUpdates{BytesScannedCutoffPerQuery: aws.Int64(10_000_000)}})
	if err != nil {
		t.Fatal(err)
	}
	wgs, err := c.ListWorkGroups(ctx, &athena.ListWorkGroupsInput{})
	if err != nil || len(wgs.WorkGroups) != 2 {
		t.Fatalf("ListWorkGroups: %v %+v", err, wgs)
	}

	// Named queries.
	nq, err := c.CreateNamedQuery(ctx, &athena.CreateNamedQueryInput{Name: aws.String("logins"), Database: aws.String("default"), QueryString: aws.String("SELECT 1")})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := c.UpdateNamedQuery(ctx, &athena.UpdateNamedQueryInput{NamedQueryId: nq.NamedQueryId, Name: aws.String("logins2"), QueryString: aws.String("SELECT 2")}); err != nil {
		t.Fatal(err)
	}
	g, err := c.GetNamedQuery(ctx, &athena.GetNamedQueryInput{NamedQueryId: nq.NamedQueryId})
	if err != nil || aws.ToString(g.NamedQuery.Name) != "logins2" || aws.ToString(g.NamedQuery.QueryString) != "SELECT 2" {
		t.Fatalf("GetNamedQuery: %v %+v", err, g)
	}
	lnq, err := c.ListNamedQueries(ctx, &athena.ListNamedQueriesInput{})
	if err != nil || len(lnq.NamedQueryIds) != 1 {
		t.Fatalf("ListNamedQueries: %v", err)
	}
	bnq, err := c.BatchGetNamedQuery(ctx, &athena.BatchGetNamedQueryInput{NamedQueryIds: []string{*nq.NamedQueryId, "x"}})
	if err != nil || len(bnq.NamedQueries) != 1 || len(bnq.UnprocessedNamedQueryIds) != 1 {
		t.Fatalf("BatchGetNamedQuery: %v", err)
	}
	if _, err := c.DeleteNamedQuery(ctx, &athena.DeleteNamedQueryInput{NamedQueryId: nq.NamedQueryId}); err != nil {
		t.Fatal(err)
	}
	if _, err := c.GetNamedQuery(ctx, &athena.GetNamedQueryInput{NamedQueryId: nq.NamedQueryId}); !errors.As(err, &ire) {
		t.Fatalf("deleted named query: %v", err)
	}

	// Catalog operations.
	dbs, err := c.ListDatabases(ctx, &athena.ListDatabasesInput{CatalogName: aws.String("AwsDataCatalog")})
	if err != nil || len(dbs.DatabaseList) == 0 {
		t.Fatalf("ListDatabases: %v", err)
	}
	if _, err := c.GetDatabase(ctx, &athena.GetDatabaseInput{CatalogName: aws.String("AwsDataCatalog"), DatabaseName: aws.String("default")}); err != nil {
		t.Fatal(err)
	}
	tm, err := c.GetTableMetadata(ctx, &athena.GetTableMetadataInput{CatalogName: aws.String("AwsDataCatalog"), DatabaseName: aws.String("default"), TableName: aws.String("cloudtrail_logs_pp")})
	if err != nil || len(tm.TableMetadata.PartitionKeys) == 0 || len(tm.TableMetadata.Columns) < 10 {
		t.Fatalf("GetTableMetadata: %v", err)
	}
	ltm, err := c.ListTableMetadata(ctx, &athena.ListTableMetadataInput{CatalogName: aws.String("AwsDataCatalog"), DatabaseName: aws.String("default")})
	if err != nil || len(ltm.TableMetadataList) != 2 {
		t.Fatalf("ListTableMetadata: %v", err)
	}
	if _, err := c.ListDataCatalogs(ctx, &athena.ListDataCatalogsInput{}); err != nil {
		t.Fatal(err)
	}
	if _, err := c.GetDataCatalog(ctx, &athena.GetDataCatalogInput{Name: aws.String("AwsDataCatalog")}); err != nil {
		t.Fatal(err)
	}

	// An IAM user may do what its policy allows; an explicit Deny wins.
	if r := trawl(t, "", "iam", "create-user", "--data-dir", dir, "alice"); r.code != 0 {
		t.Fatal(r.stderr)
	}
	kr := trawl(t, "", "iam", "create-access-key", "--data-dir", dir, "alice")
	var key struct {
		AccessKey struct{ AccessKeyId, SecretAccessKey, UserName string }
	}
	if kr.code != 0 || json.Unmarshal([]byte(kr.stdout), &key) != nil || key.AccessKey.UserName != "alice" {
		t.Fatalf("create-access-key: %s %s", kr.stdout, kr.stderr)
	}
	policy := filepath.Join(t.TempDir(), "readonly.json")
	os.WriteFile(policy, []byte(`{"Version": "2012-10-17", "Statement": [
		{"Effect": "Allow", "Action": ["athena:Get*", "athena:List*"], "Resource": "*"},
		{"Effect": "Deny", "Action": "athena:ListWorkGroups", "Resource": "*"}]}`), 0o600)
	if r := trawl(t, "", "iam", "put-user-policy", "--data-dir", dir, "alice", policy); r.code != 0 {
		t.Fatal(r.stderr)
	}
	alice := s.client(key.AccessKey.AccessKeyId, key.AccessKey.SecretAccessKey)
	if _, err := alice.GetQueryExecution(ctx, &athena.GetQueryExecutionInput{QueryExecutionId: aws.String(id1)}); err != nil {
		t.Fatalf("allowed call: %v", err)
	}
	_, err = alice.StartQueryExecution(ctx, &athena.StartQueryExecutionInput{QueryString: aws.String("SELECT 1"), ResultConfiguration: &athenatypes.ResultConfiguration{OutputLocation: aws.String(out)}})
	if apiErrorCode(err) != "AccessDeniedException" || !strings.Contains(err.Error(), "User: arn:aws:iam::123456789012:user/alice is not authorized to perform: athena:StartQueryExecution on resource: arn:aws:athena:us-east-1:123456789012:workgroup/primary because no identity-based policy allows the athena:StartQueryExecution action") {
		t.Fatalf("implicit deny: %v", err)
	}
	if _, err = alice.ListWorkGroups(ctx, &athena.ListWorkGroupsInput{}); apiErrorCode(err) != "AccessDeniedException" || !strings.Contains(err.Error(), "with an explicit deny") {
		t.Fatalf("explicit deny: %v", err)
	}

	// Authentication failures.
	if _, err := s.client(s.ak, "wrong-secret").ListWorkGroups(ctx, &athena.ListWorkGroupsInput{}); apiErrorCode(err) != "InvalidSignatureException" {
		t.Fatalf("wrong secret: %v", err)
	}
	if _, err := s.client("AKIAUNKNOWNUNKNOWN00", s.sk).ListWorkGroups(ctx, &athena.ListWorkGroupsInput{}); apiErrorCode(err) != "UnrecognizedClientException" {
		t.Fatalf("unknown key: %v", err)
	}
}

// csvRows reads the CLI's CSV output; an empty field reads as NULL (the
// API's rows are compared with empty strings as NULL too).
func csvRows(t testing.TB, s string) [][]string {
	t.Helper()
	rows, err := csv.NewReader(strings.NewReader(s)).ReadAll()
	if err != nil {
		t.Fatalf("CLI CSV: %v", err)
	}
	for _, r := range rows {
		for i := range r {
			if r[i] == "" {
				r[i] = "NULL"
			}
		}
	}
	return rows
}

var limitRE = regexp.MustCompile(`(?i)\s+limit\s+\d+\s*;?\s*$`)

func sortRows(rows [][]string) {
	sort.Slice(rows, func(i, j int) bool { return strings.Join(rows[i], "\x00") < strings.Join(rows[j], "\x00") })
}

func demoSetup() []string { return demo.Setup("example-bucket", "123456789012", "us-east-1") }
