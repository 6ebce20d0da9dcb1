package engine

import (
	"context"
	"errors"
	"fmt"
	"path"
	"regexp"
	"sort"
	"strings"
	"time"

	"trawl/internal/analyzer"
	"trawl/internal/catalog"
	"trawl/internal/exec"
	"trawl/internal/partition"
	"trawl/internal/plan"
	"trawl/internal/sql/ast"
	"trawl/internal/sqlerr"
	"trawl/internal/storage"
	"trawl/internal/types"
	"trawl/internal/vector"
)

// Known SerDes and input formats; anything else is rejected at CREATE
// TABLE time so a typo doesn't surface as empty results later.
var knownSerDes = map[string]bool{
	"com.amazon.emr.hive.serde.cloudtrailserde": true,
	"org.apache.hive.hcatalog.data.jsonserde":   true,
	"org.openx.data.jsonserde.jsonserde":        true,
}

func stringResult(start time.Time, stats *exec.Stats, typ StatementType, names []string, rows [][]string) *Result {
	ts := make([]*types.Type, len(names))
	for i := range ts {
		ts[i] = types.VarcharType
	}
	b := vector.NewBatch(ts, len(rows))
	for _, r := range rows {
		for i, v := range r {
			b.Cols[i].AppendString(v)
		}
	}
	b.N = len(rows)
	return &Result{Type: typ, Names: names, Types: ts, Stats: stats, Start: start, rows: b}
}

func props(ps []*ast.Property) map[string]string {
	m := map[string]string{}
	for _, p := range ps {
		m[p.Key] = p.Value
	}
	return m
}

func (e *Engine) tableName(q *ast.QualifiedName, sess *Session) (string, string) {
	parts := q.Parts
	switch len(parts) {
	case 1:
		return sess.Database, strings.ToLower(parts[0].Name)
	case 2:
		return strings.ToLower(parts[0].Name), strings.ToLower(parts[1].Name)
	}
	return strings.ToLower(parts[len(parts)-2].Name), strings.ToLower(parts[len(parts)-1].Name)
}

// catalogError maps catalog sentinels to Trino's error names and wording
// at a node: db and table name the object the statement is about (table ""
// for statements on a database).
func catalogError(err error, src string, node ast.Node, db, table string) error {
	msg := err.Error()
	kind := strings.SplitN(msg, " ", 2)[0]
	switch {
	case errors.Is(err, catalog.ErrNotFound):
		switch kind {
		case "database":
			return sqlerr.At(sqlerr.SchemaNotFound, src, node.Pos(), "Schema '%s' does not exist", db)
		case "table":
			return sqlerr.At(sqlerr.TableNotFound, src, node.Pos(), "Table 'awsdatacatalog.%s.%s' does not exist", db, table)
		}
		return sqlerr.At(sqlerr.NotFound, src, node.Pos(), "%s", msg)
	case errors.Is(err, catalog.ErrExists):
		switch kind {
		case "database":
			return sqlerr.At(sqlerr.SchemaAlreadyExists, src, node.Pos(), "Schema '%s' already exists", db)
		case "table", "view":
			return sqlerr.At(sqlerr.TableAlreadyExists, src, node.Pos(), "Table 'awsdatacatalog.%s.%s' already exists", db, table)
		}
		return sqlerr.At(sqlerr.AlreadyExists, src, node.Pos(), "%s", msg)
	case errors.Is(err, catalog.ErrNotEmpty):
		if db == "default" {
			return sqlerr.At(sqlerr.SchemaNotEmpty, src, node.Pos(), "Cannot drop non-empty schema 'default' (drop its tables first; CASCADE does not apply to the default database)")
		}
		return sqlerr.At(sqlerr.SchemaNotEmpty, src, node.Pos(), "Cannot drop non-empty schema '%s' (drop its tables first, or use DROP DATABASE %s CASCADE)", db, db)
	case errors.Is(err, catalog.ErrInvalid):
		return sqlerr.At(sqlerr.InvalidArguments, src, node.Pos(), "%s", msg)
	}
	return err
}

func (e *Engine) ddl(ctx context.Context, src string, stmt ast.Statement, sess *Session, stats *exec.Stats, start time.Time) (*Result, error) {
	ok := func() (*Result, error) { return &Result{Type: DDL, Stats: stats, Start: start}, nil }
	if res, handled, err := e.systemDDL(ctx, src, stmt, sess, stats, start); handled {
		return res, err
	}
	switch s := stmt.(type) {
	case *ast.CreateDatabase:
		err := e.Catalog.CreateDatabase(ctx, catalog.Database{Name: strings.ToLower(s.Name.Name), Comment: s.Comment, Location: s.Location, Properties: props(s.Properties)}, s.IfNotExists)
		if err != nil {
			return nil, catalogError(err, src, s.Name, strings.ToLower(s.Name.Name), "")
		}
		return ok()
	case *ast.DropDatabase:
		if err := e.Catalog.DropDatabase(ctx, strings.ToLower(s.Name.Name), s.IfExists, s.Cascade); err != nil {
			return nil, catalogError(err, src, s.Name, strings.ToLower(s.Name.Name), "")
		}
		return ok()
	case *ast.CreateTable:
		return e.createTable(ctx, src, s, sess, stats, start)
	case *ast.DropTable:
		db, name := e.tableName(s.Name, sess)
		if err := e.Catalog.DropTable(ctx, db, name, s.IfExists); err != nil {
			return nil, catalogError(err, src, s.Name, db, name)
		}
		return ok()
	case *ast.Show:
		return e.show(ctx, src, s, sess, stats, start)
	case *ast.Describe:
		db, name := e.tableName(s.Name, sess)
		t, err := e.Catalog.Table(ctx, db, name)
		if err != nil {
			return nil, catalogError(err, src, s.Name, db, name)
		}
		var rows [][]string
		for _, c := range t.Columns {
			rows = append(rows, []string{c.Name, c.Type, c.Comment})
		}
		if len(t.PartitionKeys) > 0 {
			for _, c := range t.PartitionKeys {
				rows = append(rows, []string{c.Name, c.Type, c.Comment})
			}
			rows = append(rows, []string{"", "", ""}, []string{"# Partition Information", "", ""}, []string{"# col_name", "data_type", "comment"}, []string{"", "", ""})
			for _, c := range t.PartitionKeys {
				rows = append(rows, []string{c.Name, c.Type, c.Comment})
			}
		}
		return stringResult(start, stats, Utility, []string{"col_name", "data_type", "comment"}, rows), nil
	case *ast.AlterTablePartitions:
		return e.alterPartitions(ctx, src, s, sess, stats, start)
	case *ast.AlterTableSetProperties:
		db, name := e.tableName(s.Name, sess)
		err := e.Catalog.UpdateTable(ctx, db, name, func(t *catalog.Table) error {
			if t.Properties == nil {
				t.Properties = map[string]string{}
			}
			for _, p := range s.Properties {
				t.Properties[p.Key] = p.Value
			}
			return nil
		})
		if err != nil {
			return nil, catalogError(err, src, s.Name, db, name)
		}
		return ok()
	case *ast.MsckRepair:
		return e.msckRepair(ctx, src, s, sess, stats, start)
	case *ast.CreateView:
		return e.createView(ctx, src, s, sess, stats, start)
	case *ast.DropView:
		db, name := e.tableName(s.Name, sess)
		t, err := e.Catalog.Table(ctx, db, name)
		if err == nil && !t.IsView() {
			return nil, sqlerr.At(sqlerr.GenericUserError, src, s.Name.Pos(), "'awsdatacatalog.%s.%s' is a table, not a view; use DROP TABLE", db, name)
		}
		if err != nil && s.IfExists && errors.Is(err, catalog.ErrNotFound) {
			return ok()
		}
		if err != nil {
			if errors.Is(err, catalog.ErrNotFound) {
				return nil, sqlerr.At(sqlerr.TableNotFound, src, s.Name.Pos(), "View 'awsdatacatalog.%s.%s' does not exist", db, name)
			}
			return nil, err
		}
		if err := e.Catalog.DropTable(ctx, db, name, s.IfExists); err != nil {
			return nil, catalogError(err, src, s.Name, db, name)
		}
		return ok()
	}
	return nil, sqlerr.At(sqlerr.NotSupported, src, stmt.Pos(), "this statement is not supported yet")
}

func (e *Engine) createTable(ctx context.Context, src string, s *ast.CreateTable, sess *Session, stats *exec.Stats, start time.Time) (*Result, error) {
	db, name := e.tableName(s.Name, sess)
	t := catalog.Table{Database: db, Name: name, Kind: catalog.ExternalTable, Comment: s.Comment,
		SerDe: s.SerDe, SerDeProperties: props(s.SerDeProperties), InputFormat: s.InputFormat, OutputFormat: s.OutputFormat,
		Location: s.Location, Properties: props(s.TblProperties), CreateSQL: src[s.Pos():s.End()]}
	if !s.External {
		t.Kind = catalog.ManagedTable
	}
	if s.Location == "" {
		return nil, sqlerr.At(sqlerr.InvalidTableProperty, src, s.Pos(), "CREATE TABLE needs a LOCATION 's3://bucket/prefix/' (trawl reads tables from where their data is)")
	}
	if _, err := storage.ParseLocation(s.Location); err != nil {
		return nil, sqlerr.At(sqlerr.InvalidTableProperty, src, s.Pos(), "%v", err)
	}
	if s.SerDe != "" && !knownSerDes[strings.ToLower(s.SerDe)] {
		return nil, sqlerr.At(sqlerr.NotSupported, src, s.Pos(), "SerDe '%s' is not supported; use com.amazon.emr.hive.serde.CloudTrailSerde, org.apache.hive.hcatalog.data.JsonSerDe or org.openx.data.jsonserde.JsonSerDe", s.SerDe)
	}
	if s.StoredAs != "" && s.StoredAs != "TEXTFILE" {
		return nil, sqlerr.At(sqlerr.NotSupported, src, s.Pos(), "STORED AS %s is not supported yet", s.StoredAs)
	}
	seen := map[string]bool{}
	for _, c := range s.Columns {
		n := strings.ToLower(c.Name.Name)
		if seen[n] {
			return nil, sqlerr.At(sqlerr.DuplicateColumnName, src, c.Pos(), "Column '%s' specified more than once", n)
		}
		seen[n] = true
		comment := c.Comment
		if comment == fromDeserializer {
			comment = ""
		}
		t.Columns = append(t.Columns, catalog.Column{Name: n, Type: c.Type.Type.HiveString(), Comment: comment})
	}
	var pcols []partition.Column
	for _, c := range s.PartitionedBy {
		n := strings.ToLower(c.Name.Name)
		if seen[n] {
			return nil, sqlerr.At(sqlerr.DuplicateColumnName, src, c.Pos(), "Column '%s' specified more than once", n)
		}
		seen[n] = true
		t.PartitionKeys = append(t.PartitionKeys, catalog.Column{Name: n, Type: c.Type.Type.HiveString(), Comment: c.Comment})
		pcols = append(pcols, partition.Column{Name: n, Type: c.Type.Type})
	}
	// Validate partition projection now, so mistakes show at CREATE time.
	if _, err := partition.Parse(t.Properties, pcols, t.Location, e.now()); err != nil {
		return nil, sqlerr.At(sqlerr.InvalidTableProperty, src, s.Pos(), "%v", err)
	}
	if err := e.Catalog.CreateTable(ctx, t, s.IfNotExists); err != nil {
		return nil, catalogError(err, src, s.Name, db, name)
	}
	return &Result{Type: DDL, Stats: stats, Start: start}, nil
}

// hivePattern compiles a SHOW TABLES / SHOW DATABASES pattern as Hive and
// Athena read it: '|' separates alternatives, '*' (or '.*') matches any
// run of characters, everything else is a regular expression; matching is
// case-insensitive and anchored at both ends. An invalid alternative
// matches nothing.
func hivePattern(pattern string) func(string) bool {
	var res []*regexp.Regexp
	for _, alt := range strings.Split(pattern, "|") {
		alt = strings.TrimSpace(alt)
		var b strings.Builder
		for i := 0; i < len(alt); i++ {
			switch {
			case alt[i] == '.' && i+1 < len(alt) && alt[i+1] == '*':
				b.WriteString(".*")
				i++
			case alt[i] == '*':
				b.WriteString(".*")
			case alt[i] == '\\' && i+1 < len(alt):
				b.WriteByte(alt[i])
				b.WriteByte(alt[i+1])
				i++
			default:
				b.WriteByte(alt[i])
			}
		}
		if re, err := regexp.Compile(`(?is)\A(?:` + b.String() + `)\z`); err == nil {
			res = append(res, re)
		}
	}
	return func(s string) bool {
		for _, re := range res {
			if re.MatchString(s) {
				return true
			}
		}
		return false
	}
}

func (e *Engine) show(ctx context.Context, src string, s *ast.Show, sess *Session, stats *exec.Stats, start time.Time) (*Result, error) {
	switch s.Kind {
	case "DATABASES":
		dbs, err := e.Catalog.Databases(ctx)
		if err != nil {
			return nil, err
		}
		match := hivePattern(s.Like)
		names := make([]string, 0, len(dbs)+1)
		for _, d := range dbs {
			if d.Name != SystemSchema || !e.hasSystem() {
				names = append(names, d.Name)
			}
		}
		if e.hasSystem() {
			names = append(names, SystemSchema)
			sort.Strings(names)
		}
		var rows [][]string
		for _, n := range names {
			if !s.HasLike || match(n) {
				rows = append(rows, []string{n})
			}
		}
		return stringResult(start, stats, Utility, []string{"database_name"}, rows), nil
	case "TABLES", "VIEWS":
		db := sess.Database
		if s.Target != nil {
			db = strings.ToLower(s.Target.Parts[len(s.Target.Parts)-1].Name)
		}
		ts, err := e.Catalog.Tables(ctx, db)
		if err != nil {
			return nil, catalogError(err, src, s, db, "")
		}
		match := hivePattern(s.Like)
		var rows [][]string
		for _, t := range ts {
			if (s.Kind == "VIEWS") != t.IsView() {
				continue
			}
			if s.HasLike && !match(t.Name) {
				continue
			}
			rows = append(rows, []string{t.Name})
		}
		col := "tab_name"
		if s.Kind == "VIEWS" {
			col = "views"
		}
		return stringResult(start, stats, Utility, []string{col}, rows), nil
	case "COLUMNS":
		db, name := e.tableName(s.Target, sess)
		t, err := e.Catalog.Table(ctx, db, name)
		if err != nil {
			return nil, catalogError(err, src, s.Target, db, name)
		}
		var rows [][]string
		for _, c := range append(append([]catalog.Column{}, t.Columns...), t.PartitionKeys...) {
			rows = append(rows, []string{c.Name})
		}
		return stringResult(start, stats, Utility, []string{"field"}, rows), nil
	case "PARTITIONS":
		return e.showPartitions(ctx, src, s, sess, stats, start)
	case "CREATE TABLE":
		db, name := e.tableName(s.Target, sess)
		t, err := e.Catalog.Table(ctx, db, name)
		if err != nil {
			return nil, catalogError(err, src, s.Target, db, name)
		}
		return stringResult(start, stats, Utility, []string{"createtab_stmt"}, splitLines(ShowCreateTable(t))), nil
	case "TBLPROPERTIES":
		db, name := e.tableName(s.Target, sess)
		t, err := e.Catalog.Table(ctx, db, name)
		if err != nil {
			return nil, catalogError(err, src, s.Target, db, name)
		}
		var rows [][]string
		for _, k := range sortedKeys(t.Properties) {
			rows = append(rows, []string{k, t.Properties[k]})
		}
		return stringResult(start, stats, Utility, []string{"prpt_name", "prpt_value"}, rows), nil
	}
	return nil, sqlerr.At(sqlerr.NotSupported, src, s.Pos(), "SHOW %s is not supported yet", s.Kind)
}

func splitLines(s string) [][]string {
	var rows [][]string
	for _, l := range strings.Split(strings.TrimRight(s, "\n"), "\n") {
		rows = append(rows, []string{l})
	}
	return rows
}

func sortedKeys(m map[string]string) []string {
	ks := make([]string, 0, len(m))
	for k := range m {
		ks = append(ks, k)
	}
	sort.Strings(ks)
	return ks
}

func quoteProps(m map[string]string) string {
	var parts []string
	for _, k := range sortedKeys(m) {
		parts = append(parts, fmt.Sprintf("  %s=%s", hiveQuote(k), hiveQuote(m[k])))
	}
	return strings.Join(parts, ",\n")
}

// fromDeserializer is the comment Hive (and Athena) print for a column
// without one; CREATE TABLE reads it back as no comment, so that the
// printed DDL re-creates the same table.
const fromDeserializer = "from deserializer"

// hiveQuote quotes s as a DDL string that trawl's parser reads back as
// s: backslashes are escaped with a backslash (as Hive does) and single
// quotes are doubled (Hive writes \', which trawl's lexer does not read
// inside a string yet).
func hiveQuote(s string) string {
	return "'" + strings.NewReplacer(`\`, `\\`, "'", "''").Replace(s) + "'"
}

// ShowCreateTable renders a table's DDL as Athena's SHOW CREATE TABLE does.
func ShowCreateTable(t *catalog.Table) string {
	var b strings.Builder
	kind := "EXTERNAL TABLE"
	if t.Kind == catalog.ManagedTable {
		kind = "TABLE"
	}
	fmt.Fprintf(&b, "CREATE %s `%s`.`%s`(\n", kind, t.Database, t.Name)
	for i, c := range t.Columns {
		sep := ","
		if i == len(t.Columns)-1 {
			sep = ")"
		}
		comment := "COMMENT " + hiveQuote(fromDeserializer)
		if c.Comment != "" {
			comment = "COMMENT " + hiveQuote(c.Comment)
		}
		fmt.Fprintf(&b, "  `%s` %s %s%s\n", c.Name, c.Type, comment, sep)
	}
	if t.Comment != "" {
		fmt.Fprintf(&b, "COMMENT %s\n", hiveQuote(t.Comment))
	}
	if len(t.PartitionKeys) > 0 {
		b.WriteString("PARTITIONED BY ( \n")
		for i, c := range t.PartitionKeys {
			sep := ", "
			if i == len(t.PartitionKeys)-1 {
				sep = ")"
			}
			comment := ""
			if c.Comment != "" {
				comment = " COMMENT " + hiveQuote(c.Comment)
			}
			fmt.Fprintf(&b, "  `%s` %s%s%s\n", c.Name, c.Type, comment, sep)
		}
	}
	if t.SerDe != "" {
		fmt.Fprintf(&b, "ROW FORMAT SERDE \n  '%s' \n", t.SerDe)
		if len(t.SerDeProperties) > 0 {
			fmt.Fprintf(&b, "WITH SERDEPROPERTIES ( \n%s) \n", quoteProps(t.SerDeProperties))
		}
	}
	if t.InputFormat != "" {
		fmt.Fprintf(&b, "STORED AS INPUTFORMAT \n  '%s' \nOUTPUTFORMAT \n  '%s'\n", t.InputFormat, t.OutputFormat)
	}
	fmt.Fprintf(&b, "LOCATION\n  '%s'\n", t.Location)
	if len(t.Properties) > 0 {
		fmt.Fprintf(&b, "TBLPROPERTIES (\n%s)\n", quoteProps(t.Properties))
	}
	return b.String()
}

func (e *Engine) showPartitions(ctx context.Context, src string, s *ast.Show, sess *Session, stats *exec.Stats, start time.Time) (*Result, error) {
	db, name := e.tableName(s.Target, sess)
	t, err := e.Catalog.Table(ctx, db, name)
	if err != nil {
		return nil, catalogError(err, src, s.Target, db, name)
	}
	if len(t.PartitionKeys) == 0 {
		return nil, sqlerr.At(sqlerr.NotSupported, src, s.Pos(), "Table %s.%s is not partitioned", db, name)
	}
	pt, err := e.planTable(ctx, t)
	if err != nil {
		return nil, err
	}
	cols := make([]partition.Column, len(pt.PartitionKeys))
	for i, c := range pt.PartitionKeys {
		cols[i] = partition.Column{Name: c.Name, Type: c.Type}
	}
	var rows [][]string
	if strings.EqualFold(t.Properties["projection.enabled"], "true") {
		// Athena lists nothing for projected tables: partitions are
		// computed per query, not stored.
		return stringResult(start, stats, Utility, []string{"partition"}, rows), nil
	}
	for _, p := range pt.Partitions {
		rows = append(rows, []string{partition.HivePath(cols, p.Values)})
	}
	return stringResult(start, stats, Utility, []string{"partition"}, rows), nil
}

func (e *Engine) partitionValues(src string, t *catalog.Table, spec *ast.PartitionSpec) ([]string, error) {
	if len(spec.Keys) != len(t.PartitionKeys) {
		return nil, sqlerr.At(sqlerr.InvalidPartitionValue, src, spec.Pos(), "partition spec names %d columns; table %s.%s is partitioned by %d", len(spec.Keys), t.Database, t.Name, len(t.PartitionKeys))
	}
	vals := make([]string, len(t.PartitionKeys))
	for i, pk := range t.PartitionKeys {
		found := false
		for j, k := range spec.Keys {
			if strings.EqualFold(k.Name, pk.Name) {
				switch v := spec.Values[j].(type) {
				case *ast.StringLit:
					vals[i] = v.Value
				case *ast.NumberLit:
					vals[i] = v.Text
				case *ast.BoolLit:
					vals[i] = fmt.Sprint(v.Value)
				case *ast.TypedLit:
					vals[i] = v.Value
				default:
					return nil, sqlerr.At(sqlerr.InvalidPartitionValue, src, spec.Values[j].Pos(), "partition value for %s must be a literal", pk.Name)
				}
				found = true
			}
		}
		if !found {
			return nil, sqlerr.At(sqlerr.InvalidPartitionValue, src, spec.Pos(), "partition spec is missing column %s", pk.Name)
		}
		ct, _ := types.Parse(pk.Type)
		if _, err := partition.TypedValue(partition.Column{Name: pk.Name, Type: ct}, vals[i]); err != nil {
			return nil, sqlerr.At(sqlerr.InvalidPartitionValue, src, spec.Pos(), "%v", err)
		}
	}
	return vals, nil
}

func (e *Engine) alterPartitions(ctx context.Context, src string, s *ast.AlterTablePartitions, sess *Session, stats *exec.Stats, start time.Time) (*Result, error) {
	db, name := e.tableName(s.Name, sess)
	t, err := e.Catalog.Table(ctx, db, name)
	if err != nil {
		return nil, catalogError(err, src, s.Name, db, name)
	}
	cols := make([]partition.Column, len(t.PartitionKeys))
	for i, c := range t.PartitionKeys {
		ct, _ := types.Parse(c.Type)
		cols[i] = partition.Column{Name: c.Name, Type: ct}
	}
	if s.Add {
		var parts []catalog.Partition
		for _, spec := range s.Partitions {
			vals, err := e.partitionValues(src, t, spec)
			if err != nil {
				return nil, err
			}
			loc := spec.Location
			if loc == "" {
				loc = strings.TrimSuffix(t.Location, "/") + "/" + partition.HivePath(cols, vals)
			}
			parts = append(parts, catalog.Partition{Values: vals, Location: loc})
		}
		if _, err := e.Catalog.AddPartitions(ctx, db, name, parts, s.IfExists); err != nil {
			return nil, catalogError(err, src, s.Name, db, name)
		}
	} else {
		var vals [][]string
		for _, spec := range s.Partitions {
			v, err := e.partitionValues(src, t, spec)
			if err != nil {
				return nil, err
			}
			vals = append(vals, v)
		}
		if _, err := e.Catalog.DropPartitions(ctx, db, name, vals, s.IfExists); err != nil {
			return nil, catalogError(err, src, s.Name, db, name)
		}
	}
	return &Result{Type: DDL, Stats: stats, Start: start}, nil
}

// msckRepair finds Hive-style key=value folders under the table location
// and registers the partitions the catalog lacks.
func (e *Engine) msckRepair(ctx context.Context, src string, s *ast.MsckRepair, sess *Session, stats *exec.Stats, start time.Time) (*Result, error) {
	db, name := e.tableName(s.Name, sess)
	t, err := e.Catalog.Table(ctx, db, name)
	if err != nil {
		return nil, catalogError(err, src, s.Name, db, name)
	}
	if len(t.PartitionKeys) == 0 {
		return stringResult(start, stats, DDL, []string{"result"}, nil), nil
	}
	cols := make([]partition.Column, len(t.PartitionKeys))
	for i, c := range t.PartitionKeys {
		ct, _ := types.Parse(c.Type)
		cols[i] = partition.Column{Name: c.Name, Type: ct}
	}
	loc, err := storage.ParseLocation(t.Location)
	if err != nil {
		return nil, err
	}
	prefix := loc.DirPrefix()
	found := map[string][]string{}
	err = e.Store.List(ctx, loc, prefix, func(o storage.Object) error {
		rel := strings.TrimPrefix(o.Key, prefix)
		dir := path.Dir(rel)
		if dir == "." {
			return nil
		}
		segs := strings.Split(dir, "/")
		if len(segs) < len(cols) {
			return nil
		}
		p := strings.Join(segs[:len(cols)], "/")
		if _, ok := found[p]; ok {
			return nil
		}
		if vals, ok := partition.ParseHivePath(cols, p); ok {
			found[p] = vals
		}
		return nil
	})
	if err != nil {
		return nil, storage.Describe("cannot list", loc, err)
	}
	existing, err := e.Catalog.Partitions(ctx, db, name)
	if err != nil {
		return nil, err
	}
	have := map[string]bool{}
	for _, p := range existing {
		have[strings.Join(p.Values, "\x00")] = true
	}
	var add []catalog.Partition
	var rows [][]string
	for _, p := range sortedPaths(found) {
		vals := found[p]
		if have[strings.Join(vals, "\x00")] {
			continue
		}
		add = append(add, catalog.Partition{Values: vals, Location: loc.Child(prefix + p).String()})
		rows = append(rows, []string{"Repair: Added partition to metastore " + t.Name + ":" + p})
	}
	if len(add) > 0 {
		if _, err := e.Catalog.AddPartitions(ctx, db, name, add, true); err != nil {
			return nil, catalogError(err, src, s.Name, db, name)
		}
	}
	return stringResult(start, stats, DDL, []string{"result"}, rows), nil
}

func sortedPaths(m map[string][]string) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

func (e *Engine) explain(ctx context.Context, src string, s *ast.Explain, sess *Session, stats *exec.Stats, start time.Time) (*Result, error) {
	qs, ok := s.Stmt.(*ast.QueryStmt)
	if !ok {
		return nil, sqlerr.At(sqlerr.NotSupported, src, s.Stmt.Pos(), "EXPLAIN is only supported for queries")
	}
	rv := &resolver{e: e, ctx: ctx, sess: sess, src: src}
	ar, err := analyzer.AnalyzeQuery(src, qs.Query, analyzer.Session{Database: sess.Database, Zone: sess.Zone}, rv)
	if err != nil {
		return nil, err
	}
	text := func(s string) (*Result, error) {
		b := vector.NewBatch([]*types.Type{types.VarcharType}, 1)
		b.Cols[0].AppendString(s)
		b.N = 1
		return &Result{Type: Utility, Names: []string{"Query Plan"}, Types: []*types.Type{types.VarcharType}, Warnings: append(ar.Warnings, rv.warnings...), Stats: stats, Start: start, rows: b}, nil
	}
	if strings.EqualFold(s.Type, "VALIDATE") {
		b := vector.NewBatch([]*types.Type{types.BooleanType}, 1)
		b.Cols[0].AppendBool(true)
		b.N = 1
		return &Result{Type: Utility, Names: []string{"Valid"}, Types: []*types.Type{types.BooleanType}, Stats: stats, Start: start, rows: b}, nil
	}
	env := &exec.Env{Store: e.Store, Stats: stats, Now: start, Zone: sess.Zone, Workers: e.Workers}
	total := map[*plan.Scan]int{}
	note := func(sc *plan.Scan) []string {
		if sc.Table.System != nil {
			return systemNote(sc, sess.Zone)
		}
		parts, err := exec.PrunePartitions(env, sc)
		if err != nil {
			return []string{"Partitions: " + err.Error()}
		}
		if len(sc.Table.PartitionKeys) == 0 {
			return []string{"Partitions: not partitioned; every object under the location is read"}
		}
		line := fmt.Sprintf("Partitions after pruning: %d", len(parts))
		if n, ok := total[sc]; ok {
			line += fmt.Sprintf(" of %d", n)
		}
		var shown []string
		for i, p := range parts {
			if i == 5 {
				shown = append(shown, fmt.Sprintf("... %d more", len(parts)-5))
				break
			}
			shown = append(shown, p.Location)
		}
		if len(shown) > 0 {
			line += " [" + strings.Join(shown, ", ") + "]"
		}
		return []string{line}
	}
	// The partitions before pruning, for the "of N".
	for _, sc := range ar.Scans {
		if sc.Table.System != nil {
			continue
		}
		bare := *sc
		bare.PartitionFilter = nil
		if parts, err := exec.PrunePartitions(env, &bare); err == nil {
			total[sc] = len(parts)
		}
	}
	if !s.Analyze {
		return text(plan.Explain(ar.Root, note))
	}
	// EXPLAIN ANALYZE: run the query, then show the plan with what it read.
	op, err := exec.Build(ctx, env, ar.Root)
	if err != nil {
		return nil, err
	}
	var rows int64
	for {
		b, err := op.Next(ctx)
		if err != nil {
			op.Close()
			return nil, err
		}
		if b == nil {
			break
		}
		rows += int64(b.N)
	}
	op.Close()
	out := plan.Explain(ar.Root, note)
	out += fmt.Sprintf("\n\nOutput rows: %d; elapsed %.3fs; read %d files (%d compressed bytes, %d bytes decoded), %d records, from %d partitions",
		rows, time.Since(start).Seconds(), stats.Files.Load(), stats.BytesScanned.Load(), stats.BytesDecoded.Load(), stats.Records.Load(), stats.Partitions.Load())
	return text(out)
}

// createView analyzes the view's query (so a broken view is refused) and
// stores its text and output columns.
func (e *Engine) createView(ctx context.Context, src string, s *ast.CreateView, sess *Session, stats *exec.Stats, start time.Time) (*Result, error) {
	db, name := e.tableName(s.Name, sess)
	if _, err := e.Catalog.Database(ctx, db); err != nil {
		return nil, sqlerr.At(sqlerr.SchemaNotFound, src, s.Name.Pos(), "Schema '%s' does not exist", db)
	}
	ar, err := analyzer.AnalyzeQuery(src, s.Query, analyzer.Session{Database: db, Zone: sess.Zone}, &resolver{e: e, ctx: ctx, sess: &Session{Database: db, Zone: sess.Zone}, src: src})
	if err != nil {
		return nil, err
	}
	if old, err := e.Catalog.Table(ctx, db, name); err == nil {
		if !old.IsView() {
			return nil, sqlerr.At(sqlerr.TableAlreadyExists, src, s.Name.Pos(), "Table already exists: 'awsdatacatalog.%s.%s'", db, name)
		}
		if !s.OrReplace {
			return nil, sqlerr.At(sqlerr.TableAlreadyExists, src, s.Name.Pos(), "View already exists: 'awsdatacatalog.%s.%s'", db, name)
		}
	}
	t := catalog.Table{Database: db, Name: name, Kind: catalog.VirtualView, ViewSQL: s.SQL, CreateSQL: src[s.Pos():s.End()]}
	for i, n := range ar.Names {
		t.ViewColumns = append(t.ViewColumns, catalog.Column{Name: strings.ToLower(n), Type: ar.Types[i].String()})
	}
	if err := e.Catalog.ReplaceTable(ctx, t); err != nil {
		return nil, catalogError(err, src, s.Name, db, name)
	}
	return &Result{Type: DDL, Stats: stats, Start: start}, nil
}
