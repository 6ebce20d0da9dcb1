package athena

import (
	"context"
	"errors"
	"path"
	"strings"

	"trawl/internal/awsproto"
	"trawl/internal/catalog"
	"trawl/internal/query"
)

// ---------------------------------------------------------------- named queries

type namedQuery struct {
	Name         string
	Description  string `json:"Description,omitempty"`
	Database     string
	QueryString  string
	NamedQueryId string
	WorkGroup    string
}

func namedToWire(q *query.NamedQuery) namedQuery {
	return namedQuery{Name: q.Name, Description: q.Description, Database: q.Database, QueryString: q.Query, NamedQueryId: q.ID, WorkGroup: q.WorkGroup}
}

func createNamedQuery(a *API, ctx context.Context, c *Call, body []byte) (any, *awsproto.Error) {
	var in struct {
		Name, Description, Database, QueryString, ClientRequestToken, WorkGroup string
	}
	if err := decode(body, &in); err != nil {
		return nil, err
	}
	if err := c.Authorize("athena:CreateNamedQuery", a.workGroupARN(c, in.WorkGroup)); err != nil {
		return nil, err
	}
	id, err := a.Queries.CreateNamedQuery(ctx, &query.NamedQuery{Name: in.Name, Description: in.Description, Database: in.Database, Query: in.QueryString, WorkGroup: in.WorkGroup})
	if err != nil {
		return nil, serviceError(err)
	}
	return map[string]string{"NamedQueryId": id}, nil
}

func (a *API) namedQuery(ctx context.Context, c *Call, action, id string) (*query.NamedQuery, *awsproto.Error) {
	q, err := a.Queries.NamedQuery(ctx, id)
	if err != nil {
		if aerr := c.Authorize(action, a.workGroupARN(c, "primary")); aerr != nil {
			return nil, aerr
		}
		return nil, serviceError(err)
	}
	if aerr := c.Authorize(action, a.workGroupARN(c, q.WorkGroup)); aerr != nil {
		return nil, aerr
	}
	return q, nil
}

func getNamedQuery(a *API, ctx context.Context, c *Call, body []byte) (any, *awsproto.Error) {
	var in struct{ NamedQueryId string }
	if err := decode(body, &in); err != nil {
		return nil, err
	}
	q, err := a.namedQuery(ctx, c, "athena:GetNamedQuery", in.NamedQueryId)
	if err != nil {
		return nil, err
	}
	return map[string]any{"NamedQuery": namedToWire(q)}, nil
}

func batchGetNamedQuery(a *API, ctx context.Context, c *Call, body []byte) (any, *awsproto.Error) {
	var in struct{ NamedQueryIds []string }
	if err := decode(body, &in); err != nil {
		return nil, err
	}
	if len(in.NamedQueryIds) < 1 || len(in.NamedQueryIds) > 50 {
		return nil, invalid("1 validation error detected: Value at 'namedQueryIds' failed to satisfy constraint: Member must have length between 1 and 50")
	}
	type unprocessed struct{ NamedQueryId, ErrorCode, ErrorMessage string }
	out := struct {
		NamedQueries             []namedQuery
		UnprocessedNamedQueryIds []unprocessed
	}{NamedQueries: []namedQuery{}, UnprocessedNamedQueryIds: []unprocessed{}}
	for _, id := range in.NamedQueryIds {
		q, err := a.namedQuery(ctx, c, "athena:BatchGetNamedQuery", id)
		if err != nil {
			out.UnprocessedNamedQueryIds = append(out.UnprocessedNamedQueryIds, unprocessed{id, err.Code, err.Message})
			continue
		}
		out.NamedQueries = append(out.NamedQueries, namedToWire(q))
	}
	return out, nil
}

func listNamedQueries(a *API, ctx context.Context, c *Call, body []byte) (any, *awsproto.Error) {
	var in struct {
		WorkGroup  string
		MaxResults int
		NextToken  string
	}
	if err := decode(body, &in); err != nil {
		return nil, err
	}
	if err := c.Authorize("athena:ListNamedQueries", a.workGroupARN(c, in.WorkGroup)); err != nil {
		return nil, err
	}
	ids, err := a.Queries.NamedQueries(ctx, in.WorkGroup)
	if err != nil {
		return nil, serviceError(err)
	}
	return map[string]any{"NamedQueryIds": nonNil(ids)}, nil
}

func updateNamedQuery(a *API, ctx context.Context, c *Call, body []byte) (any, *awsproto.Error) {
	var in struct{ NamedQueryId, Name, Description, QueryString string }
	if err := decode(body, &in); err != nil {
		return nil, err
	}
	if _, err := a.namedQuery(ctx, c, "athena:UpdateNamedQuery", in.NamedQueryId); err != nil {
		return nil, err
	}
	if err := a.Queries.UpdateNamedQuery(ctx, &query.NamedQuery{ID: in.NamedQueryId, Name: in.Name, Description: in.Description, Query: in.QueryString}); err != nil {
		return nil, serviceError(err)
	}
	return struct{}{}, nil
}

func deleteNamedQuery(a *API, ctx context.Context, c *Call, body []byte) (any, *awsproto.Error) {
	var in struct{ NamedQueryId string }
	if err := decode(body, &in); err != nil {
		return nil, err
	}
	if _, err := a.namedQuery(ctx, c, "athena:DeleteNamedQuery", in.NamedQueryId); err != nil {
		return nil, err
	}
	if err := a.Queries.DeleteNamedQuery(ctx, in.NamedQueryId); err != nil {
		return nil, serviceError(err)
	}
	return struct{}{}, nil
}

// ---------------------------------------------------------------- workgroups

type wgConfiguration struct {
	ResultConfiguration             *resultConfiguration `json:"ResultConfiguration,omitempty"`
	EnforceWorkGroupConfiguration   bool
	PublishCloudWatchMetricsEnabled bool
	BytesScannedCutoffPerQuery      int64 `json:"BytesScannedCutoffPerQuery,omitempty"`
	RequesterPaysEnabled            bool
	EngineVersion                   engineVersion
}

func wgToWire(w *query.WorkGroup) map[string]any {
	cfg := wgConfiguration{EnforceWorkGroupConfiguration: w.Enforce, BytesScannedCutoffPerQuery: w.BytesCutoff,
		EngineVersion: engineVersion{"AUTO", "Athena engine version 3"}}
	if w.OutputLocation != "" {
		cfg.ResultConfiguration = &resultConfiguration{OutputLocation: w.OutputLocation}
	}
	return map[string]any{"Name": w.Name, "State": w.State, "Description": w.Description, "Configuration": cfg, "CreationTime": ts(w.Created)}
}

// minBytesCutoff is the service model's minimum BytesScannedCutoffValue.
const minBytesCutoff = 10000000

func cutoffInvalid(field string, v int64) *awsproto.Error {
	return invalid("1 validation error detected: Value '%d' at '%s.bytesScannedCutoffPerQuery' failed to satisfy constraint: Member must have value greater than or equal to %d", v, field, minBytesCutoff)
}

func createWorkGroup(a *API, ctx context.Context, c *Call, body []byte) (any, *awsproto.Error) {
	var in struct {
		Name, Description string
		Configuration     *struct {
			ResultConfiguration           *resultConfiguration
			EnforceWorkGroupConfiguration *bool
			BytesScannedCutoffPerQuery    int64
		}
	}
	if err := decode(body, &in); err != nil {
		return nil, err
	}
	if err := c.Authorize("athena:CreateWorkGroup", a.workGroupARN(c, in.Name)); err != nil {
		return nil, err
	}
	w := &query.WorkGroup{Name: in.Name, Description: in.Description, Enforce: true}
	if cfg := in.Configuration; cfg != nil {
		if cfg.ResultConfiguration != nil {
			w.OutputLocation = cfg.ResultConfiguration.OutputLocation
		}
		if cfg.EnforceWorkGroupConfiguration != nil {
			w.Enforce = *cfg.EnforceWorkGroupConfiguration
		}
		if cfg.BytesScannedCutoffPerQuery != 0 && cfg.BytesScannedCutoffPerQuery < minBytesCutoff {
			return nil, cutoffInvalid("configuration", cfg.BytesScannedCutoffPerQuery)
		}
		w.BytesCutoff = cfg.BytesScannedCutoffPerQuery
	}
	if err := a.Queries.CreateWorkGroup(ctx, w); err != nil {
		return nil, serviceError(err)
	}
	return struct{}{}, nil
}

func getWorkGroup(a *API, ctx context.Context, c *Call, body []byte) (any, *awsproto.Error) {
	var in struct{ WorkGroup string }
	if err := decode(body, &in); err != nil {
		return nil, err
	}
	if err := c.Authorize("athena:GetWorkGroup", a.workGroupARN(c, in.WorkGroup)); err != nil {
		return nil, err
	}
	w, err := a.Queries.WorkGroup(ctx, in.WorkGroup)
	if err != nil {
		return nil, serviceError(err)
	}
	return map[string]any{"WorkGroup": wgToWire(w)}, nil
}

func listWorkGroups(a *API, ctx context.Context, c *Call, body []byte) (any, *awsproto.Error) {
	if err := c.Authorize("athena:ListWorkGroups", a.workGroupARN(c, "*")); err != nil {
		return nil, err
	}
	ws, err := a.Queries.WorkGroups(ctx)
	if err != nil {
		return nil, serviceError(err)
	}
	out := []map[string]any{}
	for _, w := range ws {
		out = append(out, map[string]any{"Name": w.Name, "State": w.State, "Description": w.Description, "CreationTime": ts(w.Created),
			"EngineVersion": engineVersion{"AUTO", "Athena engine version 3"}})
	}
	return map[string]any{"WorkGroups": out}, nil
}

func updateWorkGroup(a *API, ctx context.Context, c *Call, body []byte) (any, *awsproto.Error) {
	var in struct {
		WorkGroup            string
		Description          *string
		State                string
		ConfigurationUpdates *struct {
			EnforceWorkGroupConfiguration *bool
			ResultConfigurationUpdates    *struct {
				OutputLocation       string
				RemoveOutputLocation bool
			}
			BytesScannedCutoffPerQuery       *int64
			RemoveBytesScannedCutoffPerQuery bool
		}
	}
	if err := decode(body, &in); err != nil {
		return nil, err
	}
	if err := c.Authorize("athena:UpdateWorkGroup", a.workGroupARN(c, in.WorkGroup)); err != nil {
		return nil, err
	}
	w, err := a.Queries.WorkGroup(ctx, in.WorkGroup)
	if err != nil {
		return nil, serviceError(err)
	}
	if in.Description != nil {
		w.Description = *in.Description
	}
	if in.State != "" {
		if in.State != "ENABLED" && in.State != "DISABLED" {
			return nil, invalid("1 validation error detected: Value '%s' at 'state' failed to satisfy constraint: Member must satisfy enum value set: [ENABLED, DISABLED]", in.State)
		}
		w.State = in.State
	}
	if u := in.ConfigurationUpdates; u != nil {
		if u.EnforceWorkGroupConfiguration != nil {
			w.Enforce = *u.EnforceWorkGroupConfiguration
		}
		if r := u.ResultConfigurationUpdates; r != nil {
			if r.RemoveOutputLocation {
				w.OutputLocation = ""
			} else if r.OutputLocation != "" {
				w.OutputLocation = r.OutputLocation
			}
		}
		if u.BytesScannedCutoffPerQuery != nil {
			if *u.BytesScannedCutoffPerQuery < minBytesCutoff {
				return nil, cutoffInvalid("configurationUpdates", *u.BytesScannedCutoffPerQuery)
			}
			w.BytesCutoff = *u.BytesScannedCutoffPerQuery
		}
		if u.RemoveBytesScannedCutoffPerQuery {
			w.BytesCutoff = 0
		}
	}
	if err := a.Queries.UpdateWorkGroup(ctx, w); err != nil {
		return nil, serviceError(err)
	}
	return struct{}{}, nil
}

func deleteWorkGroup(a *API, ctx context.Context, c *Call, body []byte) (any, *awsproto.Error) {
	var in struct {
		WorkGroup             string
		RecursiveDeleteOption bool
	}
	if err := decode(body, &in); err != nil {
		return nil, err
	}
	if err := c.Authorize("athena:DeleteWorkGroup", a.workGroupARN(c, in.WorkGroup)); err != nil {
		return nil, err
	}
	if err := a.Queries.DeleteWorkGroup(ctx, in.WorkGroup, in.RecursiveDeleteOption); err != nil {
		return nil, serviceError(err)
	}
	return struct{}{}, nil
}

// ---------------------------------------------------------------- data catalog

func (a *API) checkCatalog(name string) *awsproto.Error {
	if name != "" && !strings.EqualFold(name, "AwsDataCatalog") {
		return invalid("Catalog %s was not found.", name)
	}
	return nil
}

func listDataCatalogs(a *API, ctx context.Context, c *Call, body []byte) (any, *awsproto.Error) {
	if err := c.Authorize("athena:ListDataCatalogs", a.catalogARN(c, "*")); err != nil {
		return nil, err
	}
	return map[string]any{"DataCatalogsSummary": []map[string]string{{"CatalogName": "AwsDataCatalog", "Type": "GLUE"}}}, nil
}

func getDataCatalog(a *API, ctx context.Context, c *Call, body []byte) (any, *awsproto.Error) {
	var in struct{ Name string }
	if err := decode(body, &in); err != nil {
		return nil, err
	}
	if err := c.Authorize("athena:GetDataCatalog", a.catalogARN(c, in.Name)); err != nil {
		return nil, err
	}
	if err := a.checkCatalog(in.Name); err != nil {
		return nil, err
	}
	return map[string]any{"DataCatalog": map[string]any{"Name": "AwsDataCatalog", "Description": "trawl's catalog", "Type": "GLUE",
		"Parameters": map[string]string{"catalog-id": a.AccountID}}}, nil
}

func databaseToWire(d catalog.Database) map[string]any {
	return map[string]any{"Name": d.Name, "Description": d.Comment, "Parameters": d.Properties}
}

func listDatabases(a *API, ctx context.Context, c *Call, body []byte) (any, *awsproto.Error) {
	var in struct{ CatalogName string }
	if err := decode(body, &in); err != nil {
		return nil, err
	}
	if err := c.Authorize("athena:ListDatabases", a.catalogARN(c, in.CatalogName)); err != nil {
		return nil, err
	}
	if err := a.checkCatalog(in.CatalogName); err != nil {
		return nil, err
	}
	ds, err := a.Engine.Catalog.Databases(ctx)
	if err != nil {
		return nil, serviceError(err)
	}
	out := []map[string]any{}
	for _, d := range ds {
		out = append(out, databaseToWire(d))
	}
	return map[string]any{"DatabaseList": out}, nil
}

func getDatabase(a *API, ctx context.Context, c *Call, body []byte) (any, *awsproto.Error) {
	var in struct{ CatalogName, DatabaseName string }
	if err := decode(body, &in); err != nil {
		return nil, err
	}
	if err := c.Authorize("athena:GetDatabase", a.catalogARN(c, in.CatalogName)); err != nil {
		return nil, err
	}
	if err := a.checkCatalog(in.CatalogName); err != nil {
		return nil, err
	}
	d, err := a.Engine.Catalog.Database(ctx, strings.ToLower(in.DatabaseName))
	if err != nil {
		if errors.Is(err, catalog.ErrNotFound) {
			return nil, &awsproto.Error{Code: "MetadataException", Message: "Database " + in.DatabaseName + " not found.", Status: 400}
		}
		return nil, serviceError(err)
	}
	return map[string]any{"Database": databaseToWire(*d)}, nil
}

func columnsToWire(cs []catalog.Column) []map[string]string {
	out := []map[string]string{}
	for _, c := range cs {
		m := map[string]string{"Name": c.Name, "Type": c.Type}
		if c.Comment != "" {
			m["Comment"] = c.Comment
		}
		out = append(out, m)
	}
	return out
}

func tableToWire(t *catalog.Table) map[string]any {
	kind := "EXTERNAL_TABLE"
	cols := t.Columns
	params := map[string]string{}
	for k, v := range t.Properties {
		params[k] = v
	}
	if t.IsView() {
		kind, cols = "VIRTUAL_VIEW", t.ViewColumns
	} else {
		params["location"] = t.Location
		params["inputformat"] = t.InputFormat
		params["outputformat"] = t.OutputFormat
		params["serde.serialization.lib"] = t.SerDe
		params["EXTERNAL"] = "TRUE"
	}
	return map[string]any{"Name": t.Name, "CreateTime": ts(t.Created), "TableType": kind,
		"Columns": columnsToWire(cols), "PartitionKeys": columnsToWire(t.PartitionKeys), "Parameters": params}
}

func listTableMetadata(a *API, ctx context.Context, c *Call, body []byte) (any, *awsproto.Error) {
	var in struct{ CatalogName, DatabaseName, Expression string }
	if err := decode(body, &in); err != nil {
		return nil, err
	}
	if err := c.Authorize("athena:ListTableMetadata", a.catalogARN(c, in.CatalogName)); err != nil {
		return nil, err
	}
	if err := a.checkCatalog(in.CatalogName); err != nil {
		return nil, err
	}
	ts, err := a.Engine.Catalog.Tables(ctx, strings.ToLower(in.DatabaseName))
	if err != nil {
		if errors.Is(err, catalog.ErrNotFound) {
			return nil, &awsproto.Error{Code: "MetadataException", Message: "Database " + in.DatabaseName + " not found.", Status: 400}
		}
		return nil, serviceError(err)
	}
	out := []map[string]any{}
	for i := range ts {
		if in.Expression != "" {
			if ok, _ := path.Match(strings.ToLower(in.Expression), ts[i].Name); !ok {
				continue
			}
		}
		out = append(out, tableToWire(&ts[i]))
	}
	return map[string]any{"TableMetadataList": out}, nil
}

func getTableMetadata(a *API, ctx context.Context, c *Call, body []byte) (any, *awsproto.Error) {
	var in struct{ CatalogName, DatabaseName, TableName string }
	if err := decode(body, &in); err != nil {
		return nil, err
	}
	if err := c.Authorize("athena:GetTableMetadata", a.catalogARN(c, in.CatalogName)); err != nil {
		return nil, err
	}
	if err := a.checkCatalog(in.CatalogName); err != nil {
		return nil, err
	}
	t, err := a.Engine.Catalog.Table(ctx, strings.ToLower(in.DatabaseName), strings.ToLower(in.TableName))
	if err != nil {
		if errors.Is(err, catalog.ErrNotFound) {
			return nil, &awsproto.Error{Code: "MetadataException", Message: "Table " + in.TableName + " not found.", Status: 400}
		}
		return nil, serviceError(err)
	}
	return map[string]any{"TableMetadata": tableToWire(t)}, nil
}
