package query

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"io"
	"runtime"
	"strings"
	"sync"
	"time"

	"github.com/google/uuid"

	"trawl/internal/engine"
	"trawl/internal/resultfile"
	"trawl/internal/sql/parser"
	"trawl/internal/sqlerr"
	"trawl/internal/storage"
	"trawl/internal/value"
)

// Config configures a Service.
type Config struct {
	Engine *engine.Engine
	DB     *sql.DB // the catalog database (catalog.DB())
	// MaxConcurrent bounds the executions running at once; the rest wait
	// in submission order. 0 = the number of CPUs.
	MaxConcurrent int
	// Timeout bounds one execution's running time; 0 = 30 minutes.
	Timeout time.Duration
	Now     func() time.Time // nil = time.Now
}

// Service runs query executions. It is safe for concurrent use.
type Service struct {
	cfg Config
	db  *sql.DB
	eng *engine.Engine

	mu      sync.Mutex
	queue   []string                // queued execution IDs, oldest first
	running map[string]*activeQuery // executions running now
	stopped map[string]bool         // queued executions stopped before they ran
	closed  bool
	wake    *sync.Cond
	wg      sync.WaitGroup
	// maxSeen is the most executions seen running at once (tests and the
	// load benchmark check the bound).
	maxSeen int
}

type activeQuery struct {
	cancel context.CancelCauseFunc
}

// Errors a running execution is cancelled with.
var (
	errStopped = errors.New("Query was cancelled by user")
	errCutoff  = errors.New("bytes scanned limit exceeded")
	errClosing = errors.New("server shutting down")
)

// InterruptedReason is the StateChangeReason of executions that were
// running when the process stopped.
const InterruptedReason = "Query was running when the trawl server stopped; run it again"

// Open starts the service: it ensures the primary workgroup, fails the
// executions a previous process left RUNNING, queues again the ones it
// left QUEUED, and starts the workers.
func Open(ctx context.Context, cfg Config) (*Service, error) {
	if cfg.MaxConcurrent <= 0 {
		cfg.MaxConcurrent = runtime.NumCPU()
	}
	if cfg.Timeout <= 0 {
		cfg.Timeout = 30 * time.Minute
	}
	s := &Service{cfg: cfg, db: cfg.DB, eng: cfg.Engine, running: map[string]*activeQuery{}, stopped: map[string]bool{}}
	s.wake = sync.NewCond(&s.mu)
	now := s.now()
	if _, err := s.db.ExecContext(ctx, `INSERT OR IGNORE INTO workgroups (name, description, created) VALUES ('primary', '', ?)`, nanos(now)); err != nil {
		return nil, fmt.Errorf("cannot create workgroup primary: %w", err)
	}
	if _, err := s.db.ExecContext(ctx, `UPDATE query_executions SET state = ?, state_reason = ?, error_category = 1, error_type = 100,
		error_message = ?, completed = ? WHERE state = ?`, Failed, InterruptedReason, InterruptedReason, nanos(now), Running); err != nil {
		return nil, fmt.Errorf("cannot recover query executions: %w", err)
	}
	rows, err := s.db.QueryContext(ctx, `SELECT id FROM query_executions WHERE state = ? ORDER BY seq`, Queued)
	if err != nil {
		return nil, fmt.Errorf("cannot recover query executions: %w", err)
	}
	for rows.Next() {
		var id string
		if err := rows.Scan(&id); err != nil {
			rows.Close()
			return nil, err
		}
		s.queue = append(s.queue, id)
	}
	rows.Close()
	for i := 0; i < cfg.MaxConcurrent; i++ {
		s.wg.Add(1)
		go s.worker()
	}
	return s, nil
}

func (s *Service) now() time.Time {
	if s.cfg.Now != nil {
		return s.cfg.Now().UTC()
	}
	return time.Now().UTC()
}

// Close stops the workers; running executions are cancelled and recorded
// as FAILED (they are not lost), queued ones stay queued for the next Open.
func (s *Service) Close() {
	s.mu.Lock()
	s.closed = true
	for _, a := range s.running {
		a.cancel(errClosing)
	}
	s.wake.Broadcast()
	s.mu.Unlock()
	s.wg.Wait()
}

// MaxRunningSeen is the most executions that ran at once.
func (s *Service) MaxRunningSeen() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.maxSeen
}

// StartRequest is a StartQueryExecution call.
type StartRequest struct {
	Query          string
	Database       string
	Catalog        string
	WorkGroup      string
	OutputLocation string
	ClientToken    string
	Params         []string
	Principal      string
}

// Start records and queues an execution, returning its ID. With a client
// token already used, it returns that execution's ID (idempotency).
func (s *Service) Start(ctx context.Context, r StartRequest) (string, error) {
	if r.WorkGroup == "" {
		r.WorkGroup = "primary"
	}
	if r.Database == "" {
		r.Database = "default"
	}
	if r.Catalog == "" {
		r.Catalog = "AwsDataCatalog"
	}
	if strings.TrimSpace(r.Query) == "" {
		return "", fmt.Errorf("%w: QueryString must not be empty", ErrInvalid)
	}
	if r.ClientToken != "" {
		var id, q string
		err := s.db.QueryRowContext(ctx, `SELECT id, query FROM query_executions WHERE client_token = ?`, r.ClientToken).Scan(&id, &q)
		if err == nil {
			if q != r.Query {
				return "", fmt.Errorf("%w: Idempotent parameters do not match", ErrInvalid)
			}
			return id, nil
		}
		if !errors.Is(err, sql.ErrNoRows) {
			return "", err
		}
	}
	wg, err := s.WorkGroup(ctx, r.WorkGroup)
	if err != nil {
		return "", err
	}
	if wg.State == "DISABLED" {
		return "", fmt.Errorf("%w: WorkGroup %s is disabled.", ErrInvalid, wg.Name)
	}
	out := r.OutputLocation
	if wg.Enforce || out == "" {
		out = wg.OutputLocation
	}
	if out == "" {
		return "", fmt.Errorf("%w: Invalid result configuration. Should specify either output location or result configuration", ErrInvalid)
	}
	loc, err := storage.ParseLocation(out)
	if err != nil || loc.Scheme != "s3" {
		return "", fmt.Errorf("%w: The S3 location provided to save your query results is invalid. Please check your S3 location is correct and is in the same region and try again. If you continue to see the issue, contact customer support for further assistance.", ErrInvalid)
	}
	id := uuid.NewString()
	e := &Execution{ID: id, Query: r.Query, Database: strings.ToLower(r.Database), Catalog: r.Catalog, WorkGroup: wg.Name,
		OutputLocation: out, State: Queued, Params: r.Params, ClientToken: r.ClientToken, Principal: r.Principal, Submitted: s.now()}
	if err := s.insertExecution(ctx, e); err != nil {
		return "", err
	}
	s.mu.Lock()
	s.queue = append(s.queue, id)
	s.wake.Signal()
	s.mu.Unlock()
	return id, nil
}

// Get returns an execution.
func (s *Service) Get(ctx context.Context, id string) (*Execution, error) {
	return s.loadExecution(ctx, id)
}

// Stop cancels an execution; stopping a finished one does nothing.
func (s *Service) Stop(ctx context.Context, id string) error {
	e, err := s.loadExecution(ctx, id)
	if err != nil {
		return err
	}
	s.mu.Lock()
	if a := s.running[id]; a != nil {
		a.cancel(errStopped)
		s.mu.Unlock()
		return nil
	}
	queued := false
	for i, q := range s.queue {
		if q == id {
			s.queue = append(s.queue[:i], s.queue[i+1:]...)
			queued = true
			break
		}
	}
	s.mu.Unlock()
	if queued && e.State == Queued {
		e.State, e.StateReason, e.Completed = Cancelled, errStopped.Error(), s.now()
		return s.saveExecution(ctx, e)
	}
	return nil
}

// List returns execution IDs of a workgroup, newest first, from the
// page token on (the token is the seq to continue below; "" = start).
func (s *Service) List(ctx context.Context, workgroup string, max int, token string) ([]string, string, error) {
	if workgroup == "" {
		workgroup = "primary"
	}
	if _, err := s.WorkGroup(ctx, workgroup); err != nil {
		return nil, "", err
	}
	below := int64(1) << 62
	if token != "" {
		if _, err := fmt.Sscanf(token, "q%d", &below); err != nil {
			return nil, "", fmt.Errorf("%w: Invalid NextToken", ErrInvalid)
		}
	}
	rows, err := s.db.QueryContext(ctx, `SELECT id, seq FROM query_executions WHERE workgroup = ? AND seq < ? ORDER BY seq DESC LIMIT ?`,
		workgroup, below, max+1)
	if err != nil {
		return nil, "", err
	}
	defer rows.Close()
	var ids []string
	var last int64
	next := ""
	for rows.Next() {
		var id string
		var seq int64
		if err := rows.Scan(&id, &seq); err != nil {
			return nil, "", err
		}
		if len(ids) == max {
			next = fmt.Sprintf("q%d", last)
			break
		}
		ids = append(ids, id)
		last = seq
	}
	return ids, next, rows.Err()
}

// worker runs queued executions until Close.
func (s *Service) worker() {
	defer s.wg.Done()
	for {
		s.mu.Lock()
		for len(s.queue) == 0 && !s.closed {
			s.wake.Wait()
		}
		if s.closed {
			s.mu.Unlock()
			return
		}
		id := s.queue[0]
		s.queue = s.queue[1:]
		ctx, cancel := context.WithCancelCause(context.Background())
		s.running[id] = &activeQuery{cancel: cancel}
		if len(s.running) > s.maxSeen {
			s.maxSeen = len(s.running)
		}
		s.mu.Unlock()

		s.execute(ctx, cancel, id)
		cancel(nil)

		s.mu.Lock()
		delete(s.running, id)
		s.mu.Unlock()
	}
}

// execute runs one execution to a final state and records it.
func (s *Service) execute(ctx context.Context, cancel context.CancelCauseFunc, id string) {
	bg := context.Background()
	e, err := s.loadExecution(bg, id)
	if err != nil || e.State != Queued {
		return
	}
	e.State, e.Started = Running, s.now()
	if err := s.saveExecution(bg, e); err != nil {
		return
	}
	wg, err := s.WorkGroup(bg, e.WorkGroup)
	if err != nil {
		wg = &WorkGroup{}
	}
	ctx, cancelTimeout := context.WithTimeoutCause(ctx, s.cfg.Timeout, context.DeadlineExceeded)
	defer cancelTimeout()
	runErr := s.run(ctx, cancel, e, wg.BytesCutoff)
	e.Completed = s.now()
	if e.Completed.Before(e.Started) {
		e.Completed = e.Started
	}
	if e.EngineMillis == 0 {
		e.EngineMillis = e.Completed.Sub(e.Started).Milliseconds()
	}
	switch cause := context.Cause(ctx); {
	case runErr == nil:
		e.State = Succeeded
	case errors.Is(cause, errStopped):
		e.State, e.StateReason = Cancelled, "Query was cancelled by user"
	case errors.Is(cause, errCutoff):
		e.State = Cancelled
		e.StateReason = fmt.Sprintf("Query cancelled! Bytes scanned limit was exceeded (limit: %d bytes, scanned: %d bytes)", wg.BytesCutoff, e.ScannedBytes)
		e.ErrorCategory, e.ErrorType, e.ErrorMessage = 2, 1000, e.StateReason
	case errors.Is(cause, context.DeadlineExceeded):
		e.State = Failed
		e.StateReason = fmt.Sprintf("Query timeout: the query ran longer than %s", s.cfg.Timeout)
		e.ErrorCategory, e.ErrorType, e.ErrorMessage = 1, 206, e.StateReason
	case errors.Is(cause, errClosing):
		e.State = Failed
		e.StateReason = InterruptedReason
		e.ErrorCategory, e.ErrorType, e.ErrorMessage = 1, 100, e.StateReason
	default:
		e.State = Failed
		e.StateReason = runErr.Error()
		e.ErrorCategory, e.ErrorType = classify(runErr)
		e.ErrorMessage = e.StateReason
	}
	if e.State != Succeeded {
		e.ResultFormat, e.ResultRows = "", 0
	}
	_ = s.saveExecution(bg, e)
}

// classify maps an error to Athena's ErrorCategory and ErrorType.
func classify(err error) (int, int) {
	var se *sqlerr.Error
	if errors.As(err, &se) {
		switch se.Code {
		case sqlerr.GenericInternalError:
			return 1, 200
		case sqlerr.ExceededMemoryLimit:
			return 1, 0
		}
		return 2, 1000
	}
	if errors.Is(err, errResultWrite) {
		return 1, 401
	}
	return 2, 1001 // data errors: malformed objects and the like
}

var errResultWrite = errors.New("cannot write query results")

// run parses and executes the statement and writes its result.
func (s *Service) run(ctx context.Context, cancel context.CancelCauseFunc, e *Execution, cutoff int64) error {
	src, err := Substitute(e.Query, e.Params)
	if err != nil {
		return err
	}
	stmts, err := parser.ParseStatements(src)
	if err != nil {
		return err
	}
	if len(stmts) != 1 {
		return sqlerr.New(sqlerr.SyntaxError, "Only one sql statement is allowed. Got: %d", len(stmts))
	}
	sess := &engine.Session{Database: e.Database}
	res, err := s.eng.Execute(ctx, src, stmts[0].Node, sess)
	if err != nil {
		e.StatementType = statementType(stmts[0].SQL)
		return err
	}
	defer res.Close()
	e.StatementType = string(res.Type)
	e.PlanningMilli = s.now().Sub(e.Started).Milliseconds()
	if cutoff > 0 {
		stop := make(chan struct{})
		defer close(stop)
		go watchCutoff(ctx, cancel, res, cutoff, stop)
	}
	err = s.writeResult(ctx, e, res)
	e.ScannedBytes = res.Stats.BytesScanned.Load()
	if err == nil && cutoff > 0 && e.ScannedBytes > cutoff {
		// The scan ended between two looks of the watcher: the limit
		// holds all the same.
		cancel(errCutoff)
		return errCutoff
	}
	if err == nil && ctx.Err() != nil {
		err = context.Cause(ctx)
	}
	return err
}

// watchCutoff cancels the query when its scan passes the workgroup's
// bytes-scanned limit.
func watchCutoff(ctx context.Context, cancel context.CancelCauseFunc, res *engine.Result, cutoff int64, stop chan struct{}) {
	t := time.NewTicker(20 * time.Millisecond)
	defer t.Stop()
	for {
		select {
		case <-stop:
			return
		case <-ctx.Done():
			return
		case <-t.C:
			if res.Stats.BytesScanned.Load() > cutoff {
				cancel(errCutoff)
				return
			}
		}
	}
}

// statementType guesses the type of a statement that failed before the
// engine classified it, from its first keyword.
func statementType(src string) string {
	f := strings.Fields(strings.ToUpper(src))
	if len(f) == 0 {
		return string(engine.DML)
	}
	switch f[0] {
	case "CREATE", "DROP", "ALTER", "MSCK":
		return string(engine.DDL)
	case "SHOW", "DESCRIBE", "EXPLAIN", "USE":
		return string(engine.Utility)
	}
	return string(engine.DML)
}

// writeResult streams the result rows to <output>/<id>.csv (+ metadata),
// or <id>.txt for DDL and utility statements.
func (s *Service) writeResult(ctx context.Context, e *Execution, res *engine.Result) error {
	format, ext := resultfile.CSV, ".csv"
	if res.Type != engine.DML {
		format, ext = resultfile.TXT, ".txt"
	}
	loc, err := storage.ParseLocation(e.OutputLocation)
	if err != nil {
		return err
	}
	prefix := loc.Key
	if prefix != "" && !strings.HasSuffix(prefix, "/") {
		prefix += "/"
	}
	key := prefix + e.ID + ext
	cols := make([]resultfile.Column, len(res.Names))
	e.Columns = make([]Column, len(res.Names))
	for i, n := range res.Names {
		cols[i] = resultfile.Column{Name: n, Type: res.Types[i].String()}
		e.Columns[i] = Column{Name: n, Type: res.Types[i].String()}
	}
	st, err := s.eng.Store.For(loc)
	if err != nil {
		return err
	}
	pr, pw := io.Pipe()
	var rows int64
	go func() {
		pw.CloseWithError(produce(ctx, pw, format, cols, res, &rows))
	}()
	if err := st.Put(ctx, loc.Bucket, key, pr); err != nil {
		pr.CloseWithError(err)
		if ctx.Err() != nil {
			return err
		}
		var se *sqlerr.Error
		if errors.As(err, &se) {
			return se // the query's own error, not the store's wrapping of it
		}
		var pe *produceError
		if errors.As(err, &pe) {
			return pe.err
		}
		return fmt.Errorf("%w s3://%s/%s: %v", errResultWrite, loc.Bucket, key, err)
	}
	e.ResultRows = rows
	e.ResultFormat = strings.TrimPrefix(ext, ".")
	e.OutputLocation = "s3://" + loc.Bucket + "/" + key
	if format == resultfile.CSV {
		meta := resultfile.MetadataJSON(cols, rows, format)
		if err := st.Put(ctx, loc.Bucket, key+".metadata", strings.NewReader(string(meta))); err != nil {
			return fmt.Errorf("%w s3://%s/%s.metadata: %v", errResultWrite, loc.Bucket, key, err)
		}
	}
	return nil
}

// produceError marks errors of the query itself while its result is
// being written (as opposed to the store's).
type produceError struct{ err error }

func (p *produceError) Error() string { return p.err.Error() }
func (p *produceError) Unwrap() error { return p.err }

// produce writes the result's rows in the result file format.
func produce(ctx context.Context, w io.Writer, format resultfile.Format, cols []resultfile.Column, res *engine.Result, rows *int64) error {
	rw, err := resultfile.NewWriter(w, format, cols)
	if err != nil {
		return err
	}
	vals := make([]*string, len(cols))
	strs := make([]string, len(cols))
	for {
		b, err := res.Next(ctx)
		if err != nil {
			return &produceError{err}
		}
		if b == nil {
			break
		}
		for i := 0; i < b.N; i++ {
			for j, c := range b.Cols {
				if c.IsNull(i) {
					vals[j] = nil
					continue
				}
				strs[j] = value.Format(c.Type, c.Value(i))
				vals[j] = &strs[j]
			}
			if err := rw.WriteRow(vals); err != nil {
				return err
			}
		}
	}
	*rows = rw.Rows()
	return rw.Close()
}
