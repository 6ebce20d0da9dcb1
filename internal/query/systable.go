package query

import (
	"context"
	"database/sql"
	"fmt"
	"math"
	"strings"

	"trawl/internal/engine"
	"trawl/internal/types"
	"trawl/internal/value"
	"trawl/internal/vector"
)

// SystemTables returns the system tables of the query history kept in db
// (the catalog database), for engine.Engine.System:
//
//	system.query_executions  one row per query execution, as
//	                         GetQueryExecution reports it
//
// Each scan reads the database when the query runs, in one statement (a
// consistent snapshot), so executions recorded by a running server, also
// one in another process on the same data dir, show in later queries.
func SystemTables(db *sql.DB) map[string]engine.SystemTable {
	return map[string]engine.SystemTable{"query_executions": &executionsTable{db: db}}
}

// The columns of system.query_executions: Athena's QueryExecution fields in
// snake_case. Times are timestamp(3) with time zone in UTC, the type of
// from_iso8601_timestamp(eventtime), so they compare with CloudTrail event
// times (and with TIMESTAMP literals, read in the session zone, UTC) without
// casts.
var executionColumns = []engine.SystemColumn{
	{Name: "query_execution_id", Type: types.VarcharType, Comment: "QueryExecutionId"},
	{Name: "query", Type: types.VarcharType, Comment: "the SQL text as submitted (before execution parameters are substituted)"},
	{Name: "statement_type", Type: types.VarcharType, Comment: "DDL, DML or UTILITY; NULL until the statement is classified"},
	{Name: "workgroup", Type: types.VarcharType, Comment: "WorkGroup"},
	{Name: "catalog", Type: types.VarcharType, Comment: "QueryExecutionContext.Catalog"},
	{Name: "database", Type: types.VarcharType, Comment: "QueryExecutionContext.Database"},
	{Name: "execution_parameters", Type: types.NewArray(types.VarcharType), Comment: "ExecutionParameters; NULL when none"},
	{Name: "state", Type: types.VarcharType, Comment: "QUEUED, RUNNING, SUCCEEDED, FAILED or CANCELLED"},
	{Name: "state_change_reason", Type: types.VarcharType, Comment: "Status.StateChangeReason; NULL when none"},
	{Name: "error_category", Type: types.IntegerType, Comment: "Status.AthenaError.ErrorCategory (1 system, 2 user, 3 other); NULL without error"},
	{Name: "error_type", Type: types.IntegerType, Comment: "Status.AthenaError.ErrorType; NULL without error"},
	{Name: "error_message", Type: types.VarcharType, Comment: "Status.AthenaError.ErrorMessage; NULL without error"},
	{Name: "submission_date_time", Type: types.TimestampTZType, Comment: "Status.SubmissionDateTime (UTC)"},
	{Name: "completion_date_time", Type: types.TimestampTZType, Comment: "Status.CompletionDateTime (UTC); NULL until the execution ends"},
	{Name: "data_scanned_in_bytes", Type: types.BigIntType, Comment: "Statistics.DataScannedInBytes"},
	{Name: "engine_execution_time_in_millis", Type: types.BigIntType, Comment: "Statistics.EngineExecutionTimeInMillis"},
	{Name: "query_queue_time_in_millis", Type: types.BigIntType, Comment: "Statistics.QueryQueueTimeInMillis"},
	{Name: "query_planning_time_in_millis", Type: types.BigIntType, Comment: "Statistics.QueryPlanningTimeInMillis"},
	{Name: "total_execution_time_in_millis", Type: types.BigIntType, Comment: "Statistics.TotalExecutionTimeInMillis"},
	{Name: "output_location", Type: types.VarcharType, Comment: "ResultConfiguration.OutputLocation: the result object"},
	{Name: "principal", Type: types.VarcharType, Comment: "ARN of the principal that started the execution"},
}

// Column positions, in executionColumns order.
const (
	colID = iota
	colQuery
	colStatementType
	colWorkGroup
	colCatalog
	colDatabase
	colParams
	colState
	colStateReason
	colErrorCategory
	colErrorType
	colErrorMessage
	colSubmitted
	colCompleted
	colScanned
	colEngineMillis
	colQueueMillis
	colPlanningMillis
	colTotalMillis
	colOutput
	colPrincipal
)

// executionsTable is system.query_executions.
type executionsTable struct{ db *sql.DB }

var _ engine.SystemTable = (*executionsTable)(nil)

func (t *executionsTable) Columns() []engine.SystemColumn { return executionColumns }

// ResultObject is the execution's result object: final once written, else
// where it will be (<output>/<id>.csv, or .txt for DDL and utility
// statements), as GetQueryExecution reports it.
func (e *Execution) ResultObject() string {
	if e.ResultFormat != "" { // written: OutputLocation is the object
		return e.OutputLocation
	}
	loc := e.OutputLocation
	if !strings.HasSuffix(loc, "/") {
		loc += "/"
	}
	ext := ".csv"
	if e.StatementType == "DDL" || e.StatementType == "UTILITY" {
		ext = ".txt"
	}
	return loc + e.ID + ext
}

// executionsWhere turns the scan's hints on the ID, workgroup, state and submission
// time into SQL conditions (a superset of the rows the query can match).
func executionsWhere(req engine.SystemScan) (string, []any) {
	var conds []string
	var args []any
	hint := func(i int) *engine.ColumnHint {
		if i < len(req.Hints) {
			return req.Hints[i]
		}
		return nil
	}
	for _, c := range []struct {
		col int
		sql string
	}{{colID, "id"}, {colWorkGroup, "workgroup"}, {colState, "state"}} {
		h := hint(c.col)
		if h == nil || h.In == nil || len(h.In) > 500 {
			continue
		}
		if len(h.In) == 0 {
			return "WHERE 0", nil
		}
		conds = append(conds, c.sql+" IN (?"+strings.Repeat(", ?", len(h.In)-1)+")")
		args = append(args, h.In...)
	}
	if h := hint(colSubmitted); h != nil {
		// The column is submitted (ns) truncated to milliseconds: every
		// instant of a bound's millisecond may match.
		const maxMillis = math.MaxInt64/1_000_000 - 1
		if p, ok := h.Lo.(int64); ok {
			if ms := value.UnpackMillis(p); ms > -maxMillis && ms < maxMillis {
				conds = append(conds, "submitted >= ?")
				args = append(args, ms*1_000_000)
			}
		}
		if p, ok := h.Hi.(int64); ok {
			if ms := value.UnpackMillis(p); ms > -maxMillis && ms < maxMillis {
				conds = append(conds, "submitted < ?")
				args = append(args, (ms+1)*1_000_000)
			}
		}
	}
	if len(conds) == 0 {
		return "", nil
	}
	return "WHERE " + strings.Join(conds, " AND "), args
}

// Scan reads the executions in submission order, in one statement.
func (t *executionsTable) Scan(ctx context.Context, req engine.SystemScan, emit func(*vector.Batch) error) error {
	where, args := executionsWhere(req)
	rows, err := t.db.QueryContext(ctx, `SELECT `+execColumns+` FROM query_executions `+where+` ORDER BY seq`, args...)
	if err != nil {
		if ctx.Err() != nil {
			return ctx.Err()
		}
		return fmt.Errorf("cannot read query executions: %w", err)
	}
	defer rows.Close()
	ts := make([]*types.Type, len(executionColumns))
	for i, c := range executionColumns {
		ts[i] = c.Type
	}
	var b *vector.Batch
	for rows.Next() {
		e, _, err := scanExecution(rows)
		if err != nil {
			return err
		}
		if b == nil {
			b = vector.NewBatch(ts, vector.BatchSize)
		}
		appendExecution(b, e)
		if b.N == vector.BatchSize {
			if err := emit(b); err != nil {
				return err
			}
			b = nil
		}
	}
	if err := rows.Err(); err != nil {
		if ctx.Err() != nil {
			return ctx.Err()
		}
		return fmt.Errorf("cannot read query executions: %w", err)
	}
	if b != nil {
		return emit(b)
	}
	return nil
}

// appendExecution adds one execution as a row of b.
func appendExecution(b *vector.Batch, e *Execution) {
	c := b.Cols
	optString := func(v *vector.Vector, s string) {
		if s == "" {
			v.AppendNull()
		} else {
			v.AppendString(s)
		}
	}
	c[colID].AppendString(e.ID)
	c[colQuery].AppendString(e.Query)
	optString(c[colStatementType], e.StatementType)
	c[colWorkGroup].AppendString(e.WorkGroup)
	c[colCatalog].AppendString(e.Catalog)
	c[colDatabase].AppendString(e.Database)
	if len(e.Params) == 0 {
		c[colParams].AppendNull()
	} else {
		ps := make([]any, len(e.Params))
		for i, p := range e.Params {
			ps[i] = p
		}
		c[colParams].AppendAny(ps)
	}
	c[colState].AppendString(string(e.State))
	optString(c[colStateReason], e.StateReason)
	if e.ErrorCategory == 0 {
		c[colErrorCategory].AppendNull()
		c[colErrorType].AppendNull()
		c[colErrorMessage].AppendNull()
	} else {
		c[colErrorCategory].AppendInt(int64(e.ErrorCategory))
		c[colErrorType].AppendInt(int64(e.ErrorType))
		optString(c[colErrorMessage], e.ErrorMessage)
	}
	c[colSubmitted].AppendInt(value.PackTZ(e.Submitted.UnixMilli(), 0))
	if e.Completed.IsZero() {
		c[colCompleted].AppendNull()
	} else {
		c[colCompleted].AppendInt(value.PackTZ(e.Completed.UnixMilli(), 0))
	}
	c[colScanned].AppendInt(e.ScannedBytes)
	c[colEngineMillis].AppendInt(e.EngineMillis)
	c[colQueueMillis].AppendInt(e.QueueMillis())
	c[colPlanningMillis].AppendInt(e.PlanningMilli)
	c[colTotalMillis].AppendInt(e.TotalMillis())
	c[colOutput].AppendString(e.ResultObject())
	optString(c[colPrincipal], e.Principal)
	b.N++
}
