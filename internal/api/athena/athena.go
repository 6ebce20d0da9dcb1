// Package athena implements the Amazon Athena API operations (AWS JSON
// 1.1, X-Amz-Target AmazonAthena.<Operation>) over the query service and
// the catalog: the query lifecycle, named queries, workgroups and the
// data catalog operations. Each operation is a plain function from its
// decoded input to its output; the server wraps them with authentication,
// request IDs and error rendering, and each one asks the caller's
// Authorize for the action on the resource it touches.
package athena

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"trawl/internal/awsproto"
	"trawl/internal/catalog"
	"trawl/internal/engine"
	"trawl/internal/query"
	"trawl/internal/resultfile"
	"trawl/internal/storage"
)

// API serves the Athena operations.
type API struct {
	Queries   *query.Service
	Engine    *engine.Engine
	AccountID string
}

// Call is the context of one request.
type Call struct {
	Region    string
	Principal string // the caller's ARN
	// Authorize checks the caller may perform action (athena:Op) on the
	// resource ARN; nil error = allowed.
	Authorize func(action, resource string) *awsproto.Error
}

type handler func(a *API, ctx context.Context, c *Call, body []byte) (any, *awsproto.Error)

var handlers = map[string]handler{
	"StartQueryExecution":    startQueryExecution,
	"GetQueryExecution":      getQueryExecution,
	"BatchGetQueryExecution": batchGetQueryExecution,
	"GetQueryResults":        getQueryResults,
	"StopQueryExecution":     stopQueryExecution,
	"ListQueryExecutions":    listQueryExecutions,
	"CreateNamedQuery":       createNamedQuery,
	"GetNamedQuery":          getNamedQuery,
	"BatchGetNamedQuery":     batchGetNamedQuery,
	"ListNamedQueries":       listNamedQueries,
	"UpdateNamedQuery":       updateNamedQuery,
	"DeleteNamedQuery":       deleteNamedQuery,
	"CreateWorkGroup":        createWorkGroup,
	"GetWorkGroup":           getWorkGroup,
	"ListWorkGroups":         listWorkGroups,
	"UpdateWorkGroup":        updateWorkGroup,
	"DeleteWorkGroup":        deleteWorkGroup,
	"ListDataCatalogs":       listDataCatalogs,
	"GetDataCatalog":         getDataCatalog,
	"ListDatabases":          listDatabases,
	"GetDatabase":            getDatabase,
	"ListTableMetadata":      listTableMetadata,
	"GetTableMetadata":       getTableMetadata,
}

// Operations lists the operation names served.
func Operations() []string {
	out := make([]string, 0, len(handlers))
	for k := range handlers {
		out = append(out, k)
	}
	return out
}

// ReadOnly reports whether an operation only reads (for audit events).
func ReadOnly(op string) bool {
	return strings.HasPrefix(op, "Get") || strings.HasPrefix(op, "List") || strings.HasPrefix(op, "BatchGet")
}

// Handle runs one operation.
func (a *API) Handle(ctx context.Context, c *Call, op string, body []byte) (any, *awsproto.Error) {
	h := handlers[op]
	if h == nil {
		return nil, &awsproto.Error{Code: "UnknownOperationException", Message: "", Status: 400}
	}
	return h(a, ctx, c, body)
}

func (a *API) workGroupARN(c *Call, wg string) string {
	if wg == "" {
		wg = "primary"
	}
	return fmt.Sprintf("arn:aws:athena:%s:%s:workgroup/%s", c.Region, a.AccountID, wg)
}

func (a *API) catalogARN(c *Call, name string) string {
	if name == "" {
		name = "AwsDataCatalog"
	}
	return fmt.Sprintf("arn:aws:athena:%s:%s:datacatalog/%s", c.Region, a.AccountID, name)
}

func invalid(format string, args ...any) *awsproto.Error {
	return &awsproto.Error{Code: "InvalidRequestException", Message: fmt.Sprintf(format, args...), Status: 400,
		Extra: map[string]any{"AthenaErrorCode": "INVALID_INPUT"}}
}

// serviceError maps the query service's and catalog's errors.
func serviceError(err error) *awsproto.Error {
	var ae *awsproto.Error
	switch {
	case errors.As(err, &ae):
		return ae
	case errors.Is(err, query.ErrInvalid), errors.Is(err, query.ErrNotFound):
		msg := err.Error()
		msg = strings.TrimPrefix(msg, query.ErrInvalid.Error()+": ")
		msg = strings.TrimSuffix(msg, ": "+query.ErrNotFound.Error())
		return invalid("%s", msg)
	case errors.Is(err, catalog.ErrNotFound):
		return &awsproto.Error{Code: "MetadataException", Message: err.Error(), Status: 400}
	case errors.Is(err, resultfile.ErrBadToken):
		return invalid("The NextToken is invalid")
	case errors.Is(err, context.Canceled), errors.Is(err, context.DeadlineExceeded):
		return &awsproto.Error{Code: "InternalServerException", Message: "request cancelled", Status: 500}
	}
	return &awsproto.Error{Code: "InternalServerException", Message: err.Error(), Status: 500}
}

func decode(body []byte, v any) *awsproto.Error { return awsproto.Decode(body, v) }

func ts(t time.Time) *awsproto.Time {
	if t.IsZero() {
		return nil
	}
	x := awsproto.Time(t)
	return &x
}

// storeFor resolves an s3:// result location.
func (a *API) storeFor(loc string) (storage.Store, storage.Location, error) {
	l, err := storage.ParseLocation(loc)
	if err != nil {
		return nil, l, err
	}
	st, err := a.Engine.Store.For(l)
	return st, l, err
}
