package catalog

import (
	"errors"
	"os"
	"path/filepath"
	"reflect"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"
)

func partTable(t *testing.T, c *Catalog) {
	t.Helper()
	tb := Table{Database: "default", Name: "p", Kind: ExternalTable,
		Columns:       []Column{{Name: "eventname", Type: "string"}},
		PartitionKeys: []Column{{Name: "region", Type: "string"}, {Name: "dt", Type: "string"}}}
	if err := c.CreateTable(ctx, tb, false); err != nil {
		t.Fatal(err)
	}
}

func valuesOf(ps []Partition) []string {
	var out []string
	for _, p := range ps {
		out = append(out, strings.Join(p.Values, "/"))
	}
	return out
}

func TestAddPartitions(t *testing.T) {
	c, _ := openTemp(t)
	partTable(t, c)
	created := time.Date(2023, 7, 10, 11, 45, 0, 0, time.UTC)
	n, err := c.AddPartitions(ctx, "DEFAULT", "P", []Partition{
		{Values: []string{"us-east-1", "2023/07/10"}, Location: "s3://b/us-east-1/2023/07/10/", Created: created},
		{Values: []string{"eu-west-1", "2023/07/10"}, Location: "s3://b/eu-west-1/2023/07/10/"},
	}, false)
	if err != nil || n != 2 {
		t.Fatalf("AddPartitions = %d, %v", n, err)
	}
	p, err := c.Partition(ctx, "default", "p", []string{"us-east-1", "2023/07/10"})
	if err != nil {
		t.Fatal(err)
	}
	if p.Location != "s3://b/us-east-1/2023/07/10/" || !p.Created.Equal(created) {
		t.Fatalf("Partition() = %+v", p)
	}
	_, err = c.Partition(ctx, "default", "p", []string{"us-east-1", "2023/07/11"})
	mustErr(t, err, ErrNotFound, `partition (region='us-east-1', dt='2023/07/11') of table "default"."p" not found`)

	// An existing one without IF NOT EXISTS fails the whole call.
	_, err = c.AddPartitions(ctx, "default", "p", []Partition{
		{Values: []string{"ap-south-1", "2023/07/10"}},
		{Values: []string{"eu-west-1", "2023/07/10"}, Location: "s3://other/"},
	}, false)
	mustErr(t, err, ErrExists, `partition (region='eu-west-1', dt='2023/07/10') of table "default"."p" already exists`)
	ps, _ := c.Partitions(ctx, "default", "p")
	if len(ps) != 2 {
		t.Fatalf("failed AddPartitions left %d partitions, want 2: %v", len(ps), valuesOf(ps))
	}
	// Duplicates inside one call are detected too.
	_, err = c.AddPartitions(ctx, "default", "p", []Partition{
		{Values: []string{"ap-south-1", "x"}}, {Values: []string{"ap-south-1", "x"}},
	}, false)
	mustErr(t, err, ErrExists, `partition (region='ap-south-1', dt='x') of table "default"."p" already exists`)

	// IF NOT EXISTS skips existing ones and keeps their location.
	n, err = c.AddPartitions(ctx, "default", "p", []Partition{
		{Values: []string{"ap-south-1", "2023/07/10"}},
		{Values: []string{"eu-west-1", "2023/07/10"}, Location: "s3://other/"},
		{Values: []string{"ap-south-1", "2023/07/10"}},
	}, true)
	if err != nil || n != 1 {
		t.Fatalf("IF NOT EXISTS: added %d, %v; want 1", n, err)
	}
	if p, _ := c.Partition(ctx, "default", "p", []string{"eu-west-1", "2023/07/10"}); p.Location != "s3://b/eu-west-1/2023/07/10/" {
		t.Fatalf("IF NOT EXISTS overwrote location: %q", p.Location)
	}
	if n, err := c.AddPartitions(ctx, "default", "p", nil, false); err != nil || n != 0 {
		t.Fatalf("empty AddPartitions = %d, %v", n, err)
	}

	// wrong number of values, views, unpartitioned and missing tables
	_, err = c.AddPartitions(ctx, "default", "p", []Partition{{Values: []string{"x"}}}, true)
	mustErr(t, err, ErrInvalid, `partition (region='x') of table "default"."p" has 1 values, want 2 (partition keys region, dt)`)
	_, err = c.AddPartitions(ctx, "default", "p", []Partition{{Values: []string{"a", "b", "c"}}}, true)
	mustErr(t, err, ErrInvalid, "")
	_, err = c.AddPartitions(ctx, "default", "p", []Partition{{Values: []string{"a", "\xff"}}}, true)
	mustErr(t, err, ErrInvalid, "")
	if err := c.CreateTable(ctx, view("default", "v", "SELECT 1"), false); err != nil {
		t.Fatal(err)
	}
	_, err = c.AddPartitions(ctx, "default", "v", []Partition{{Values: []string{"a"}}}, false)
	mustErr(t, err, ErrInvalid, `"default"."v" is a view and has no partitions`)
	flat := cloudTrailTable("default", "flat")
	flat.PartitionKeys = nil
	if err := c.CreateTable(ctx, flat, false); err != nil {
		t.Fatal(err)
	}
	_, err = c.AddPartitions(ctx, "default", "flat", []Partition{{Values: []string{"a"}}}, false)
	mustErr(t, err, ErrInvalid, `table "default"."flat" is not partitioned`)
	_, err = c.AddPartitions(ctx, "default", "nope", []Partition{{Values: []string{"a"}}}, false)
	mustErr(t, err, ErrNotFound, `table "default"."nope" not found`)
	_, err = c.AddPartitions(ctx, "nodb", "nope", []Partition{{Values: []string{"a"}}}, true)
	mustErr(t, err, ErrNotFound, `database "nodb" not found`)

	// listing views, unpartitioned and missing tables
	if ps, err := c.Partitions(ctx, "default", "flat"); err != nil || ps != nil {
		t.Fatalf("Partitions(flat) = %v, %v", ps, err)
	}
	if ps, err := c.Partitions(ctx, "default", "v"); err != nil || ps != nil {
		t.Fatalf("Partitions(view) = %v, %v", ps, err)
	}
	_, err = c.Partitions(ctx, "default", "nope")
	mustErr(t, err, ErrNotFound, `table "default"."nope" not found`)
	_, err = c.Partitions(ctx, "default", "")
	mustErr(t, err, ErrInvalid, "table name is empty")
}

func TestPartitionValuesAndOrder(t *testing.T) {
	c, _ := openTemp(t)
	partTable(t, c)
	vals := [][]string{
		{"a b", "1"}, {"a", "z"}, {"ab", "0"}, {"a", "\""}, {"a", `\`}, {"a", "é"}, {"a", "<&>"},
		{"", ""}, {"a\"b", "c,d"}, {"a", "\u2028"}, {"a", "\x01"}, {"a", "[]"}, {"a", "1"}, {"a", "10"}, {"a", "9"},
	}
	var parts []Partition
	for _, v := range vals {
		parts = append(parts, Partition{Values: v})
	}
	if n, err := c.AddPartitions(ctx, "default", "p", parts, false); err != nil || n != len(vals) {
		t.Fatalf("AddPartitions = %d, %v", n, err)
	}
	ps, err := c.Partitions(ctx, "default", "p")
	if err != nil {
		t.Fatal(err)
	}
	var got [][]string
	for _, p := range ps {
		got = append(got, p.Values)
	}
	want := slices.Clone(vals)
	slices.SortFunc(want, func(a, b []string) int {
		if c := strings.Compare(a[0], b[0]); c != 0 {
			return c
		}
		return strings.Compare(a[1], b[1])
	})
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("Partitions order/values\n got %q\nwant %q", got, want)
	}
	// "a" sorts before "a b" (element-wise, not by the stored JSON text).
	if got[1][0] != "a" || got[len(got)-3][0] != "a b" {
		t.Fatalf("element-wise order broken: %q", got)
	}
	for _, v := range vals {
		if _, err := c.Partition(ctx, "default", "p", v); err != nil {
			t.Errorf("Partition(%q): %v", v, err)
		}
	}
}

func TestDecodeValues(t *testing.T) {
	for _, v := range [][]string{{}, {""}, {"", ""}, {"a"}, {"a", "b", "c"}, {"\"", ","}, {`\`}, {"]", "["}, {"\x00"}} {
		enc := encodeValues(v)
		dec, err := decodeValues(enc)
		if err != nil || !reflect.DeepEqual(dec, v) {
			t.Errorf("decode(encode(%q)) = %q via %s, %v", v, dec, enc, err)
		}
	}
	if enc := encodeValues([]string{"<&>"}); enc != `["<&>"]` {
		t.Errorf("encodeValues escapes HTML: %s", enc)
	}
	for _, bad := range []string{`["a",]`, `["a"`, `[a]`, `["a"x]`, ``} {
		if v, err := decodeValues(bad); err == nil {
			t.Errorf("decodeValues(%s) = %q, want an error", bad, v)
		}
	}
}

func TestDropPartitions(t *testing.T) {
	c, _ := openTemp(t)
	partTable(t, c)
	var parts []Partition
	for _, r := range []string{"eu-west-1", "us-east-1", "us-east-10"} {
		for _, d := range []string{"2023/07/09", "2023/07/10", "2023/07/11"} {
			parts = append(parts, Partition{Values: []string{r, d}})
		}
	}
	if _, err := c.AddPartitions(ctx, "default", "p", parts, false); err != nil {
		t.Fatal(err)
	}
	n, err := c.DropPartitions(ctx, "default", "P", [][]string{{"eu-west-1", "2023/07/09"}, {"eu-west-1", "2023/07/10"}}, false)
	if err != nil || n != 2 {
		t.Fatalf("DropPartitions = %d, %v", n, err)
	}
	// A missing one without IF EXISTS fails the whole call.
	_, err = c.DropPartitions(ctx, "default", "p", [][]string{{"eu-west-1", "2023/07/11"}, {"eu-west-1", "2023/07/09"}}, false)
	mustErr(t, err, ErrNotFound, `partition (region='eu-west-1', dt='2023/07/09') of table "default"."p" not found`)
	if _, err := c.Partition(ctx, "default", "p", []string{"eu-west-1", "2023/07/11"}); err != nil {
		t.Fatalf("failed DropPartitions dropped a partition: %v", err)
	}
	n, err = c.DropPartitions(ctx, "default", "p", [][]string{{"eu-west-1", "2023/07/11"}, {"eu-west-1", "2023/07/09"}}, true)
	if err != nil || n != 1 {
		t.Fatalf("IF EXISTS: dropped %d, %v; want 1", n, err)
	}
	// A partial spec drops every partition with that prefix, and only those
	// ("us-east-1" must not match "us-east-10").
	n, err = c.DropPartitions(ctx, "default", "p", [][]string{{"us-east-1"}}, false)
	if err != nil || n != 3 {
		t.Fatalf("partial spec: dropped %d, %v; want 3", n, err)
	}
	ps, _ := c.Partitions(ctx, "default", "p")
	if got := strings.Join(valuesOf(ps), " "); got != "us-east-10/2023/07/09 us-east-10/2023/07/10 us-east-10/2023/07/11" {
		t.Fatalf("left after partial drop: %s", got)
	}
	_, err = c.DropPartitions(ctx, "default", "p", [][]string{{"us-east-1"}}, false)
	mustErr(t, err, ErrNotFound, `partition (region='us-east-1') of table "default"."p" not found`)
	_, err = c.DropPartitions(ctx, "default", "p", [][]string{{}}, true)
	mustErr(t, err, ErrInvalid, "")
	_, err = c.DropPartitions(ctx, "default", "p", [][]string{{"a", "b", "c"}}, true)
	mustErr(t, err, ErrInvalid, "")
	_, err = c.DropPartitions(ctx, "default", "nope", [][]string{{"a"}}, true)
	mustErr(t, err, ErrNotFound, `table "default"."nope" not found`)
	if n, err := c.DropPartitions(ctx, "default", "p", nil, false); err != nil || n != 0 {
		t.Fatalf("empty DropPartitions = %d, %v", n, err)
	}
}

// TestRealDeliveryPartitions registers the partitions of the real CloudTrail
// delivery in shared/realdata the way a partition scan would: one
// (account, region, year, month, day) per log file, IF NOT EXISTS.
func TestRealDeliveryPartitions(t *testing.T) {
	dir := filepath.Join("..", "..", "..", "shared", "realdata", "invictus-ir_aws_dataset", "CloudTrail")
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Skipf("real data not available: %v", err)
	}
	re := regexp.MustCompile(`^(\d{12})_CloudTrail_([a-z0-9-]+)_(\d{4})(\d{2})(\d{2})T\d{4}Z_\w+\.json$`)
	c, _ := openTemp(t)
	if err := c.CreateTable(ctx, cloudTrailTable("default", "cloudtrail_logs"), false); err != nil {
		t.Fatal(err)
	}
	var parts []Partition
	for _, e := range entries {
		m := re.FindStringSubmatch(e.Name())
		if m == nil {
			continue
		}
		parts = append(parts, Partition{Values: m[1:6],
			Location: "s3://bucket/AWSLogs/" + m[1] + "/CloudTrail/" + m[2] + "/" + m[3] + "/" + m[4] + "/" + m[5] + "/"})
	}
	if len(parts) != 55 {
		t.Fatalf("found %d log files, want 55", len(parts))
	}
	n, err := c.AddPartitions(ctx, "default", "cloudtrail_logs", parts, true)
	if err != nil || n != 1 {
		t.Fatalf("AddPartitions = %d, %v; want 1 partition for the one delivery day", n, err)
	}
	ps, err := c.Partitions(ctx, "default", "cloudtrail_logs")
	if err != nil || len(ps) != 1 || strings.Join(ps[0].Values, "/") != "218007301253/us-east-1/2023/07/10" {
		t.Fatalf("Partitions = %+v, %v", ps, err)
	}
	_, err = c.AddPartitions(ctx, "default", "cloudtrail_logs", parts[:1], false)
	if !errors.Is(err, ErrExists) || !strings.Contains(err.Error(), "(account='218007301253', region='us-east-1', year='2023', month='07', day='10')") {
		t.Fatalf("re-adding: %v", err)
	}
}
