package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/config"
	"github.com/aws/aws-sdk-go-v2/service/athena"
	athenatypes "github.com/aws/aws-sdk-go-v2/service/athena/types"

	"trawl/internal/output"
	"trawl/internal/sql/parser"
	"trawl/internal/sqlerr"
	"trawl/internal/types"
)

// remote is `trawl query --endpoint URL`: the same statements run by a
// trawl server (or anything serving the Athena API) through the API.
type remote struct {
	client         *athena.Client
	database       string
	workgroup      string
	outputLocation string
}

// newRemote builds an Athena client for endpoint with the standard AWS
// configuration (environment, profiles, AWS_SHARED_CREDENTIALS_FILE);
// when that has no credentials, the data dir's credentials file (written
// by `trawl serve` on the same machine) is used.
func newRemote(ctx context.Context, endpoint, region, dataDir string) (*athena.Client, error) {
	var opts []func(*config.LoadOptions) error
	if region != "" {
		opts = append(opts, config.WithRegion(region))
	}
	cfg, err := config.LoadDefaultConfig(ctx, opts...)
	if err != nil {
		return nil, fmt.Errorf("cannot load the AWS configuration: %w", err)
	}
	if _, err := cfg.Credentials.Retrieve(ctx); err != nil {
		path := filepath.Join(dataDir, "credentials")
		if _, serr := os.Stat(path); serr != nil {
			return nil, fmt.Errorf("no AWS credentials for %s (set AWS_SHARED_CREDENTIALS_FILE to the server's credentials file): %w", endpoint, err)
		}
		cfg, err = config.LoadDefaultConfig(ctx, append(opts, config.WithSharedCredentialsFiles([]string{path}), config.WithSharedConfigProfile("default"))...)
		if err != nil {
			return nil, fmt.Errorf("cannot read credentials from %s: %w", path, err)
		}
	}
	if cfg.Region == "" {
		cfg.Region = "us-east-1"
	}
	return athena.NewFromConfig(cfg, func(o *athena.Options) { o.BaseEndpoint = aws.String(endpoint) }), nil
}

// run runs each statement of src in turn, stopping at the first failure,
// and prints results as runSQL does; it returns the statements run.
func (r *remote) run(ctx context.Context, src, formatName string, stdout, stderr io.Writer) (int, error) {
	n := 0
	for _, st := range parser.Split(src) {
		n++
		if err := r.statement(ctx, st.SQL, formatName, stdout, stderr); err != nil {
			return n, err
		}
	}
	return n, nil
}

func (r *remote) statement(ctx context.Context, sql, formatName string, stdout, stderr io.Writer) error {
	start := time.Now()
	in := &athena.StartQueryExecutionInput{
		QueryString:           aws.String(sql),
		QueryExecutionContext: &athenatypes.QueryExecutionContext{Database: aws.String(r.database)},
	}
	if r.workgroup != "" {
		in.WorkGroup = aws.String(r.workgroup)
	}
	if r.outputLocation != "" {
		in.ResultConfiguration = &athenatypes.ResultConfiguration{OutputLocation: aws.String(r.outputLocation)}
	}
	started, err := r.client.StartQueryExecution(ctx, in)
	if err != nil {
		return err
	}
	id := aws.ToString(started.QueryExecutionId)
	qe, err := r.wait(ctx, id)
	if err != nil {
		return err
	}
	switch qe.Status.State {
	case athenatypes.QueryExecutionStateSucceeded:
	case athenatypes.QueryExecutionStateFailed:
		return remoteError(sql, id, qe)
	default:
		return fmt.Errorf("query %s %s: %s", id, qe.Status.State, aws.ToString(qe.Status.StateChangeReason))
	}
	rows, err := r.results(ctx, id, qe, formatName, stdout)
	if err != nil {
		return err
	}
	var scanned int64
	if qe.Statistics != nil {
		scanned = aws.ToInt64(qe.Statistics.DataScannedInBytes)
	}
	fmt.Fprintf(stderr, "%d rows in %.3fs; scanned %s; query %s\n", rows, time.Since(start).Seconds(), humanBytes(scanned), id)
	return nil
}

// wait polls the execution until it ends, backing off from 20 ms to 1 s;
// when ctx ends first (Ctrl-C) it stops the query.
func (r *remote) wait(ctx context.Context, id string) (*athenatypes.QueryExecution, error) {
	delay := 20 * time.Millisecond
	for {
		out, err := r.client.GetQueryExecution(ctx, &athena.GetQueryExecutionInput{QueryExecutionId: aws.String(id)})
		if err != nil {
			if ctx.Err() != nil {
				return nil, r.stop(id, ctx.Err())
			}
			return nil, err
		}
		switch out.QueryExecution.Status.State {
		case athenatypes.QueryExecutionStateQueued, athenatypes.QueryExecutionStateRunning:
		default:
			return out.QueryExecution, nil
		}
		select {
		case <-ctx.Done():
			return nil, r.stop(id, ctx.Err())
		case <-time.After(delay):
		}
		delay = min(delay*2, time.Second)
	}
}

// stop asks the server to cancel a query the user gave up on.
func (r *remote) stop(id string, cause error) error {
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	if _, err := r.client.StopQueryExecution(ctx, &athena.StopQueryExecutionInput{QueryExecutionId: aws.String(id)}); err != nil {
		return fmt.Errorf("query %s: %v; stopping it failed: %w", id, cause, err)
	}
	return fmt.Errorf("query %s stopped: %w", id, cause)
}

// results pages through the stored result and writes it; it returns the
// number of data rows. SELECT results start with a header row, which is
// skipped (the names come from the column metadata).
func (r *remote) results(ctx context.Context, id string, qe *athenatypes.QueryExecution, formatName string, stdout io.Writer) (int64, error) {
	var w output.TextWriter
	var rows int64
	skipHeader := qe.StatementType == athenatypes.StatementTypeDml
	p := athena.NewGetQueryResultsPaginator(r.client, &athena.GetQueryResultsInput{QueryExecutionId: aws.String(id), MaxResults: aws.Int32(1000)})
	for p.HasMorePages() {
		page, err := p.NextPage(ctx)
		if err != nil {
			return rows, err
		}
		if w == nil {
			cols := page.ResultSet.ResultSetMetadata.ColumnInfo
			if len(cols) == 0 {
				return 0, nil // a statement without output (CREATE TABLE, ...)
			}
			names := make([]string, len(cols))
			ts := make([]*types.Type, len(cols))
			for i, c := range cols {
				names[i] = aws.ToString(c.Name)
				ts[i], _ = types.Parse(aws.ToString(c.Type)) // nil for array, map, row
			}
			ww, err := output.New(formatName, stdout)
			if err != nil {
				return 0, err
			}
			if err := ww.Header(names, ts); err != nil {
				return 0, err
			}
			w = ww
		}
		fields := make([]*string, 0, 16)
		for _, row := range page.ResultSet.Rows {
			if skipHeader {
				skipHeader = false
				continue
			}
			fields = fields[:0]
			for _, d := range row.Data {
				fields = append(fields, d.VarCharValue)
			}
			if err := w.Row(fields); err != nil {
				return rows, err
			}
			rows++
		}
	}
	if w == nil {
		return 0, nil
	}
	return rows, w.Close()
}

// positioned is the "CODE: line L:C: message" form of Trino's errors.
var positioned = regexp.MustCompile(`^([A-Z_]+): line (\d+):(\d+): (?s)(.*)$`)

// remoteError turns a failed execution into the error the in-process CLI
// would print: a SQL error with its position (and a caret under it) when
// the reason carries one.
func remoteError(sql, id string, qe *athenatypes.QueryExecution) error {
	reason := aws.ToString(qe.Status.StateChangeReason)
	if qe.Status.AthenaError != nil && qe.Status.AthenaError.ErrorMessage != nil {
		reason = aws.ToString(qe.Status.AthenaError.ErrorMessage)
	}
	if m := positioned.FindStringSubmatch(reason); m != nil {
		line, _ := strconv.Atoi(m[2])
		col, _ := strconv.Atoi(m[3])
		return &sqlerr.Error{Code: sqlerr.Code(m[1]), Line: line, Column: col, Offset: -1, Msg: m[4], Source: sql}
	}
	if reason == "" {
		return errors.New("query " + id + " failed")
	}
	return errors.New(reason)
}
