package main

import (
	"context"
	"fmt"

	"sync"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/athena"
	athenatypes "github.com/aws/aws-sdk-go-v2/service/athena/types"

	"trawl/internal/query"
)

// TestServeLoad submits 200 queries from 20 concurrent clients to a
// server that runs at most 3 at once: every query finishes with the
// right answer, none is lost, and no snapshot ever shows more than 3
// running.
func TestServeLoad(t *testing.T) {
	const clients, perClient, limit = 20, 10, 3
	dir := generated(t)
	for _, ddl := range demoSetup() {
		if r := trawl(t, "", "query", "--data-dir", dir, ddl); r.code != 0 {
			t.Fatal(r.stderr)
		}
	}
	// The expected answers, from the CLI.
	want := map[string]string{}
	for _, row := range csvRows(t, trawl(t, "", "query", "--data-dir", dir, "--format", "csv",
		"SELECT eventname, count(*) FROM cloudtrail_logs_pp GROUP BY 1").stdout)[1:] {
		want[row[0]] = row[1]
	}
	var names []string
	for n := range want {
		names = append(names, n)
	}
	s := startServe(t, dir, "--max-concurrent-queries", fmt.Sprint(limit))
	ctx := context.Background()

	var mu sync.Mutex
	var ids []string
	pending := map[string]bool{} // submitted, not yet seen final: at most one per client
	stop := make(chan struct{})
	maxRunning := 0
	watcher := sync.WaitGroup{}
	watcher.Add(1)
	go func() { // snapshots of the running count
		defer watcher.Done()
		c := s.client(s.ak, s.sk)
		for {
			select {
			case <-stop:
				return
			default:
			}
			mu.Lock()
			var snap []string
			for id := range pending {
				snap = append(snap, id)
			}
			mu.Unlock()
			running := 0
			if len(snap) > 0 { // one call: a snapshot of every unfinished query
				r, err := c.BatchGetQueryExecution(ctx, &athena.BatchGetQueryExecutionInput{QueryExecutionIds: snap})
				if err != nil {
					t.Error(err)
					return
				}
				for _, q := range r.QueryExecutions {
					if q.Status.State == athenatypes.QueryExecutionStateRunning {
						running++
					}
				}
			}
			if running > maxRunning {
				maxRunning = running
			}
			time.Sleep(5 * time.Millisecond)
		}
	}()

	start := time.Now()
	var wg sync.WaitGroup
	errs := make(chan error, clients*perClient)
	for ci := 0; ci < clients; ci++ {
		wg.Add(1)
		go func(ci int) {
			defer wg.Done()
			c := s.client(s.ak, s.sk)
			for k := 0; k < perClient; k++ {
				name := names[(ci*perClient+k)%len(names)]
				sql := fmt.Sprintf("SELECT count(*) FROM cloudtrail_logs_pp WHERE eventname = '%s'", name)
				r, err := c.StartQueryExecution(ctx, &athena.StartQueryExecutionInput{QueryString: aws.String(sql),
					ResultConfiguration: &athenatypes.ResultConfiguration{OutputLocation: aws.String("s3://load/results/")}})
				if err != nil {
					errs <- err
					return
				}
				mu.Lock()
				ids = append(ids, *r.QueryExecutionId)
				pending[*r.QueryExecutionId] = true
				mu.Unlock()
				qe := waitQuery(t, c, *r.QueryExecutionId)
				mu.Lock()
				delete(pending, *r.QueryExecutionId)
				mu.Unlock()
				if qe.Status.State != athenatypes.QueryExecutionStateSucceeded {
					errs <- fmt.Errorf("%s: %s %s", sql, qe.Status.State, aws.ToString(qe.Status.StateChangeReason))
					return
				}
				rows, _ := allResults(t, c, *r.QueryExecutionId, 1000)
				if len(rows) != 2 || rows[1][0] != want[name] {
					errs <- fmt.Errorf("%s: %v, want %s", sql, rows, want[name])
				}
			}
		}(ci)
	}
	wg.Wait()
	elapsed := time.Since(start)
	close(stop)
	watcher.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
	if len(ids) != clients*perClient {
		t.Fatalf("%d queries accepted, want %d", len(ids), clients*perClient)
	}
	// None lost: the server lists every one of them.
	c := s.client(s.ak, s.sk)
	listed := map[string]bool{}
	var token *string
	for {
		r, err := c.ListQueryExecutions(ctx, &athena.ListQueryExecutionsInput{NextToken: token})
		if err != nil {
			t.Fatal(err)
		}
		for _, id := range r.QueryExecutionIds {
			listed[id] = true
		}
		if r.NextToken == nil {
			break
		}
		token = r.NextToken
	}
	for _, id := range ids {
		if !listed[id] {
			t.Fatalf("query %s is not listed", id)
		}
	}
	if maxRunning > limit {
		t.Fatalf("%d queries ran at once, limit %d", maxRunning, limit)
	}
	t.Logf("%d queries from %d clients in %s (%.0f queries/s); most running at once seen: %d (limit %d)",
		len(ids), clients, elapsed.Round(time.Millisecond), float64(len(ids))/elapsed.Seconds(), maxRunning, limit)
}

// TestServeCrash kills the server with SIGKILL while queries run and
// queue; after a restart every accepted query is known: the running ones
// FAILED with a reason saying why, the queued ones run again.
func TestServeCrash(t *testing.T) {
	dir := t.TempDir()
	s := startServe(t, dir, "--max-concurrent-queries", "2")
	c := s.client(s.ak, s.sk)
	ctx := context.Background()
	long := "SELECT count(*) FROM UNNEST(sequence(1, 10000)) a(x) CROSS JOIN UNNEST(sequence(1, 10000)) b(y) CROSS JOIN UNNEST(sequence(1, 10000)) c(z)"
	var ids []string
	for i := 0; i < 5; i++ {
		r, err := c.StartQueryExecution(ctx, &athena.StartQueryExecutionInput{QueryString: aws.String(long),
			ResultConfiguration: &athenatypes.ResultConfiguration{OutputLocation: aws.String("s3://crash/r/")}})
		if err != nil {
			t.Fatal(err)
		}
		ids = append(ids, *r.QueryExecutionId)
	}
	// Wait until two run.
	deadline := time.Now().Add(30 * time.Second)
	for {
		r, err := c.BatchGetQueryExecution(ctx, &athena.BatchGetQueryExecutionInput{QueryExecutionIds: ids})
		if err != nil {
			t.Fatal(err)
		}
		running := 0
		for _, q := range r.QueryExecutions {
			if q.Status.State == athenatypes.QueryExecutionStateRunning {
				running++
			}
		}
		if running == 2 {
			break
		}
		if time.Now().After(deadline) {
			t.Fatal("queries did not start")
		}
		time.Sleep(10 * time.Millisecond)
	}
	s.cmd.Process.Kill()
	<-s.done

	s2 := startServe(t, dir, "--max-concurrent-queries", "2")
	c2 := s2.client(s2.ak, s2.sk)
	if s2.ak != s.ak {
		t.Fatal("the root key changed across the restart")
	}
	failed := 0
	for _, id := range ids {
		g, err := c2.GetQueryExecution(ctx, &athena.GetQueryExecutionInput{QueryExecutionId: aws.String(id)})
		if err != nil {
			t.Fatalf("query %s lost: %v", id, err)
		}
		st := g.QueryExecution.Status
		switch st.State {
		case athenatypes.QueryExecutionStateFailed:
			if aws.ToString(st.StateChangeReason) != query.InterruptedReason || st.CompletionDateTime == nil {
				t.Fatalf("interrupted query: %s", aws.ToString(st.StateChangeReason))
			}
			failed++
		case athenatypes.QueryExecutionStateQueued, athenatypes.QueryExecutionStateRunning:
			// Queued again: stop it, and it ends CANCELLED.
			if _, err := c2.StopQueryExecution(ctx, &athena.StopQueryExecutionInput{QueryExecutionId: aws.String(id)}); err != nil {
				t.Fatal(err)
			}
			if qe := waitQuery(t, c2, id); qe.Status.State != athenatypes.QueryExecutionStateCancelled {
				t.Fatalf("stopped query: %s", qe.Status.State)
			}
		default:
			t.Fatalf("query %s: unexpected %s", id, st.State)
		}
	}
	if failed != 2 {
		t.Fatalf("%d queries came back FAILED, want the 2 that were running", failed)
	}
}

// BenchmarkServeQueries measures queries per second through the API on
// loopback: 20 concurrent SDK clients each start a query, poll it to the
// end (every 10 ms) and read its results, against a server running at
// most 4 at once. "select1" is the API's own cost; "groupby" adds a scan
// of the generated 3-day trail (3 MB of JSON).
func BenchmarkServeQueries(b *testing.B) {
	dir := generated(b)
	for _, ddl := range demoSetup() {
		if r := trawl(b, "", "query", "--data-dir", dir, ddl); r.code != 0 {
			b.Fatal(r.stderr)
		}
	}
	s := startServe(b, dir, "--max-concurrent-queries", "4")
	for _, bc := range []struct{ name, sql string }{
		{"select1", "SELECT 1"},
		{"groupby", "SELECT eventname, count(*) FROM cloudtrail_logs_pp GROUP BY 1"},
	} {
		b.Run(bc.name, func(b *testing.B) {
			b.SetParallelism(10) // 10 per core: 20 clients on 2 cores
			b.RunParallel(func(pb *testing.PB) {
				c := s.client(s.ak, s.sk)
				ctx := context.Background()
				for pb.Next() {
					res, err := c.StartQueryExecution(ctx, &athena.StartQueryExecutionInput{QueryString: aws.String(bc.sql),
						QueryExecutionContext: &athenatypes.QueryExecutionContext{Database: aws.String("default")},
						ResultConfiguration:   &athenatypes.ResultConfiguration{OutputLocation: aws.String("s3://results-bucket/bench/")}})
					if err != nil {
						b.Fatal(err)
					}
					for {
						g, err := c.GetQueryExecution(ctx, &athena.GetQueryExecutionInput{QueryExecutionId: res.QueryExecutionId})
						if err != nil {
							b.Fatal(err)
						}
						st := g.QueryExecution.Status.State
						if st == athenatypes.QueryExecutionStateSucceeded {
							break
						}
						if st != athenatypes.QueryExecutionStateQueued && st != athenatypes.QueryExecutionStateRunning {
							b.Fatalf("query %s", st)
						}
						time.Sleep(10 * time.Millisecond)
					}
					r, err := c.GetQueryResults(ctx, &athena.GetQueryResultsInput{QueryExecutionId: res.QueryExecutionId})
					if err != nil || len(r.ResultSet.Rows) < 2 {
						b.Fatalf("results: %v", err)
					}
				}
			})
			b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "queries/s")
		})
	}
}
