package catalog

import (
	"bytes"
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"
	"unicode/utf8"
)

// Partition is one partition of a table: one value per partition key, in
// key order, as strings.
type Partition struct {
	Values   []string
	Location string
	Created  time.Time // set to now on add when zero
}

// encodeValues renders partition values as the JSON array text stored in
// partitions.vals: canonical (no HTML escaping, no spaces), so equal value
// lists always give equal text and the primary key detects duplicates.
func encodeValues(vals []string) string {
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	enc.Encode(vals) // []string always encodes
	return strings.TrimSuffix(b.String(), "\n")
}

// decodeValues parses stored partition values. The common case (no escapes)
// is parsed directly; anything else goes through encoding/json.
func decodeValues(s string) ([]string, error) {
	if len(s) >= 2 && s[0] == '[' && s[len(s)-1] == ']' && !strings.ContainsRune(s, '\\') {
		body := s[1 : len(s)-1]
		if body == "" {
			return []string{}, nil
		}
		n := strings.Count(body, `","`) + 1
		out := make([]string, 0, n)
		ok := true
		for body != "" {
			if body[0] != '"' {
				ok = false
				break
			}
			end := strings.IndexByte(body[1:], '"')
			if end < 0 {
				ok = false
				break
			}
			out = append(out, body[1:1+end])
			body = body[2+end:]
			if body == "" {
				break
			}
			if body[0] != ',' || len(body) == 1 {
				ok = false
				break
			}
			body = body[1:]
		}
		if ok {
			return out, nil
		}
	}
	var out []string
	if err := json.Unmarshal([]byte(s), &out); err != nil {
		return nil, err
	}
	return out, nil
}

// compareValues orders value lists element by element (byte-wise), shorter
// first on a common prefix.
func compareValues(a, b []string) int {
	for i := 0; i < len(a) && i < len(b); i++ {
		if c := strings.Compare(a[i], b[i]); c != 0 {
			return c
		}
	}
	return len(a) - len(b)
}

// partitionSpec renders a partition as in DDL: (year='2024', month='01').
func partitionSpec(keys []Column, vals []string) string {
	var b strings.Builder
	b.WriteByte('(')
	for i, v := range vals {
		if i > 0 {
			b.WriteString(", ")
		}
		if i < len(keys) {
			b.WriteString(keys[i].Name)
			b.WriteByte('=')
		}
		b.WriteString(quoteLiteral(v))
	}
	b.WriteByte(')')
	return b.String()
}

// partitionedTable reads db.table inside tx and checks it can hold
// partitions.
func (c *Catalog) partitionedTable(ctx context.Context, q queryer, db, table string) (*Table, error) {
	db, err := normName("database", db)
	if err != nil {
		return nil, err
	}
	if table, err = normName("table", table); err != nil {
		return nil, err
	}
	t, err := c.tableInTx(ctx, q, db, table)
	if err != nil {
		return nil, err
	}
	if t.Kind == VirtualView {
		return nil, errorf(ErrInvalid, "%s is a view and has no partitions", objectName(t.Database, t.Name))
	}
	if len(t.PartitionKeys) == 0 {
		return nil, errorf(ErrInvalid, "table %s is not partitioned", objectName(t.Database, t.Name))
	}
	return t, nil
}

func checkValues(t *Table, vals []string, allowPrefix bool) error {
	obj := objectName(t.Database, t.Name)
	if len(vals) > len(t.PartitionKeys) || (!allowPrefix && len(vals) < len(t.PartitionKeys)) || len(vals) == 0 {
		return errorf(ErrInvalid, "partition %s of table %s has %d values, want %d (partition keys %s)",
			partitionSpec(t.PartitionKeys, vals), obj, len(vals), len(t.PartitionKeys), keyNames(t.PartitionKeys))
	}
	for i, v := range vals {
		if !utf8.ValidString(v) {
			return errorf(ErrInvalid, "value %d of partition %s of table %s is not valid UTF-8",
				i+1, partitionSpec(t.PartitionKeys, vals), obj)
		}
	}
	return nil
}

func keyNames(keys []Column) string {
	names := make([]string, len(keys))
	for i, k := range keys {
		names[i] = k.Name
	}
	return strings.Join(names, ", ")
}

// AddPartitions adds partitions to table db.table, all or nothing: each
// must have one value per partition key. When a partition exists already
// (in the catalog, or earlier in parts) it is skipped with ifNotExists and
// otherwise fails the whole call with an ErrExists error naming its values.
// It returns how many partitions were added.
func (c *Catalog) AddPartitions(ctx context.Context, db, table string, parts []Partition, ifNotExists bool) (added int, err error) {
	err = c.inTx(ctx, func(tx *sql.Tx) error {
		t, err := c.partitionedTable(ctx, tx, db, table)
		if err != nil {
			return err
		}
		for _, p := range parts {
			if err := checkValues(t, p.Values, false); err != nil {
				return err
			}
		}
		if len(parts) == 0 {
			return nil
		}
		obj := objectName(t.Database, t.Name)
		stmt, err := tx.PrepareContext(ctx, `INSERT INTO partitions(db, tbl, vals, location, created)
VALUES (?, ?, ?, ?, ?) ON CONFLICT DO NOTHING`)
		if err != nil {
			return c.wrap(fmt.Sprintf("cannot add partitions to table %s", obj), err)
		}
		defer stmt.Close()
		now := time.Now().UnixNano()
		for _, p := range parts {
			created := now
			if !p.Created.IsZero() {
				created = p.Created.UnixNano()
			}
			res, err := stmt.ExecContext(ctx, t.Database, t.Name, encodeValues(p.Values), p.Location, created)
			if err != nil {
				return c.wrap(fmt.Sprintf("cannot add partition %s to table %s", partitionSpec(t.PartitionKeys, p.Values), obj), err)
			}
			n, err := res.RowsAffected()
			if err != nil {
				return c.wrap(fmt.Sprintf("cannot add partition %s to table %s", partitionSpec(t.PartitionKeys, p.Values), obj), err)
			}
			if n == 0 {
				if !ifNotExists {
					return errorf(ErrExists, "partition %s of table %s already exists", partitionSpec(t.PartitionKeys, p.Values), obj)
				}
				continue
			}
			added++
		}
		return nil
	})
	if err != nil {
		return 0, err
	}
	return added, nil
}

// DropPartitions drops partitions of table db.table, all or nothing. Each
// entry of values is a partition spec in key order; one with fewer values
// than keys drops every partition starting with those values (Hive's partial
// spec, e.g. (year='2023') drops all of 2023). A spec that matches nothing
// is skipped with ifExists and otherwise fails the whole call with an
// ErrNotFound error naming it. It returns how many partitions were dropped.
func (c *Catalog) DropPartitions(ctx context.Context, db, table string, values [][]string, ifExists bool) (dropped int, err error) {
	err = c.inTx(ctx, func(tx *sql.Tx) error {
		t, err := c.partitionedTable(ctx, tx, db, table)
		if err != nil {
			return err
		}
		for _, v := range values {
			if err := checkValues(t, v, true); err != nil {
				return err
			}
		}
		if len(values) == 0 {
			return nil
		}
		obj := objectName(t.Database, t.Name)
		exact, err := tx.PrepareContext(ctx, `DELETE FROM partitions WHERE db = ? AND tbl = ? AND vals = ?`)
		if err != nil {
			return c.wrap(fmt.Sprintf("cannot drop partitions of table %s", obj), err)
		}
		defer exact.Close()
		for _, v := range values {
			var res sql.Result
			if len(v) == len(t.PartitionKeys) {
				res, err = exact.ExecContext(ctx, t.Database, t.Name, encodeValues(v))
			} else {
				lo, hi := prefixRange(v)
				res, err = tx.ExecContext(ctx, `DELETE FROM partitions WHERE db = ? AND tbl = ? AND vals >= ? AND vals < ?`,
					t.Database, t.Name, lo, hi)
			}
			if err != nil {
				return c.wrap(fmt.Sprintf("cannot drop partition %s of table %s", partitionSpec(t.PartitionKeys, v), obj), err)
			}
			n, err := res.RowsAffected()
			if err != nil {
				return c.wrap(fmt.Sprintf("cannot drop partition %s of table %s", partitionSpec(t.PartitionKeys, v), obj), err)
			}
			if n == 0 && !ifExists {
				return errorf(ErrNotFound, "partition %s of table %s not found", partitionSpec(t.PartitionKeys, v), obj)
			}
			dropped += int(n)
		}
		return nil
	})
	if err != nil {
		return 0, err
	}
	return dropped, nil
}

// prefixRange returns the range [lo, hi) of stored value texts that start
// with the values in prefix followed by more values: the encoding of a
// longer list starts with `["a","b",` and ',' + 1 is '-'.
func prefixRange(prefix []string) (lo, hi string) {
	enc := encodeValues(prefix)
	lo = enc[:len(enc)-1] + ","
	hi = enc[:len(enc)-1] + "-"
	return lo, hi
}

// Partitions returns the partitions of table db.table sorted by values
// (element by element, byte-wise). A missing table is ErrNotFound; a view or
// an unpartitioned table has none.
func (c *Catalog) Partitions(ctx context.Context, db, table string) ([]Partition, error) {
	tx, err := c.db.BeginTx(ctx, &sql.TxOptions{ReadOnly: true})
	if err != nil {
		return nil, c.wrap("cannot begin transaction", err)
	}
	defer tx.Rollback()
	if db, err = normName("database", db); err != nil {
		return nil, err
	}
	if table, err = normName("table", table); err != nil {
		return nil, err
	}
	t, err := c.tableInTx(ctx, tx, db, table)
	if err != nil {
		return nil, err
	}
	if len(t.PartitionKeys) == 0 {
		return nil, nil
	}
	obj := objectName(t.Database, t.Name)
	rows, err := tx.QueryContext(ctx, `SELECT vals, location, created FROM partitions WHERE db = ? AND tbl = ?`, t.Database, t.Name)
	if err != nil {
		return nil, c.wrap(fmt.Sprintf("cannot list partitions of table %s", obj), err)
	}
	defer rows.Close()
	var out []Partition
	var vals string
	var created int64
	for rows.Next() {
		var p Partition
		if err := rows.Scan(&vals, &p.Location, &created); err != nil {
			return nil, c.wrap(fmt.Sprintf("cannot list partitions of table %s", obj), err)
		}
		if p.Values, err = decodeValues(vals); err != nil {
			return nil, fmt.Errorf("corrupt partition values %s of table %s in catalog %s: %w", vals, obj, c.path, err)
		}
		p.Created = fromNanos(created)
		out = append(out, p)
	}
	if err := rows.Err(); err != nil {
		return nil, c.wrap(fmt.Sprintf("cannot list partitions of table %s", obj), err)
	}
	slices.SortFunc(out, func(a, b Partition) int { return compareValues(a.Values, b.Values) })
	return out, nil
}

// Partition returns the partition of table db.table with exactly the given
// values; a missing one is ErrNotFound.
func (c *Catalog) Partition(ctx context.Context, db, table string, values []string) (*Partition, error) {
	t, err := c.partitionedTable(ctx, c.db, db, table)
	if err != nil {
		return nil, err
	}
	if err := checkValues(t, values, false); err != nil {
		return nil, err
	}
	obj := objectName(t.Database, t.Name)
	p := Partition{Values: slices.Clone(values)}
	var created int64
	err = c.db.QueryRowContext(ctx, `SELECT location, created FROM partitions WHERE db = ? AND tbl = ? AND vals = ?`,
		t.Database, t.Name, encodeValues(values)).Scan(&p.Location, &created)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, errorf(ErrNotFound, "partition %s of table %s not found", partitionSpec(t.PartitionKeys, values), obj)
	}
	if err != nil {
		return nil, c.wrap(fmt.Sprintf("cannot read partition %s of table %s", partitionSpec(t.PartitionKeys, values), obj), err)
	}
	p.Created = fromNanos(created)
	return &p, nil
}
