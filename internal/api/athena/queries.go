package athena

import (
	"context"
	"strconv"
	"strings"

	"trawl/internal/awsproto"
	"trawl/internal/query"
	"trawl/internal/resultfile"
)

type execContext struct {
	Database string `json:"Database,omitempty"`
	Catalog  string `json:"Catalog,omitempty"`
}

type resultConfiguration struct {
	OutputLocation string `json:"OutputLocation,omitempty"`
}

type athenaError struct {
	ErrorCategory int
	ErrorType     int
	Retryable     bool
	ErrorMessage  string `json:"ErrorMessage,omitempty"`
}

type status struct {
	State              string
	StateChangeReason  string         `json:"StateChangeReason,omitempty"`
	SubmissionDateTime *awsproto.Time `json:"SubmissionDateTime,omitempty"`
	CompletionDateTime *awsproto.Time `json:"CompletionDateTime,omitempty"`
	AthenaError        *athenaError   `json:"AthenaError,omitempty"`
}

type statistics struct {
	EngineExecutionTimeInMillis      int64
	DataScannedInBytes               int64
	TotalExecutionTimeInMillis       int64
	QueryQueueTimeInMillis           int64
	ServicePreProcessingTimeInMillis int64
	QueryPlanningTimeInMillis        int64
	ServiceProcessingTimeInMillis    int64
	ResultReuseInformation           struct{ ReusedPreviousResult bool }
}

type engineVersion struct {
	SelectedEngineVersion  string
	EffectiveEngineVersion string
}

type queryExecution struct {
	QueryExecutionId      string
	Query                 string
	StatementType         string `json:"StatementType,omitempty"`
	ResultConfiguration   resultConfiguration
	QueryExecutionContext execContext
	Status                status
	Statistics            *statistics `json:"Statistics,omitempty"`
	WorkGroup             string
	EngineVersion         engineVersion
	ExecutionParameters   []string `json:"ExecutionParameters,omitempty"`
}

func toWire(e *query.Execution) *queryExecution {
	q := &queryExecution{
		QueryExecutionId:      e.ID,
		Query:                 e.Query,
		StatementType:         e.StatementType,
		ResultConfiguration:   resultConfiguration{OutputLocation: e.ResultObject()},
		QueryExecutionContext: execContext{Database: e.Database, Catalog: e.Catalog},
		Status: status{State: string(e.State), StateChangeReason: e.StateReason,
			SubmissionDateTime: ts(e.Submitted), CompletionDateTime: ts(e.Completed)},
		WorkGroup:           e.WorkGroup,
		EngineVersion:       engineVersion{SelectedEngineVersion: "AUTO", EffectiveEngineVersion: "Athena engine version 3"},
		ExecutionParameters: e.Params,
	}
	if e.ErrorCategory != 0 {
		q.Status.AthenaError = &athenaError{ErrorCategory: e.ErrorCategory, ErrorType: e.ErrorType, ErrorMessage: e.ErrorMessage}
	}
	st := &statistics{
		EngineExecutionTimeInMillis: e.EngineMillis,
		DataScannedInBytes:          e.ScannedBytes,
		TotalExecutionTimeInMillis:  e.TotalMillis(),
		QueryQueueTimeInMillis:      e.QueueMillis(),
		QueryPlanningTimeInMillis:   e.PlanningMilli,
	}
	if e.State.Done() {
		st.ServiceProcessingTimeInMillis = max(0, e.TotalMillis()-e.QueueMillis()-e.EngineMillis)
	}
	q.Statistics = st
	return q
}

func startQueryExecution(a *API, ctx context.Context, c *Call, body []byte) (any, *awsproto.Error) {
	var in struct {
		QueryString           string
		ClientRequestToken    string
		QueryExecutionContext *execContext
		ResultConfiguration   *resultConfiguration
		WorkGroup             string
		ExecutionParameters   []string
	}
	if err := decode(body, &in); err != nil {
		return nil, err
	}
	if len(in.QueryString) < 1 || len(in.QueryString) > 262144 {
		return nil, invalid("1 validation error detected: Value at 'queryString' failed to satisfy constraint: Member must have length between 1 and 262144")
	}
	if err := c.Authorize("athena:StartQueryExecution", a.workGroupARN(c, in.WorkGroup)); err != nil {
		return nil, err
	}
	r := query.StartRequest{Query: in.QueryString, WorkGroup: in.WorkGroup, ClientToken: in.ClientRequestToken,
		Params: in.ExecutionParameters, Principal: c.Principal}
	if in.QueryExecutionContext != nil {
		r.Database, r.Catalog = in.QueryExecutionContext.Database, in.QueryExecutionContext.Catalog
	}
	if in.ResultConfiguration != nil {
		r.OutputLocation = in.ResultConfiguration.OutputLocation
	}
	id, err := a.Queries.Start(ctx, r)
	if err != nil {
		return nil, serviceError(err)
	}
	return map[string]string{"QueryExecutionId": id}, nil
}

// execution loads an execution and authorizes action on its workgroup.
func (a *API) execution(ctx context.Context, c *Call, action, id string) (*query.Execution, *awsproto.Error) {
	if id == "" {
		return nil, invalid("1 validation error detected: Value null at 'queryExecutionId' failed to satisfy constraint: Member must not be null")
	}
	e, err := a.Queries.Get(ctx, id)
	if err != nil {
		if aerr := c.Authorize(action, a.workGroupARN(c, "primary")); aerr != nil {
			return nil, aerr
		}
		return nil, serviceError(err)
	}
	if aerr := c.Authorize(action, a.workGroupARN(c, e.WorkGroup)); aerr != nil {
		return nil, aerr
	}
	return e, nil
}

func getQueryExecution(a *API, ctx context.Context, c *Call, body []byte) (any, *awsproto.Error) {
	var in struct{ QueryExecutionId string }
	if err := decode(body, &in); err != nil {
		return nil, err
	}
	e, err := a.execution(ctx, c, "athena:GetQueryExecution", in.QueryExecutionId)
	if err != nil {
		return nil, err
	}
	return map[string]any{"QueryExecution": toWire(e)}, nil
}

func batchGetQueryExecution(a *API, ctx context.Context, c *Call, body []byte) (any, *awsproto.Error) {
	var in struct{ QueryExecutionIds []string }
	if err := decode(body, &in); err != nil {
		return nil, err
	}
	if len(in.QueryExecutionIds) < 1 || len(in.QueryExecutionIds) > 50 {
		return nil, invalid("1 validation error detected: Value at 'queryExecutionIds' failed to satisfy constraint: Member must have length between 1 and 50")
	}
	type unprocessed struct{ QueryExecutionId, ErrorCode, ErrorMessage string }
	out := struct {
		QueryExecutions              []*queryExecution
		UnprocessedQueryExecutionIds []unprocessed
	}{QueryExecutions: []*queryExecution{}, UnprocessedQueryExecutionIds: []unprocessed{}}
	// One snapshot of all of them.
	got, err := a.Queries.GetMany(ctx, in.QueryExecutionIds)
	if err != nil {
		return nil, serviceError(err)
	}
	for _, id := range in.QueryExecutionIds {
		e := got[id]
		wg := "primary"
		if e != nil {
			wg = e.WorkGroup
		}
		if aerr := c.Authorize("athena:BatchGetQueryExecution", a.workGroupARN(c, wg)); aerr != nil {
			return nil, aerr
		}
		if e == nil {
			out.UnprocessedQueryExecutionIds = append(out.UnprocessedQueryExecutionIds, unprocessed{id, "InvalidRequestException", "QueryExecution " + id + " was not found"})
			continue
		}
		out.QueryExecutions = append(out.QueryExecutions, toWire(e))
	}
	return out, nil
}

func stopQueryExecution(a *API, ctx context.Context, c *Call, body []byte) (any, *awsproto.Error) {
	var in struct{ QueryExecutionId string }
	if err := decode(body, &in); err != nil {
		return nil, err
	}
	if _, err := a.execution(ctx, c, "athena:StopQueryExecution", in.QueryExecutionId); err != nil {
		return nil, err
	}
	if err := a.Queries.Stop(ctx, in.QueryExecutionId); err != nil {
		return nil, serviceError(err)
	}
	return struct{}{}, nil
}

func listQueryExecutions(a *API, ctx context.Context, c *Call, body []byte) (any, *awsproto.Error) {
	var in struct {
		MaxResults int
		NextToken  string
		WorkGroup  string
	}
	if err := decode(body, &in); err != nil {
		return nil, err
	}
	if in.MaxResults == 0 {
		in.MaxResults = 50
	}
	if in.MaxResults < 0 || in.MaxResults > 50 {
		return nil, invalid("1 validation error detected: Value '%d' at 'maxResults' failed to satisfy constraint: Member must have value less than or equal to 50", in.MaxResults)
	}
	if err := c.Authorize("athena:ListQueryExecutions", a.workGroupARN(c, in.WorkGroup)); err != nil {
		return nil, err
	}
	ids, next, err := a.Queries.List(ctx, in.WorkGroup, in.MaxResults, in.NextToken)
	if err != nil {
		return nil, serviceError(err)
	}
	out := map[string]any{"QueryExecutionIds": nonNil(ids)}
	if next != "" {
		out["NextToken"] = next
	}
	return out, nil
}

func nonNil(s []string) []string {
	if s == nil {
		return []string{}
	}
	return s
}

type datum struct {
	VarCharValue *string `json:"VarCharValue,omitempty"`
}

type row struct{ Data []datum }

type columnInfo struct {
	CatalogName   string
	SchemaName    string
	TableName     string
	Name          string
	Label         string
	Type          string
	Precision     int
	Scale         int
	Nullable      string
	CaseSensitive bool
}

// columnInfos describes result columns as Athena does: the type's base
// name, with the precision and scale of decimals, varchars and timestamps.
func columnInfos(cols []query.Column) []columnInfo {
	out := make([]columnInfo, len(cols))
	for i, c := range cols {
		base, args, _ := strings.Cut(c.Type, "(")
		ci := columnInfo{CatalogName: "hive", Name: c.Name, Label: c.Name, Type: base, Nullable: "UNKNOWN"}
		switch base {
		case "varchar", "char":
			ci.Precision, ci.CaseSensitive = 2147483647, true
			if args != "" {
				ci.Precision = atoi(strings.TrimSuffix(args, ")"))
			}
		case "decimal":
			p, s, _ := strings.Cut(strings.TrimSuffix(args, ")"), ",")
			ci.Precision, ci.Scale = atoi(p), atoi(strings.TrimSpace(s))
		case "timestamp", "time":
			ci.Precision = 3
			if args != "" {
				p, _, _ := strings.Cut(args, ")")
				ci.Precision = atoi(p)
			}
			if strings.Contains(c.Type, "with time zone") {
				ci.Type = base + " with time zone"
			}
		case "bigint":
			ci.Precision = 19
		case "integer":
			ci.Precision = 10
		case "smallint":
			ci.Precision = 5
		case "tinyint":
			ci.Precision = 3
		case "double":
			ci.Precision = 17
		case "real":
			ci.Precision = 17
		case "boolean":
			ci.Precision = 0
		}
		out[i] = ci
	}
	return out
}

// atoi reads the leading digits of s (0 when none).
func atoi(s string) int {
	n, _ := strconv.Atoi(strings.TrimSpace(strings.TrimRight(s, ") ")))
	return n
}

func getQueryResults(a *API, ctx context.Context, c *Call, body []byte) (any, *awsproto.Error) {
	var in struct {
		QueryExecutionId string
		NextToken        string
		MaxResults       int
	}
	if err := decode(body, &in); err != nil {
		return nil, err
	}
	if in.MaxResults == 0 {
		in.MaxResults = 1000
	}
	if in.MaxResults < 1 || in.MaxResults > 1000 {
		return nil, invalid("1 validation error detected: Value '%d' at 'maxResults' failed to satisfy constraint: Member must have value less than or equal to 1000", in.MaxResults)
	}
	e, aerr := a.execution(ctx, c, "athena:GetQueryResults", in.QueryExecutionId)
	if aerr != nil {
		return nil, aerr
	}
	switch e.State {
	case query.Succeeded:
	case query.Queued, query.Running:
		return nil, invalid("Query has not yet finished. Current state: %s", e.State)
	default:
		return nil, invalid("Query did not finish successfully. Final query state: %s", e.State)
	}
	format := resultfile.CSV
	if e.ResultFormat == "txt" {
		format = resultfile.TXT
	}
	st, loc, err := a.storeFor(e.OutputLocation)
	if err != nil {
		return nil, serviceError(err)
	}
	rows, next, err := resultfile.Page(ctx, st, loc.Bucket, loc.Key, format, in.NextToken, in.MaxResults)
	if err != nil {
		return nil, serviceError(err)
	}
	out := struct {
		UpdateCount int64
		ResultSet   struct {
			Rows              []row
			ResultSetMetadata struct{ ColumnInfo []columnInfo }
		}
		NextToken string `json:"NextToken,omitempty"`
	}{NextToken: next}
	out.ResultSet.Rows = make([]row, len(rows))
	for i, r := range rows {
		d := make([]datum, len(r))
		for j, v := range r {
			d[j] = datum{VarCharValue: v}
		}
		out.ResultSet.Rows[i] = row{Data: d}
	}
	out.ResultSet.ResultSetMetadata.ColumnInfo = columnInfos(e.Columns)
	return out, nil
}
