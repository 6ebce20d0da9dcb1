package partition

import (
	"fmt"
	"math"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"time"

	"trawl/internal/sqlerr"
	"trawl/internal/types"
)

// Column is a partition key column. Name is lower case.
type Column struct {
	Name string
	Type *types.Type
}

// MaxPartitions is the most partitions one query may project for a table
// (per column in Values, and for the whole cross product in Partitions).
// Athena does not document its own limit; trawl uses 1,000,000.
var MaxPartitions = 1_000_000

// Projection types, as named in projection.<col>.type.
const (
	TypeEnum     = "enum"
	TypeInteger  = "integer"
	TypeDate     = "date"
	TypeInjected = "injected"
)

// Table property names.
const (
	PropEnabled          = "projection.enabled"
	PropLocationTemplate = "storage.location.template"
)

// Projection is a table's partition projection configuration, parsed from
// its table properties.
type Projection struct {
	cols     []colProj
	byName   map[string]int
	template string // "" when absent: the Hive default layout
	hasTmpl  bool
	location string
}

type colProj struct {
	col  Column
	kind string
	// enum: values sorted by typed value, with their typed values.
	enumVals []string
	enumKeys []any
	// integer and date
	g grid
	// date
	df *dateFormat
}

// Hint narrows the values of one column; the caller derives it from simple
// predicates (col = lit, col IN (...), col < lit, BETWEEN ...) and still
// evaluates the full predicate on the candidates afterwards, so hints only
// need to be safe (never drop a value that satisfies them), not exact.
// Values are in the column's physical representation (string for varchar,
// int64 for integer types and days for date, microseconds for timestamp).
type Hint struct {
	Lo, Hi                   any // nil: unbounded
	LoInclusive, HiInclusive bool
	In                       []any // nil = no equality constraint
}

func projErr(format string, args ...any) error {
	return sqlerr.New(sqlerr.PartitionProjectionError, format, args...)
}

var nowRe = regexp.MustCompile(`^\s*NOW\s*(([+-])\s*([0-9]+)\s*(YEARS?|MONTHS?|WEEKS?|DAYS?|HOURS?|MINUTES?|SECONDS?)\s*)?$`)

var intervalUnits = []string{"YEARS", "MONTHS", "WEEKS", "DAYS", "HOURS", "MINUTES", "SECONDS", "MILLISECONDS"}

const msPerDay = 86_400_000

// unitMillis is the length of the fixed-length units; months and years are
// calendar units.
var unitMillis = map[string]int64{
	"WEEKS":        7 * msPerDay,
	"DAYS":         msPerDay,
	"HOURS":        3_600_000,
	"MINUTES":      60_000,
	"SECONDS":      1_000,
	"MILLISECONDS": 1,
}

// Parse reads projection.* and storage.location.template from table
// properties. Property keys and ${col} placeholders match column names
// case-insensitively. It returns (nil, nil) when 'projection.enabled' is not
// 'true'. location is the table LOCATION, used for the default Hive layout
// (LOCATION/col1=v1/col2=v2/) when there is no template; now is the clock
// for NOW in date ranges. Dates are computed in UTC, as Athena does.
func Parse(props map[string]string, cols []Column, location string, now time.Time) (*Projection, error) {
	lp := make(map[string]string, len(props))
	orig := make(map[string]string, len(props))
	for k, v := range props {
		lk := strings.ToLower(k)
		if o, dup := orig[lk]; dup && lp[lk] != v {
			a, b := o, k
			if a > b {
				a, b = b, a
			}
			return nil, projErr("table properties %q and %q differ only in case", a, b)
		}
		lp[lk], orig[lk] = v, k
	}
	if !strings.EqualFold(strings.TrimSpace(lp[PropEnabled]), "true") {
		return nil, nil
	}
	if len(cols) == 0 {
		return nil, projErr("partition projection cannot be enabled on a table that is not partitioned")
	}
	p := &Projection{byName: map[string]int{}, location: location}
	var missing []string
	for i, c := range cols {
		name := strings.ToLower(c.Name)
		if _, dup := p.byName[name]; dup {
			return nil, projErr("duplicate partition column %q", name)
		}
		p.byName[name] = i
		if _, ok := lp["projection."+name+".type"]; !ok {
			missing = append(missing, name)
		}
	}
	if len(missing) > 0 {
		return nil, projErr("table is configured for partition projection, but the following partition columns are missing projection configuration: [%s]", strings.Join(missing, ", "))
	}
	nowMs := now.UnixMilli()
	for _, c := range cols {
		cp, err := parseColumn(lp, c, nowMs)
		if err != nil {
			return nil, err
		}
		p.cols = append(p.cols, cp)
	}
	if t, ok := lp[PropLocationTemplate]; ok {
		if err := p.checkTemplate(t); err != nil {
			return nil, err
		}
		p.template, p.hasTmpl = t, true
	}
	return p, nil
}

func (p *Projection) checkTemplate(t string) error {
	seen := make([]bool, len(p.cols))
	for rest := t; ; {
		i := strings.Index(rest, "${")
		if i < 0 {
			break
		}
		j := strings.IndexByte(rest[i:], '}')
		if j < 0 {
			return projErr("invalid value %q for %s: unterminated placeholder %q", t, PropLocationTemplate, rest[i:])
		}
		name := rest[i+2 : i+j]
		idx, ok := p.byName[strings.ToLower(name)]
		if !ok {
			return projErr("invalid value %q for %s: placeholder ${%s} names no partition column", t, PropLocationTemplate, name)
		}
		seen[idx] = true
		rest = rest[i+j+1:]
	}
	for i, s := range seen {
		if !s {
			return projErr("invalid value %q for %s: missing a ${%s} placeholder for partition column %s", t, PropLocationTemplate, p.cols[i].col.Name, p.cols[i].col.Name)
		}
	}
	return nil
}

func parseColumn(lp map[string]string, c Column, nowMs int64) (colProj, error) {
	name := strings.ToLower(c.Name)
	key := func(suffix string) string { return "projection." + name + "." + suffix }
	typKey := key("type")
	kind := strings.ToLower(strings.TrimSpace(lp[typKey]))
	cp := colProj{col: Column{Name: name, Type: c.Type}, kind: kind}
	if c.Type == nil {
		return cp, projErr("partition column %s has no type", name)
	}
	unsupported := func() error {
		return projErr("projection type %s is not supported for partition column %s of type %s", kind, name, c.Type)
	}
	switch kind {
	case TypeEnum:
		vk := key("values")
		raw, ok := lp[vk]
		if !ok {
			return cp, projErr("missing table property %s (required for enum projection)", vk)
		}
		if !isScalar(c.Type) {
			return cp, unsupported()
		}
		seen := map[string]bool{}
		for n, v := range strings.Split(raw, ",") {
			if v == "" {
				return cp, projErr("invalid value %q for %s: value %d is empty", raw, vk, n+1)
			}
			if seen[v] {
				continue
			}
			seen[v] = true
			tv, err := TypedValue(cp.col, v)
			if err != nil {
				return cp, projErr("invalid value %q for %s: %v", v, vk, errMsg(err))
			}
			cp.enumVals = append(cp.enumVals, v)
			cp.enumKeys = append(cp.enumKeys, tv)
		}
		sortByKey(cp.enumVals, cp.enumKeys)
	case TypeInteger:
		switch {
		case c.Type.IsString(), c.Type.IsInteger():
		default:
			return cp, unsupported()
		}
		g, err := parseIntegerGrid(lp, cp.col, key)
		if err != nil {
			return cp, err
		}
		cp.g = g
	case TypeDate:
		switch c.Type.Kind {
		case types.Varchar, types.Char, types.Date, types.Timestamp:
		default:
			return cp, unsupported()
		}
		g, df, err := parseDateGrid(lp, cp.col, key, nowMs)
		if err != nil {
			return cp, err
		}
		cp.g, cp.df = g, df
	case TypeInjected:
		if !c.Type.IsString() {
			return cp, projErr("projection type injected is not supported for partition column %s of type %s: only string columns can be injected", name, c.Type)
		}
	default:
		return cp, projErr("invalid value %q for %s: must be one of enum, integer, date, injected", lp[typKey], typKey)
	}
	return cp, nil
}

func isScalar(t *types.Type) bool {
	switch t.Kind {
	case types.Boolean, types.TinyInt, types.SmallInt, types.Integer, types.BigInt, types.Real, types.Double,
		types.Decimal, types.Varchar, types.Char, types.Varbinary, types.Date, types.Timestamp:
		return true
	}
	return false
}

// errMsg is the message of err without a SQL error code prefix.
func errMsg(err error) string {
	if e, ok := err.(*sqlerr.Error); ok {
		return e.Msg
	}
	return err.Error()
}

// positiveInt parses an optional positive integer property (white space
// around it allowed).
func positiveInt(lp map[string]string, k string) (int64, bool, error) {
	raw, ok := lp[k]
	if !ok {
		return 0, false, nil
	}
	n, err := strconv.ParseInt(strings.TrimSpace(raw), 10, 32)
	if err != nil || n <= 0 {
		return 0, true, projErr("invalid value %q for %s: must be a positive integer", raw, k)
	}
	return n, true, nil
}

func parseIntegerGrid(lp map[string]string, col Column, key func(string) string) (grid, error) {
	rk := key("range")
	raw, ok := lp[rk]
	if !ok {
		return nil, projErr("missing table property %s (required for integer projection)", rk)
	}
	parts := strings.Split(raw, ",")
	if len(parts) != 2 {
		return nil, projErr("invalid value %q for %s: must be two comma-separated integers (minimum,maximum)", raw, rk)
	}
	var b [2]int64
	for i, s := range parts {
		v, err := strconv.ParseInt(strings.TrimSpace(s), 10, 64)
		if err != nil {
			return nil, projErr("invalid value %q for %s: %q is not an integer in the range of a 64-bit signed long", raw, rk, strings.TrimSpace(s))
		}
		b[i] = v
	}
	if b[0] > b[1] {
		return nil, projErr("invalid value %q for %s: minimum %d is greater than maximum %d", raw, rk, b[0], b[1])
	}
	if col.Type.IsInteger() {
		lo, hi := intRange(col.Type.Kind)
		for _, v := range b {
			if v < lo || v > hi {
				return nil, projErr("invalid value %q for %s: %d is out of range for partition column %s of type %s", raw, rk, v, col.Name, col.Type)
			}
		}
	}
	interval, _, err := positiveInt(lp, key("interval"))
	if err != nil {
		return nil, err
	}
	if interval == 0 {
		interval = 1
	}
	digits, _, err := positiveInt(lp, key("digits"))
	if err != nil {
		return nil, err
	}
	g := &intGrid{col: col, lo: b[0], interval: uint64(interval), digits: int(digits)}
	g.lastK = (uint64(b[1]) - uint64(b[0])) / g.interval
	if col.Type.IsString() {
		g.mono = b[0] >= 0 && len(g.format(b[0])) == len(g.format(g.value(g.lastK)))
	} else {
		g.mono = true
	}
	return g, nil
}

func intRange(k types.Kind) (int64, int64) {
	switch k {
	case types.TinyInt:
		return math.MinInt8, math.MaxInt8
	case types.SmallInt:
		return math.MinInt16, math.MaxInt16
	case types.Integer:
		return math.MinInt32, math.MaxInt32
	}
	return math.MinInt64, math.MaxInt64
}

func parseDateGrid(lp map[string]string, col Column, key func(string) string, nowMs int64) (grid, *dateFormat, error) {
	fk, rk := key("format"), key("range")
	pattern, ok := lp[fk]
	if !ok {
		return nil, nil, projErr("missing table property %s (required for date projection)", fk)
	}
	df, err := compileDateFormat(pattern)
	if err != nil {
		return nil, nil, projErr("invalid value %q for %s: %v", pattern, fk, err)
	}
	raw, ok := lp[rk]
	if !ok {
		return nil, nil, projErr("missing table property %s (required for date projection)", rk)
	}
	parts := strings.Split(raw, ",")
	if len(parts) != 2 {
		return nil, nil, projErr("invalid value %q for %s: must be two comma-separated dates formatted as %q or relative to NOW (start,end)", raw, rk, pattern)
	}
	var b [2]int64
	for i, s := range parts {
		v, err := dateBound(df, s, nowMs)
		if err != nil {
			return nil, nil, projErr("invalid value %q for %s: %v", s, rk, err)
		}
		b[i] = v
	}
	if b[0] > b[1] {
		return nil, nil, projErr("invalid value %q for %s: start %s is after end %s", raw, rk, df.format(b[0]), df.format(b[1]))
	}

	prec := df.precision()
	defaultable := prec == precDay || prec == precMonth
	ik, uk := key("interval"), key("interval.unit")
	interval, set, err := positiveInt(lp, ik)
	if err != nil {
		return nil, nil, err
	}
	if !set {
		if !defaultable {
			return nil, nil, projErr("missing table property %s: required because %s %q is not at single-day or single-month precision", ik, fk, pattern)
		}
		interval = 1
	}
	unit := ""
	if rawUnit, ok := lp[uk]; ok {
		u := strings.ToUpper(strings.TrimSpace(rawUnit))
		for _, x := range intervalUnits {
			if u == x {
				unit = u
			}
		}
		if unit == "" {
			return nil, nil, projErr("invalid value %q for %s: must be one of %s", rawUnit, uk, strings.Join(intervalUnits, ", "))
		}
	} else {
		switch prec {
		case precDay:
			unit = "DAYS"
		case precMonth:
			unit = "MONTHS"
		default:
			return nil, nil, projErr("missing table property %s: required because %s %q is not at single-day or single-month precision", uk, fk, pattern)
		}
	}

	g := &dateGrid{col: col, df: df, start: b[0]}
	g.mono = !col.Type.IsString() || df.orderPreserving()
	switch unit {
	case "YEARS", "MONTHS":
		months := interval
		if unit == "YEARS" {
			months *= 12
		}
		for cur := b[0]; cur <= b[1]; cur = addMonths(cur, months) {
			if len(g.list) > MaxPartitions {
				g.tooMany = true
				break
			}
			g.list = append(g.list, cur)
		}
		g.lastK = uint64(len(g.list) - 1)
	default:
		g.step = interval * unitMillis[unit]
		g.lastK = uint64((b[1] - b[0]) / g.step)
	}
	return g, df, nil
}

// dateBound reads one bound of a date range: a date in the format, or NOW
// with an optional offset. The result is truncated to the format's
// precision, as Athena does before projecting.
func dateBound(df *dateFormat, s string, nowMs int64) (int64, error) {
	m := nowRe.FindStringSubmatch(s)
	if m == nil {
		v, err := df.parse(s)
		if err != nil {
			return 0, fmt.Errorf("%v (format %q)", err, df.pattern)
		}
		return v, nil
	}
	t := nowMs
	if m[1] != "" {
		n, err := strconv.ParseInt(m[3], 10, 64)
		if err != nil || n > 100_000_000 {
			return 0, fmt.Errorf("offset %s is too large", m[3])
		}
		if m[2] == "-" {
			n = -n
		}
		switch unit := strings.TrimSuffix(m[4], "S"); unit {
		case "YEAR":
			t = addMonths(t, 12*n)
		case "MONTH":
			t = addMonths(t, n)
		default:
			ms := unitMillis[unit+"S"]
			if n != 0 && (n > math.MaxInt64/ms || n < math.MinInt64/ms) {
				return 0, fmt.Errorf("offset %s is too large", m[3])
			}
			t += n * ms
		}
	}
	// Truncate to the format's precision: drop the milliseconds, print,
	// and read back.
	t = floorDiv(t, 1000) * 1000
	v, err := df.parse(df.format(t))
	if err != nil {
		return 0, fmt.Errorf("%s gives %q, which cannot be read back with format %q: %v", strings.TrimSpace(s), df.format(t), df.pattern, err)
	}
	return v, nil
}

// Columns returns the partition columns, in order.
func (p *Projection) Columns() []Column {
	out := make([]Column, len(p.cols))
	for i, c := range p.cols {
		out[i] = c.col
	}
	return out
}

// Type returns the projection type of column i: TypeEnum, TypeInteger,
// TypeDate or TypeInjected.
func (p *Projection) Type(i int) string { return p.cols[i].kind }

// Location returns the storage location (a directory) of the partition with
// these values, one per column as returned by Values:
// storage.location.template with each ${col} replaced by the raw value, or
// the Hive default layout LOCATION/col1=v1/col2=v2/ with Hive path escaping.
func (p *Projection) Location(values []string) string {
	val := func(i int) string {
		if i < len(values) {
			return values[i]
		}
		return ""
	}
	if !p.hasTmpl {
		vs := make([]string, len(p.cols))
		for i := range p.cols {
			vs[i] = val(i)
		}
		loc := p.location
		if loc != "" && !strings.HasSuffix(loc, "/") {
			loc += "/"
		}
		return loc + HivePath(p.Columns(), vs) + "/"
	}
	var b strings.Builder
	rest := p.template
	for {
		i := strings.Index(rest, "${")
		if i < 0 {
			break
		}
		j := strings.IndexByte(rest[i:], '}')
		if j < 0 {
			break
		}
		b.WriteString(rest[:i])
		if idx, ok := p.byName[strings.ToLower(rest[i+2:i+j])]; ok {
			b.WriteString(val(idx))
		} else {
			b.WriteString(rest[i : i+j+1])
		}
		rest = rest[i+j+1:]
	}
	b.WriteString(rest)
	return b.String()
}

// Typed converts a partition value string of column i to the column's
// physical value, for the engine to evaluate predicates on. Date-projected
// columns of type date or timestamp read the value with the projection's
// format; other columns follow Hive's partition value rules (TypedValue).
func (p *Projection) Typed(i int, s string) (any, error) {
	c := p.cols[i]
	if c.kind == TypeDate && !c.col.Type.IsString() {
		ms, err := c.df.parse(s)
		if err != nil {
			return nil, sqlerr.New(sqlerr.InvalidPartitionValue, "invalid partition value %q for %s partition key: %s: %v (format %q)", s, c.col.Type, c.col.Name, err, c.df.pattern)
		}
		return dateKey(c.col.Type, ms), nil
	}
	return TypedValue(c.col, s)
}

// Values returns the candidate values of column i (as the strings that
// appear in storage paths), narrowed by h, in ascending order of the
// column's values. For an injected column the values come only from h.In,
// and a hint without them is an error, as in Athena.
func (p *Projection) Values(i int, h Hint) ([]string, error) {
	c := &p.cols[i]
	if err := checkHint(c.col, h); err != nil {
		return nil, err
	}
	switch c.kind {
	case TypeInjected:
		return c.injectedValues(h)
	case TypeEnum:
		var out []string
		for j, v := range c.enumVals {
			if matches(c.enumKeys[j], h) {
				out = append(out, v)
			}
		}
		return out, nil
	}
	return gridValues(c, h)
}

func (c *colProj) injectedValues(h Hint) ([]string, error) {
	if h.In == nil {
		return nil, sqlerr.New(sqlerr.ConstraintViolation, "for the injected projected partition column %s, the WHERE clause must contain only static equality conditions, and at least one such condition must be present", c.col.Name)
	}
	var out []string
	for _, v := range h.In {
		s := v.(string) // checkHint made sure
		tv, err := TypedValue(c.col, s)
		if err != nil || tv == nil || !matches(tv, h) {
			// A value the column cannot hold matches no row.
			continue
		}
		out = append(out, s)
	}
	sort.Strings(out)
	return dedupe(out), nil
}

// Partitions returns the value tuples (one value per column, in column
// order) of the partitions a query with these hints (one per column; nil or
// short means no hint) must read, in ascending order, or an error when there
// are more than MaxPartitions of them.
func (p *Projection) Partitions(hints []Hint) ([][]string, error) {
	per := make([][]string, len(p.cols))
	total := 1
	for i := range p.cols {
		var h Hint
		if i < len(hints) {
			h = hints[i]
		}
		vs, err := p.Values(i, h)
		if err != nil {
			return nil, err
		}
		per[i] = vs
		if len(vs) == 0 {
			total = 0
		} else if total > 0 {
			if total > MaxPartitions/len(vs) {
				return nil, tooManyErr(p.counts(per, i))
			}
			total *= len(vs)
		}
	}
	if total > MaxPartitions {
		return nil, tooManyErr(p.counts(per, len(per)-1))
	}
	out := make([][]string, 0, total)
	if total == 0 {
		return out, nil
	}
	idx := make([]int, len(per))
	for {
		tuple := make([]string, len(per))
		for i, j := range idx {
			tuple[i] = per[i][j]
		}
		out = append(out, tuple)
		k := len(idx) - 1
		for ; k >= 0; k-- {
			idx[k]++
			if idx[k] < len(per[k]) {
				break
			}
			idx[k] = 0
		}
		if k < 0 {
			return out, nil
		}
	}
}

// counts describes the number of values per column for the limit error.
func (p *Projection) counts(per [][]string, upto int) string {
	var parts []string
	for i := 0; i <= upto && i < len(per); i++ {
		parts = append(parts, fmt.Sprintf("%s: %d", p.cols[i].col.Name, len(per[i])))
	}
	return strings.Join(parts, ", ")
}

func tooManyErr(detail string) error {
	return projErr("query over a partition-projected table can potentially read more than %d partitions (values per column: %s); add predicates on the partition columns to narrow it", MaxPartitions, detail)
}

// checkHint verifies that the hint's values have the column's physical
// representation.
func checkHint(c Column, h Hint) error {
	check := func(what string, v any) error {
		if v == nil {
			return nil
		}
		if physOK(c.Type, v) {
			return nil
		}
		return sqlerr.New(sqlerr.GenericInternalError, "hint for partition column %s: %s value %v has Go type %T, which is not the physical representation of %s", c.Name, what, v, v, c.Type)
	}
	if err := check("lower bound", h.Lo); err != nil {
		return err
	}
	if err := check("upper bound", h.Hi); err != nil {
		return err
	}
	for _, v := range h.In {
		if v == nil {
			continue
		}
		if err := check("IN", v); err != nil {
			return err
		}
	}
	return nil
}

func physOK(t *types.Type, v any) bool {
	switch t.Physical() {
	case types.PhysInt:
		_, ok := v.(int64)
		return ok
	case types.PhysString:
		_, ok := v.(string)
		return ok
	case types.PhysFloat:
		_, ok := v.(float64)
		return ok
	case types.PhysBool:
		_, ok := v.(bool)
		return ok
	}
	return false
}

// compare orders two values of the same physical representation.
func compare(a, b any) int {
	switch x := a.(type) {
	case int64:
		y := b.(int64)
		switch {
		case x < y:
			return -1
		case x > y:
			return 1
		}
		return 0
	case string:
		return strings.Compare(x, b.(string))
	case float64:
		y := b.(float64)
		switch {
		case x < y:
			return -1
		case x > y:
			return 1
		}
		return 0
	case bool:
		y := b.(bool)
		switch {
		case x == y:
			return 0
		case !x:
			return -1
		}
		return 1
	}
	return 0
}

// aboveLo reports whether v satisfies the hint's lower bound.
func aboveLo(v any, h Hint) bool {
	if h.Lo == nil {
		return true
	}
	c := compare(v, h.Lo)
	return c > 0 || c == 0 && h.LoInclusive
}

// belowHi reports whether v satisfies the hint's upper bound.
func belowHi(v any, h Hint) bool {
	if h.Hi == nil {
		return true
	}
	c := compare(v, h.Hi)
	return c < 0 || c == 0 && h.HiInclusive
}

// matches reports whether the typed value v satisfies the hint.
func matches(v any, h Hint) bool {
	if v == nil {
		return h.Lo == nil && h.Hi == nil && h.In == nil
	}
	if !aboveLo(v, h) || !belowHi(v, h) {
		return false
	}
	if h.In == nil {
		return true
	}
	for _, x := range h.In {
		if x != nil && compare(v, x) == 0 {
			return true
		}
	}
	return false
}

func sortByKey(vals []string, keys []any) {
	idx := make([]int, len(vals))
	for i := range idx {
		idx[i] = i
	}
	sort.SliceStable(idx, func(a, b int) bool {
		ka, kb := keys[idx[a]], keys[idx[b]]
		if ka == nil || kb == nil {
			return ka == nil && kb != nil
		}
		if c := compare(ka, kb); c != 0 {
			return c < 0
		}
		return vals[idx[a]] < vals[idx[b]]
	})
	v2 := make([]string, len(vals))
	k2 := make([]any, len(keys))
	for i, j := range idx {
		v2[i], k2[i] = vals[j], keys[j]
	}
	copy(vals, v2)
	copy(keys, k2)
}

// dedupe removes adjacent duplicates.
func dedupe(s []string) []string {
	if len(s) < 2 {
		return s
	}
	out := s[:1]
	for _, v := range s[1:] {
		if v != out[len(out)-1] {
			out = append(out, v)
		}
	}
	return out
}
