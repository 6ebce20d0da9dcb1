package partition

import (
	"errors"
	"reflect"
	"strings"
	"testing"
	"time"

	"trawl/internal/sqlerr"
	"trawl/internal/types"
)

// now is the fixed clock of the tests: 2025-03-15T13:45:30.250Z.
var now = time.Date(2025, 3, 15, 13, 45, 30, 250e6, time.UTC)

var varchar = types.VarcharType

// seedProps are the table properties of the seed CloudTrail table.
func seedProps() map[string]string {
	return map[string]string{
		"projection.enabled":                 "true",
		"projection.timestamp.format":        "yyyy/MM/dd",
		"projection.timestamp.interval":      "1",
		"projection.timestamp.interval.unit": "DAYS",
		"projection.timestamp.range":         "2020/01/01,NOW",
		"projection.timestamp.type":          "date",
		"storage.location.template":          "s3://example-bucket/AWSLogs/123456789012/CloudTrail/us-east-1/${timestamp}",
	}
}

func props(kv ...string) map[string]string {
	m := map[string]string{"projection.enabled": "true"}
	for i := 0; i+1 < len(kv); i += 2 {
		m[kv[i]] = kv[i+1]
	}
	return m
}

func mustParse(t *testing.T, p map[string]string, cols []Column, location string) *Projection {
	t.Helper()
	pr, err := Parse(p, cols, location, now)
	if err != nil {
		t.Fatalf("Parse: %v", err)
	}
	if pr == nil {
		t.Fatal("Parse returned nil projection")
	}
	return pr
}

func mustValues(t *testing.T, p *Projection, i int, h Hint) []string {
	t.Helper()
	v, err := p.Values(i, h)
	if err != nil {
		t.Fatalf("Values(%d, %+v): %v", i, h, err)
	}
	return v
}

func TestSeedTable(t *testing.T) {
	p := mustParse(t, seedProps(), []Column{{"timestamp", varchar}}, "s3://example-bucket/AWSLogs/123456789012/CloudTrail/us-east-1/")

	// timestamp > '2025/01/01' AND timestamp <= '2025/01/07'
	got := mustValues(t, p, 0, Hint{Lo: "2025/01/01", Hi: "2025/01/07", HiInclusive: true})
	want := []string{"2025/01/02", "2025/01/03", "2025/01/04", "2025/01/05", "2025/01/06", "2025/01/07"}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("narrowed values = %v, want %v", got, want)
	}

	// BETWEEN is inclusive on both ends.
	got = mustValues(t, p, 0, Hint{Lo: "2025/01/01", LoInclusive: true, Hi: "2025/01/03", HiInclusive: true})
	if want := []string{"2025/01/01", "2025/01/02", "2025/01/03"}; !reflect.DeepEqual(got, want) {
		t.Errorf("BETWEEN values = %v, want %v", got, want)
	}

	// No hint: every day from 2020/01/01 to today (NOW truncated to the day).
	all := mustValues(t, p, 0, Hint{})
	if len(all) != 1901 || all[0] != "2020/01/01" || all[len(all)-1] != "2025/03/15" {
		t.Errorf("all values: %d from %s to %s, want 1901 from 2020/01/01 to 2025/03/15", len(all), all[0], all[len(all)-1])
	}
	for i := 1; i < len(all); i++ {
		if all[i-1] >= all[i] {
			t.Fatalf("values not ascending at %d: %s, %s", i, all[i-1], all[i])
		}
	}

	// A bound that is not a date in the format still narrows by string order.
	got = mustValues(t, p, 0, Hint{Lo: "2025/03/1", LoInclusive: true})
	if want := []string{"2025/03/10", "2025/03/11", "2025/03/12", "2025/03/13", "2025/03/14", "2025/03/15"}; !reflect.DeepEqual(got, want) {
		t.Errorf("prefix bound values = %v, want %v", got, want)
	}

	// Out of range queries return no partitions and no error, as in Athena.
	if got := mustValues(t, p, 0, Hint{In: []any{"2019/02/02"}}); len(got) != 0 {
		t.Errorf("out of range IN = %v, want none", got)
	}
	if got := mustValues(t, p, 0, Hint{Hi: "2019/12/31", HiInclusive: true}); len(got) != 0 {
		t.Errorf("out of range bound = %v, want none", got)
	}
	if got := mustValues(t, p, 0, Hint{Lo: "2025/01/07", Hi: "2025/01/07"}); len(got) != 0 {
		t.Errorf("empty range = %v, want none", got)
	}

	// IN keeps only projected values, sorted and distinct.
	got = mustValues(t, p, 0, Hint{In: []any{"2024/02/29", "2023/02/29", "2020/01/01", "2024/02/29", "2024/2/29", "2026/01/01"}})
	if want := []string{"2020/01/01", "2024/02/29"}; !reflect.DeepEqual(got, want) {
		t.Errorf("IN values = %v, want %v", got, want)
	}
	// IN and bounds together.
	got = mustValues(t, p, 0, Hint{In: []any{"2024/02/29", "2020/01/01"}, Lo: "2021/01/01"})
	if want := []string{"2024/02/29"}; !reflect.DeepEqual(got, want) {
		t.Errorf("IN with bound = %v, want %v", got, want)
	}

	if loc := p.Location([]string{"2025/01/07"}); loc != "s3://example-bucket/AWSLogs/123456789012/CloudTrail/us-east-1/2025/01/07" {
		t.Errorf("Location = %q", loc)
	}
	if v, err := p.Typed(0, "2025/01/07"); err != nil || v != "2025/01/07" {
		t.Errorf("Typed = %v, %v", v, err)
	}
	if p.Type(0) != TypeDate || p.Columns()[0].Name != "timestamp" {
		t.Errorf("Type/Columns = %s, %v", p.Type(0), p.Columns())
	}
}

// The AWS docs' CloudTrail table for an organization trail: account and
// region enumerated (or account injected), timestamp a date.
func TestCloudTrailMultiColumn(t *testing.T) {
	cols := []Column{{"account", varchar}, {"region", varchar}, {"timestamp", varchar}}
	base := map[string]string{
		"projection.enabled":                 "true",
		"projection.account.type":            "enum",
		"projection.account.values":          "111122223333,444455556666",
		"projection.region.type":             "enum",
		"projection.region.values":           "us-east-2,us-east-1,eu-west-1",
		"projection.timestamp.format":        "yyyy/MM/dd",
		"projection.timestamp.interval":      "1",
		"projection.timestamp.interval.unit": "DAYS",
		"projection.timestamp.range":         "2020/01/01,NOW",
		"projection.timestamp.type":          "date",
		"storage.location.template":          "s3://bucket/AWSLogs/${account}/CloudTrail/${region}/${timestamp}",
	}
	p := mustParse(t, base, cols, "s3://bucket/AWSLogs/")

	if got := mustValues(t, p, 1, Hint{}); !reflect.DeepEqual(got, []string{"eu-west-1", "us-east-1", "us-east-2"}) {
		t.Errorf("region values = %v", got)
	}
	if got := mustValues(t, p, 1, Hint{In: []any{"us-east-1", "ap-south-1"}}); !reflect.DeepEqual(got, []string{"us-east-1"}) {
		t.Errorf("region IN = %v", got)
	}
	if got := mustValues(t, p, 1, Hint{Lo: "us-east-1", LoInclusive: true}); !reflect.DeepEqual(got, []string{"us-east-1", "us-east-2"}) {
		t.Errorf("region >= = %v", got)
	}

	parts, err := p.Partitions([]Hint{{}, {In: []any{"us-east-1"}}, {Lo: "2025/03/13", LoInclusive: true}})
	if err != nil {
		t.Fatal(err)
	}
	want := [][]string{
		{"111122223333", "us-east-1", "2025/03/13"},
		{"111122223333", "us-east-1", "2025/03/14"},
		{"111122223333", "us-east-1", "2025/03/15"},
		{"444455556666", "us-east-1", "2025/03/13"},
		{"444455556666", "us-east-1", "2025/03/14"},
		{"444455556666", "us-east-1", "2025/03/15"},
	}
	if !reflect.DeepEqual(parts, want) {
		t.Errorf("Partitions = %v, want %v", parts, want)
	}
	if loc := p.Location(parts[4]); loc != "s3://bucket/AWSLogs/444455556666/CloudTrail/us-east-1/2025/03/14" {
		t.Errorf("Location = %q", loc)
	}
	if parts, err := p.Partitions([]Hint{{}, {In: []any{}}}); err != nil || len(parts) != 0 {
		t.Errorf("contradictory hint: %v, %v", parts, err)
	}

	// The same table with the account injected.
	inj := map[string]string{}
	for k, v := range base {
		inj[k] = v
	}
	delete(inj, "projection.account.values")
	inj["projection.account.type"] = "injected"
	p = mustParse(t, inj, cols, "s3://bucket/AWSLogs/")
	_, err = p.Partitions(nil)
	if !errors.Is(err, sqlerr.ConstraintViolation) || !strings.Contains(err.Error(), "for the injected projected partition column account, the WHERE clause must contain only static equality conditions, and at least one such condition must be present") {
		t.Errorf("injected without predicate: %v", err)
	}
	_, err = p.Values(0, Hint{Lo: "1"})
	if !errors.Is(err, sqlerr.ConstraintViolation) {
		t.Errorf("injected with a range only: %v", err)
	}
	parts, err = p.Partitions([]Hint{{In: []any{"999988887777", "111122223333", "999988887777"}}, {In: []any{"eu-west-1"}}, {In: []any{"2024/12/31"}}})
	if err != nil {
		t.Fatal(err)
	}
	want = [][]string{{"111122223333", "eu-west-1", "2024/12/31"}, {"999988887777", "eu-west-1", "2024/12/31"}}
	if !reflect.DeepEqual(parts, want) {
		t.Errorf("injected Partitions = %v, want %v", parts, want)
	}
	if loc := p.Location(parts[1]); loc != "s3://bucket/AWSLogs/999988887777/CloudTrail/eu-west-1/2024/12/31" {
		t.Errorf("injected Location = %q", loc)
	}
}

func TestDateProjection(t *testing.T) {
	ts := func(kv ...string) map[string]string {
		return props(append([]string{"projection.dt.type", "date"}, kv...)...)
	}
	cols := []Column{{"dt", varchar}}
	tests := []struct {
		name  string
		props map[string]string
		hint  Hint
		n     int      // expected number of values (-1: check want only)
		want  []string // expected values, or the first and last when n >= 0
	}{
		{"interval 2 days", ts("projection.dt.format", "yyyy-MM-dd", "projection.dt.range", "2020-01-01,2020-01-10", "projection.dt.interval", "2", "projection.dt.interval.unit", "DAYS"),
			Hint{}, -1, []string{"2020-01-01", "2020-01-03", "2020-01-05", "2020-01-07", "2020-01-09"}},
		{"default interval for a day format", ts("projection.dt.format", "yyyyMMdd", "projection.dt.range", "20200227,20200302"),
			Hint{}, -1, []string{"20200227", "20200228", "20200229", "20200301", "20200302"}},
		{"months by default for a month format", ts("projection.dt.format", "yyyy-MM", "projection.dt.range", "2017-01,2018-12"),
			Hint{}, 24, []string{"2017-01", "2018-12"}},
		{"two months", ts("projection.dt.format", "yyyy-MM", "projection.dt.range", "2017-01,2018-12", "projection.dt.interval", "2", "projection.dt.interval.unit", "MONTHS"),
			Hint{}, 12, []string{"2017-01", "2018-11"}},
		{"months from the 31st clamp like java.time", ts("projection.dt.format", "yyyy/MM/dd", "projection.dt.range", "2020/01/31,2020/04/30", "projection.dt.interval.unit", "months"),
			Hint{}, -1, []string{"2020/01/31", "2020/02/29", "2020/03/29", "2020/04/29"}},
		{"years", ts("projection.dt.format", "yyyy", "projection.dt.range", "2015,NOW", "projection.dt.interval", "1", "projection.dt.interval.unit", "YEARS"),
			Hint{}, 11, []string{"2015", "2025"}},
		{"weeks", ts("projection.dt.format", "yyyy-MM-dd", "projection.dt.range", "2025-01-06,NOW", "projection.dt.interval", "1", "projection.dt.interval.unit", "WEEKS"),
			Hint{}, -1, []string{"2025-01-06", "2025-01-13", "2025-01-20", "2025-01-27", "2025-02-03", "2025-02-10", "2025-02-17", "2025-02-24", "2025-03-03", "2025-03-10"}},
		{"hourly NOW-3YEARS,NOW", ts("projection.dt.format", "yyyy/MM/dd/HH", "projection.dt.range", "NOW-3YEARS,NOW", "projection.dt.interval", "1", "projection.dt.interval.unit", "HOURS"),
			Hint{}, 26305, []string{"2022/03/15/13", "2025/03/15/13"}},
		{"hourly narrowed", ts("projection.dt.format", "yyyy/MM/dd/HH", "projection.dt.range", "NOW-3YEARS,NOW", "projection.dt.interval", "1", "projection.dt.interval.unit", "HOURS"),
			Hint{Lo: "2025/03/01/22", LoInclusive: true, Hi: "2025/03/02/01", HiInclusive: true}, -1, []string{"2025/03/01/22", "2025/03/01/23", "2025/03/02/00", "2025/03/02/01"}},
		{"hourly narrowed by a day prefix", ts("projection.dt.format", "yyyy/MM/dd/HH", "projection.dt.range", "2020/01/01/00,NOW", "projection.dt.interval", "1", "projection.dt.interval.unit", "HOURS"),
			Hint{Lo: "2025/03/15", Hi: "2025/03/16"}, 14, []string{"2025/03/15/00", "2025/03/15/13"}},
		{"every 6 hours", ts("projection.dt.format", "yyyy-MM-dd-HH", "projection.dt.range", "2025-01-01-00,2025-01-02-00", "projection.dt.interval", "6", "projection.dt.interval.unit", "HOURS"),
			Hint{}, -1, []string{"2025-01-01-00", "2025-01-01-06", "2025-01-01-12", "2025-01-01-18", "2025-01-02-00"}},
		{"minutes with literal text", ts("projection.dt.format", "'dt='yyyy-MM-dd'T'HH:mm", "projection.dt.range", "NOW-10MINUTES,NOW", "projection.dt.interval", "5", "projection.dt.interval.unit", "MINUTES"),
			Hint{}, -1, []string{"dt=2025-03-15T13:35", "dt=2025-03-15T13:40", "dt=2025-03-15T13:45"}},
		{"seconds", ts("projection.dt.format", "yyyyMMddHHmmss", "projection.dt.range", "NOW-2SECONDS,NOW", "projection.dt.interval", "1", "projection.dt.interval.unit", "SECONDS"),
			Hint{}, -1, []string{"20250315134528", "20250315134529", "20250315134530"}},
		{"milliseconds", ts("projection.dt.format", "yyyy-MM-dd HH:mm:ss.SSS", "projection.dt.range", "2025-01-01 00:00:00.000,2025-01-01 00:00:00.010", "projection.dt.interval", "5", "projection.dt.interval.unit", "MILLISECONDS"),
			Hint{}, -1, []string{"2025-01-01 00:00:00.000", "2025-01-01 00:00:00.005", "2025-01-01 00:00:00.010"}},
		{"NOW+1MONTH end", ts("projection.dt.format", "yyyyMM", "projection.dt.range", "202501,NOW+1MONTH"),
			Hint{}, -1, []string{"202501", "202502", "202503", "202504"}},
		{"relative start with spaces and singular unit", ts("projection.dt.format", "yyyy-MM-dd", "projection.dt.range", " NOW - 2 DAY , NOW"),
			Hint{}, -1, []string{"2025-03-13", "2025-03-14", "2025-03-15"}},
		{"NOW-1WEEK", ts("projection.dt.format", "yyyy-MM-dd", "projection.dt.range", "NOW-1WEEK,NOW-6DAYS"),
			Hint{}, -1, []string{"2025-03-08", "2025-03-09"}},
		{"year-first order-preserving narrowing with IN", ts("projection.dt.format", "yyyy-MM-dd", "projection.dt.range", "2020-01-01,NOW"),
			Hint{In: []any{"2022-06-01", "2022-6-1", "2020-01-01"}}, -1, []string{"2020-01-01", "2022-06-01"}},
		// dd-MM-yyyy does not sort chronologically: bounds compare strings.
		{"day-first format filters by string order", ts("projection.dt.format", "dd-MM-yyyy", "projection.dt.range", "28-12-2019,03-01-2020"),
			Hint{Lo: "29-12-2019", LoInclusive: true}, -1, []string{"29-12-2019", "30-12-2019", "31-12-2019"}},
		{"day-first format IN", ts("projection.dt.format", "dd-MM-yyyy", "projection.dt.range", "28-12-2019,03-01-2020"),
			Hint{In: []any{"02-01-2020", "2-01-2020", "27-12-2019", "31-12-2019"}}, -1, []string{"02-01-2020", "31-12-2019"}},
		{"day-first format all", ts("projection.dt.format", "dd-MM-yyyy", "projection.dt.range", "30-12-2019,02-01-2020"),
			Hint{}, -1, []string{"01-01-2020", "02-01-2020", "30-12-2019", "31-12-2019"}},
		{"format coarser than the interval", ts("projection.dt.format", "yyyy-MM-dd", "projection.dt.range", "2025-01-01,2025-01-02", "projection.dt.interval", "6", "projection.dt.interval.unit", "HOURS"),
			Hint{}, -1, []string{"2025-01-01", "2025-01-02"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			p := mustParse(t, tc.props, cols, "s3://b/t")
			got := mustValues(t, p, 0, tc.hint)
			if tc.n < 0 {
				if !reflect.DeepEqual(got, tc.want) {
					t.Errorf("values = %v, want %v", got, tc.want)
				}
				return
			}
			if len(got) != tc.n || got[0] != tc.want[0] || got[len(got)-1] != tc.want[1] {
				t.Errorf("values: %d from %s to %s, want %d from %s to %s", len(got), got[0], got[len(got)-1], tc.n, tc.want[0], tc.want[1])
			}
		})
	}
}

func TestDateProjectionTypedColumns(t *testing.T) {
	day := func(y, m, d int) int64 { return ms(y, m, d, 0, 0, 0, 0) / msPerDay }
	p := mustParse(t, props(
		"projection.d.type", "date", "projection.d.format", "dd/MM/yyyy", "projection.d.range", "25/12/2024,NOW",
		"projection.ts.type", "date", "projection.ts.format", "yyyy/MM/dd/HH", "projection.ts.range", "2025/03/01/00,NOW",
		"projection.ts.interval", "1", "projection.ts.interval.unit", "HOURS",
	), []Column{{"d", types.DateType}, {"ts", types.TimestampType}}, "/data/t/")

	// A date column is narrowed by days even with a day-first format.
	got := mustValues(t, p, 0, Hint{Lo: day(2025, 3, 13), LoInclusive: true})
	if want := []string{"13/03/2025", "14/03/2025", "15/03/2025"}; !reflect.DeepEqual(got, want) {
		t.Errorf("date column values = %v, want %v", got, want)
	}
	got = mustValues(t, p, 0, Hint{In: []any{day(2024, 12, 31), day(2024, 12, 1)}})
	if want := []string{"31/12/2024"}; !reflect.DeepEqual(got, want) {
		t.Errorf("date column IN = %v, want %v", got, want)
	}
	if v, err := p.Typed(0, "31/12/2024"); err != nil || v != day(2024, 12, 31) {
		t.Errorf("Typed date = %v, %v", v, err)
	}
	if _, err := p.Typed(0, "2024-12-31"); !errors.Is(err, sqlerr.InvalidPartitionValue) || !strings.Contains(err.Error(), "partition key: d") {
		t.Errorf("Typed bad date: %v", err)
	}

	// A timestamp column is narrowed by microseconds.
	us := func(y, m, d, h int) int64 { return ms(y, m, d, h, 0, 0, 0) * 1000 }
	got = mustValues(t, p, 1, Hint{Lo: us(2025, 3, 15, 10) + 1, Hi: us(2025, 3, 15, 12), HiInclusive: true})
	if want := []string{"2025/03/15/11", "2025/03/15/12"}; !reflect.DeepEqual(got, want) {
		t.Errorf("timestamp column values = %v, want %v", got, want)
	}
	if v, err := p.Typed(1, "2025/03/15/11"); err != nil || v != us(2025, 3, 15, 11) {
		t.Errorf("Typed timestamp = %v, %v", v, err)
	}
	// The default layout for the partition.
	if loc := p.Location([]string{"15/03/2025", "2025/03/15/11"}); loc != "/data/t/d=15%2F03%2F2025/ts=2025%2F03%2F15%2F11/" {
		t.Errorf("Location = %q", loc)
	}
}

func TestIntegerProjection(t *testing.T) {
	tests := []struct {
		name  string
		typ   *types.Type
		props []string
		hint  Hint
		want  []string
	}{
		{"range", varchar, []string{"projection.n.range", "1,3"}, Hint{}, []string{"1", "2", "3"}},
		{"interval", varchar, []string{"projection.n.range", "1,3", "projection.n.interval", " 2 "}, Hint{}, []string{"1", "3"}},
		{"digits", varchar, []string{"projection.n.range", "1,3", "projection.n.digits", "2"}, Hint{}, []string{"01", "02", "03"}},
		{"negative with digits", varchar, []string{"projection.n.range", "-1,2", "projection.n.digits", "2"}, Hint{}, []string{"-1", "00", "01", "02"}},
		{"leading zeros in range, no digits", varchar, []string{"projection.n.range", " 0008 , 0011 "}, Hint{}, []string{"10", "11", "8", "9"}},
		{"digits narrowed by string bounds", varchar, []string{"projection.n.range", "0,9999", "projection.n.digits", "4"},
			Hint{Lo: "0100", Hi: "0103", HiInclusive: true}, []string{"0101", "0102", "0103"}},
		{"varying width filtered exactly", varchar, []string{"projection.n.range", "1,100"},
			Hint{Lo: "5", LoInclusive: true, Hi: "6", HiInclusive: true}, []string{"5", "50", "51", "52", "53", "54", "55", "56", "57", "58", "59", "6"}},
		{"varchar IN", varchar, []string{"projection.n.range", "1,100", "projection.n.interval", "2"},
			Hint{In: []any{"05", "5", "7", "8", "101"}}, []string{"5", "7"}},
		{"integer column bounds", types.IntegerType, []string{"projection.n.range", "0,100"},
			Hint{Lo: int64(5), LoInclusive: true, Hi: int64(8)}, []string{"5", "6", "7"}},
		{"integer column IN with digits", types.BigIntType, []string{"projection.n.range", "0,1000000000", "projection.n.digits", "3", "projection.n.interval", "5"},
			Hint{In: []any{int64(5), int64(7), int64(1000000000), int64(-5)}}, []string{"005", "1000000000"}},
		{"huge range narrowed", types.BigIntType, []string{"projection.n.range", "-9223372036854775808,9223372036854775807"},
			Hint{Lo: int64(9223372036854775805)}, []string{"9223372036854775806", "9223372036854775807"}},
		{"tinyint", types.TinyIntType, []string{"projection.n.range", "125,127"}, Hint{}, []string{"125", "126", "127"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			p := mustParse(t, props(append([]string{"projection.n.type", "integer"}, tc.props...)...), []Column{{"n", tc.typ}}, "s3://b/t/")
			got := mustValues(t, p, 0, tc.hint)
			if !reflect.DeepEqual(got, tc.want) {
				t.Errorf("values = %v, want %v", got, tc.want)
			}
			for _, v := range got {
				tv, err := p.Typed(0, v)
				if err != nil {
					t.Errorf("Typed(%q): %v", v, err)
				}
				if !matches(tv, tc.hint) {
					t.Errorf("value %q (%v) does not satisfy the hint", v, tv)
				}
			}
		})
	}
}

func TestEnumProjection(t *testing.T) {
	p := mustParse(t, props(
		"projection.r.type", " ENUM ", "projection.r.values", "us-west-2,us-east-1, eu-west-1,us-east-1",
		"projection.n.type", "enum", "projection.n.values", "10,9,100",
	), []Column{{"r", varchar}, {"n", types.IntegerType}}, "s3://b/t")
	if got := mustValues(t, p, 0, Hint{}); !reflect.DeepEqual(got, []string{" eu-west-1", "us-east-1", "us-west-2"}) {
		t.Errorf("enum values = %q", got)
	}
	if got := mustValues(t, p, 0, Hint{In: []any{"eu-west-1", "us-west-2"}}); !reflect.DeepEqual(got, []string{"us-west-2"}) {
		t.Errorf("enum IN = %q (white space is part of an enum value)", got)
	}
	// Integer enums sort and compare as numbers.
	if got := mustValues(t, p, 1, Hint{}); !reflect.DeepEqual(got, []string{"9", "10", "100"}) {
		t.Errorf("integer enum values = %v", got)
	}
	if got := mustValues(t, p, 1, Hint{Lo: int64(9)}); !reflect.DeepEqual(got, []string{"10", "100"}) {
		t.Errorf("integer enum > 9 = %v", got)
	}
	if loc := p.Location([]string{"us-east-1", "10"}); loc != "s3://b/t/r=us-east-1/n=10/" {
		t.Errorf("Location = %q", loc)
	}
}

func TestInjectedProjection(t *testing.T) {
	p := mustParse(t, props(
		"projection.device_id.type", "injected",
		"storage.location.template", "s3://bucket/prefix/${device_id}/",
	), []Column{{"device_id", types.NewVarchar(8)}}, "s3://bucket/prefix/")
	_, err := p.Values(0, Hint{})
	if !errors.Is(err, sqlerr.ConstraintViolation) || !strings.Contains(err.Error(), "device_id") {
		t.Fatalf("no predicate: %v", err)
	}
	got := mustValues(t, p, 0, Hint{In: []any{"b6319dc2", "a", "b6319dc2", "too-long-value"}})
	if want := []string{"a", "b6319dc2"}; !reflect.DeepEqual(got, want) {
		t.Errorf("values = %v, want %v", got, want)
	}
	got = mustValues(t, p, 0, Hint{In: []any{"a", "c"}, Lo: "b"})
	if want := []string{"c"}; !reflect.DeepEqual(got, want) {
		t.Errorf("values with bound = %v, want %v", got, want)
	}
	if loc := p.Location([]string{"b6319dc2"}); loc != "s3://bucket/prefix/b6319dc2/" {
		t.Errorf("Location = %q", loc)
	}
	if _, err := p.Values(0, Hint{In: []any{int64(1)}}); err == nil {
		t.Error("a hint of the wrong physical type must fail")
	}
}

func TestParseErrors(t *testing.T) {
	vc := []Column{{"dt", varchar}}
	tests := []struct {
		name    string
		props   map[string]string
		cols    []Column
		wantErr string
	}{
		{"missing type", props("projection.other.type", "enum"), []Column{{"a", varchar}, {"b", varchar}},
			"the following partition columns are missing projection configuration: [a, b]"},
		{"bad type", props("projection.dt.type", "string"), vc,
			`invalid value "string" for projection.dt.type: must be one of enum, integer, date, injected`},
		{"not partitioned", props(), nil, "not partitioned"},
		{"enum without values", props("projection.dt.type", "enum"), vc, "missing table property projection.dt.values"},
		{"enum empty value", props("projection.dt.type", "enum", "projection.dt.values", "a,,b"), vc, "value 2 is empty"},
		{"enum value not an integer", props("projection.dt.type", "enum", "projection.dt.values", "1,x"), []Column{{"dt", types.IntegerType}},
			`invalid value "x" for projection.dt.values: invalid partition value "x" for integer partition key: dt`},
		{"integer without range", props("projection.dt.type", "integer"), vc, "missing table property projection.dt.range"},
		{"integer range of one", props("projection.dt.type", "integer", "projection.dt.range", "1"), vc, "must be two comma-separated integers"},
		{"integer range with a hyphen", props("projection.dt.type", "integer", "projection.dt.range", "01-12"), vc, "must be two comma-separated integers"},
		{"integer range not integers", props("projection.dt.type", "integer", "projection.dt.range", "1,x"), vc, `"x" is not an integer`},
		{"integer range reversed", props("projection.dt.type", "integer", "projection.dt.range", "10,1"), vc, "minimum 10 is greater than maximum 1"},
		{"integer interval zero", props("projection.dt.type", "integer", "projection.dt.range", "1,10", "projection.dt.interval", "0"), vc,
			`invalid value "0" for projection.dt.interval: must be a positive integer`},
		{"integer digits not a number", props("projection.dt.type", "integer", "projection.dt.range", "1,10", "projection.dt.digits", "two"), vc,
			`invalid value "two" for projection.dt.digits`},
		{"integer out of column range", props("projection.dt.type", "integer", "projection.dt.range", "0,300"), []Column{{"dt", types.TinyIntType}},
			"300 is out of range for partition column dt of type tinyint"},
		{"integer on a date column", props("projection.dt.type", "integer", "projection.dt.range", "0,3"), []Column{{"dt", types.DateType}},
			"projection type integer is not supported for partition column dt of type date"},
		{"date without format", props("projection.dt.type", "date", "projection.dt.range", "2020,NOW"), vc, "missing table property projection.dt.format"},
		{"date without range", props("projection.dt.type", "date", "projection.dt.format", "yyyy"), vc, "missing table property projection.dt.range"},
		{"date invalid month", props("projection.timestamp.type", "date", "projection.timestamp.format", "yyyy-MM-dd", "projection.timestamp.range", "2020-13-01,NOW"), []Column{{"timestamp", varchar}},
			`invalid value "2020-13-01" for projection.timestamp.range: month 13 is out of range (format "yyyy-MM-dd")`},
		{"date in another format", props("projection.dt.type", "date", "projection.dt.format", "yyyy/MM/dd", "projection.dt.range", "2020-01-01,NOW"), vc,
			`invalid value "2020-01-01" for projection.dt.range`},
		{"date range of three", props("projection.dt.type", "date", "projection.dt.format", "yyyy", "projection.dt.range", "2020,2021,2022"), vc,
			"must be two comma-separated dates"},
		{"date start after end", props("projection.dt.type", "date", "projection.dt.format", "yyyy-MM-dd", "projection.dt.range", "2026-01-01,NOW"), vc,
			"start 2026-01-01 is after end 2025-03-15"},
		{"date bad relative unit", props("projection.dt.type", "date", "projection.dt.format", "yyyy-MM-dd", "projection.dt.range", "NOW-3FORTNIGHTS,NOW"), vc,
			`invalid value "NOW-3FORTNIGHTS" for projection.dt.range`},
		{"date lower-case now", props("projection.dt.type", "date", "projection.dt.format", "yyyy-MM-dd", "projection.dt.range", "2020-01-01,now"), vc,
			`invalid value "now" for projection.dt.range`},
		{"date bad format", props("projection.dt.type", "date", "projection.dt.format", "yyyy-MM-dd EEE", "projection.dt.range", "NOW,NOW"), vc,
			`invalid value "yyyy-MM-dd EEE" for projection.dt.format: unsupported pattern letter 'E'`},
		{"date hourly without interval", props("projection.dt.type", "date", "projection.dt.format", "yyyy/MM/dd/HH", "projection.dt.range", "NOW-1DAYS,NOW", "projection.dt.interval.unit", "HOURS"), vc,
			"missing table property projection.dt.interval: required because projection.dt.format \"yyyy/MM/dd/HH\" is not at single-day or single-month precision"},
		{"date hourly without unit", props("projection.dt.type", "date", "projection.dt.format", "yyyy/MM/dd/HH", "projection.dt.range", "NOW-1DAYS,NOW", "projection.dt.interval", "1"), vc,
			"missing table property projection.dt.interval.unit"},
		{"date yearly without unit", props("projection.dt.type", "date", "projection.dt.format", "yyyy", "projection.dt.range", "2020,NOW", "projection.dt.interval", "1"), vc,
			"missing table property projection.dt.interval.unit"},
		{"date bad unit", props("projection.dt.type", "date", "projection.dt.format", "yyyy-MM-dd", "projection.dt.range", "2020-01-01,NOW", "projection.dt.interval.unit", "FORTNIGHTS"), vc,
			`invalid value "FORTNIGHTS" for projection.dt.interval.unit: must be one of YEARS, MONTHS, WEEKS, DAYS, HOURS, MINUTES, SECONDS, MILLISECONDS`},
		{"date bad interval", props("projection.dt.type", "date", "projection.dt.format", "yyyy-MM-dd", "projection.dt.range", "2020-01-01,NOW", "projection.dt.interval", "-1"), vc,
			`invalid value "-1" for projection.dt.interval`},
		{"date on a boolean column", props("projection.dt.type", "date", "projection.dt.format", "yyyy", "projection.dt.range", "2020,NOW"), []Column{{"dt", types.BooleanType}},
			"projection type date is not supported for partition column dt of type boolean"},
		{"injected on an integer column", props("projection.dt.type", "injected"), []Column{{"dt", types.IntegerType}},
			"only string columns can be injected"},
		{"template missing a column", props("projection.a.type", "injected", "projection.b.type", "injected", "storage.location.template", "s3://b/${a}/"), []Column{{"a", varchar}, {"b", varchar}},
			`invalid value "s3://b/${a}/" for storage.location.template: missing a ${b} placeholder for partition column b`},
		{"template unknown placeholder", props("projection.a.type", "injected", "storage.location.template", "s3://b/${a}/${c}/"), []Column{{"a", varchar}},
			"placeholder ${c} names no partition column"},
		{"template unterminated placeholder", props("projection.a.type", "injected", "storage.location.template", "s3://b/${a}/${a"), []Column{{"a", varchar}},
			"unterminated placeholder"},
		{"keys differing in case", map[string]string{"projection.enabled": "true", "projection.a.type": "enum", "projection.A.type": "injected"}, []Column{{"a", varchar}},
			`table properties "projection.A.type" and "projection.a.type" differ only in case`},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			p, err := Parse(tc.props, tc.cols, "s3://b/t/", now)
			if err == nil {
				t.Fatalf("Parse succeeded (%+v), want error %q", p, tc.wantErr)
			}
			if !strings.Contains(err.Error(), tc.wantErr) {
				t.Errorf("error = %q, want it to contain %q", err, tc.wantErr)
			}
			if sqlerr.CodeOf(err) != sqlerr.PartitionProjectionError {
				t.Errorf("error code = %s, want %s", sqlerr.CodeOf(err), sqlerr.PartitionProjectionError)
			}
		})
	}
}

func TestParseDisabledAndCaseInsensitive(t *testing.T) {
	cols := []Column{{"dt", varchar}}
	for _, enabled := range []string{"", "false", "yes", "1"} {
		m := map[string]string{"projection.dt.type": "bogus"}
		if enabled != "" {
			m["projection.enabled"] = enabled
		}
		p, err := Parse(m, cols, "", now)
		if p != nil || err != nil {
			t.Errorf("projection.enabled=%q: got %v, %v; want nil, nil", enabled, p, err)
		}
	}
	p := mustParse(t, map[string]string{
		"Projection.Enabled":        " TRUE ",
		"projection.DT.Type":        "Integer",
		"PROJECTION.dt.RANGE":       "1,2",
		"Storage.Location.Template": "s3://b/x=${DT}/",
	}, cols, "")
	if got := mustValues(t, p, 0, Hint{}); !reflect.DeepEqual(got, []string{"1", "2"}) {
		t.Errorf("values = %v", got)
	}
	if loc := p.Location([]string{"2"}); loc != "s3://b/x=2/" {
		t.Errorf("Location = %q", loc)
	}
}

func TestPartitionLimit(t *testing.T) {
	// Every second of a year is more than MaxPartitions.
	p := mustParse(t, props("projection.dt.type", "date", "projection.dt.format", "yyyy-MM-dd-HH-mm-ss",
		"projection.dt.range", "NOW-1YEARS,NOW", "projection.dt.interval", "1", "projection.dt.interval.unit", "SECONDS"),
		[]Column{{"dt", varchar}}, "s3://b/t/")
	_, err := p.Values(0, Hint{})
	if sqlerr.CodeOf(err) != sqlerr.PartitionProjectionError || !strings.Contains(err.Error(), "more than 1000000 partitions") || !strings.Contains(err.Error(), "dt: 31536001") {
		t.Errorf("unnarrowed: %v", err)
	}
	// An hour of it is fine, found by binary search.
	got := mustValues(t, p, 0, Hint{Lo: "2024-07-01-10-00-00", LoInclusive: true, Hi: "2024-07-01-11-00-00"})
	if len(got) != 3600 || got[0] != "2024-07-01-10-00-00" || got[3599] != "2024-07-01-10-59-59" {
		t.Errorf("an hour: %d values from %s", len(got), got[0])
	}

	// The cross product is limited too.
	p = mustParse(t, props("projection.a.type", "integer", "projection.a.range", "0,999",
		"projection.b.type", "integer", "projection.b.range", "0,1000"),
		[]Column{{"a", varchar}, {"b", varchar}}, "s3://b/t/")
	_, err = p.Partitions(nil)
	if sqlerr.CodeOf(err) != sqlerr.PartitionProjectionError || !strings.Contains(err.Error(), "a: 1000, b: 1001") {
		t.Errorf("cross product: %v", err)
	}
	// b <= '10' compares strings: 0, 1 and 10.
	parts, err := p.Partitions([]Hint{{In: []any{"7"}}, {Hi: "10", HiInclusive: true}})
	if want := [][]string{{"7", "0"}, {"7", "1"}, {"7", "10"}}; err != nil || !reflect.DeepEqual(parts, want) {
		t.Errorf("narrowed cross product: %v, %v", parts, err)
	}

	// A non-monotone column without narrowing is limited as well.
	p = mustParse(t, props("projection.n.type", "integer", "projection.n.range", "1,2000000"), []Column{{"n", varchar}}, "")
	if _, err := p.Values(0, Hint{Lo: "5"}); err == nil || !strings.Contains(err.Error(), "n: 2000000") {
		t.Errorf("non-monotone: %v", err)
	}
	if got := mustValues(t, p, 0, Hint{In: []any{"1999999", "0"}}); !reflect.DeepEqual(got, []string{"1999999"}) {
		t.Errorf("non-monotone IN = %v", got)
	}
}

func TestDefaultLocationLayout(t *testing.T) {
	p := mustParse(t, props("projection.year.type", "integer", "projection.year.range", "2020,2021",
		"projection.Month.type", "integer", "projection.month.range", "1,12", "projection.month.digits", "2",
		"projection.tag.type", "enum", "projection.tag.values", "a:b,c/d"),
		[]Column{{"year", types.IntegerType}, {"month", varchar}, {"tag", varchar}}, "s3://bucket/table")
	tests := []struct {
		vals []string
		want string
	}{
		{[]string{"2020", "01", "a:b"}, "s3://bucket/table/year=2020/month=01/tag=a%3Ab/"},
		{[]string{"2021", "12", "c/d"}, "s3://bucket/table/year=2021/month=12/tag=c%2Fd/"},
	}
	for _, tc := range tests {
		if got := p.Location(tc.vals); got != tc.want {
			t.Errorf("Location(%v) = %q, want %q", tc.vals, got, tc.want)
		}
	}
}
