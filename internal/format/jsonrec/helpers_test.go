package jsonrec

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math"
	"math/big"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"trawl/internal/format"
	"trawl/internal/types"
	"trawl/internal/vector"
)

// realdataDir is the shared real CloudTrail samples, relative to this
// package's directory.
var realdataDir = filepath.Join("..", "..", "..", "..", "shared", "realdata")

// cloudTrailDDL is the CloudTrail table schema users declare.
const cloudTrailDDL = `eventversion string, useridentity struct<type:string,principalid:string,arn:string,accountid:string,invokedby:string,accesskeyid:string,username:string,onbehalfof:struct<userid:string,identitystorearn:string>,sessioncontext:struct<attributes:struct<mfaauthenticated:string,creationdate:string>,sessionissuer:struct<type:string,principalid:string,arn:string,accountid:string,username:string>,ec2roledelivery:string,webidfederationdata:struct<federatedprovider:string,attributes:map<string,string>>>>, eventtime string, eventsource string, eventname string, awsregion string, sourceipaddress string, useragent string, errorcode string, errormessage string, requestparameters string, responseelements string, additionaleventdata string, requestid string, eventid string, readonly string, resources array<struct<arn:string,accountid:string,type:string>>, eventtype string, apiversion string, recipientaccountid string, serviceeventdetails string, sharedeventid string, vpcendpointid string, vpcendpointaccountid string, eventcategory string, addendum struct<reason:string,updatedfields:string,originalrequestid:string,originaleventid:string>, sessioncredentialfromconsole string, edgedevicedetails string, tlsdetails struct<tlsversion:string,ciphersuite:string,clientprovidedhostheader:string>`

// cloudTrailColumns parses the schema into top-level columns.
func cloudTrailColumns(t testing.TB) []format.Column { return parseDDL(t, cloudTrailDDL) }

// parseDDL reads "name type, name type, ..." (top-level commas only).
func parseDDL(t testing.TB, ddl string) []format.Column {
	t.Helper()
	var cols []format.Column
	depth, start := 0, 0
	for i := 0; i <= len(ddl); i++ {
		if i < len(ddl) {
			switch ddl[i] {
			case '<', '(':
				depth++
				continue
			case '>', ')':
				depth--
				continue
			case ',':
				if depth > 0 {
					continue
				}
			default:
				continue
			}
		}
		part := strings.TrimSpace(ddl[start:i])
		start = i + 1
		sp := strings.IndexByte(part, ' ')
		typ, err := types.Parse(part[sp+1:])
		if err != nil {
			t.Fatalf("parse %q: %v", part, err)
		}
		cols = append(cols, format.Column{Path: []string{part[:sp]}, Type: typ})
	}
	return cols
}

func col(t testing.TB, typ string, path ...string) format.Column {
	t.Helper()
	ty, err := types.Parse(typ)
	if err != nil {
		t.Fatalf("parse type %q: %v", typ, err)
	}
	return format.Column{Path: path, Type: ty}
}

// readAll drains a reader, batch by batch, into rows of generic values.
func readAll(r format.Reader, cols []format.Column, max int) ([][]any, error) {
	ts := make([]*types.Type, len(cols))
	for i, c := range cols {
		ts[i] = c.Type
	}
	b := vector.NewBatch(ts, max)
	var rows [][]any
	for {
		b.Reset(max)
		n, err := r.Next(b, max)
		if n > 0 && err != nil {
			return rows, fmt.Errorf("Next returned %d rows and error %v", n, err)
		}
		if n != b.N {
			return rows, fmt.Errorf("Next returned %d but b.N = %d", n, b.N)
		}
		for _, c := range b.Cols {
			if c.Len() != n {
				return rows, fmt.Errorf("vector length %d, want %d", c.Len(), n)
			}
		}
		for i := 0; i < n; i++ {
			row := make([]any, len(cols))
			for j, c := range b.Cols {
				row[j] = c.Value(i)
			}
			rows = append(rows, row)
		}
		if err == io.EOF {
			return rows, nil
		}
		if err != nil {
			return rows, err
		}
		if n == 0 {
			return rows, errors.New("Next returned 0 rows without error")
		}
	}
}

// ---- Reference decoding with encoding/json ----

// refObject decodes a JSON object keeping the raw members; later duplicate
// keys win.
func refObject(raw []byte) (map[string]json.RawMessage, bool) {
	raw = bytes.TrimSpace(raw)
	if len(raw) == 0 || raw[0] != '{' {
		return nil, false
	}
	var m map[string]json.RawMessage
	if err := json.Unmarshal(raw, &m); err != nil {
		panic(err)
	}
	return m, true
}

// refLookup finds a key case-insensitively.
func refLookup(m map[string]json.RawMessage, key string) (json.RawMessage, bool) {
	if v, ok := m[key]; ok {
		return v, true
	}
	for k, v := range m {
		if strings.ToLower(k) == key {
			return v, true
		}
	}
	return nil, false
}

// refPath follows a column path through a record; cache holds objects
// already decoded, by their text.
func refPath(rec []byte, path []string, cache map[string]map[string]json.RawMessage) (json.RawMessage, bool) {
	cur := json.RawMessage(rec)
	for _, p := range path {
		m, ok := cache[string(cur)]
		if !ok {
			m, ok = refObject(cur)
			if !ok {
				return nil, false
			}
			cache[string(cur)] = m
		}
		cur, ok = refLookup(m, p)
		if !ok {
			return nil, false
		}
	}
	return cur, true
}

// refValue converts a raw JSON value to t's physical form.
func refValue(raw json.RawMessage, t *types.Type) any {
	raw = bytes.TrimSpace(raw)
	if len(raw) == 0 || string(raw) == "null" {
		return nil
	}
	var str string
	isStr := raw[0] == '"'
	if isStr {
		if err := json.Unmarshal(raw, &str); err != nil {
			panic(err)
		}
	}
	isNum := raw[0] == '-' || raw[0] >= '0' && raw[0] <= '9'
	numText := ""
	switch {
	case isStr && numRE.MatchString(str):
		numText = str
	case isNum:
		numText = string(raw)
	}
	switch t.Kind {
	case types.Varchar:
		switch {
		case isStr:
			return str
		case raw[0] == '{' || raw[0] == '[':
			var buf bytes.Buffer
			if err := json.Compact(&buf, raw); err != nil {
				panic(err)
			}
			return buf.String()
		}
		return string(raw)
	case types.Boolean:
		switch {
		case string(raw) == "true" || isStr && asciiLower(str) == "true":
			return true
		case string(raw) == "false" || isStr && asciiLower(str) == "false":
			return false
		}
		return nil
	case types.BigInt, types.Integer, types.SmallInt, types.TinyInt:
		if numText == "" {
			return nil
		}
		bits := map[types.Kind]int{types.BigInt: 64, types.Integer: 32, types.SmallInt: 16, types.TinyInt: 8}[t.Kind]
		if x, err := strconv.ParseInt(numText, 10, bits); err == nil {
			return x
		}
		// Integral values written with a fraction or exponent.
		if e := strings.IndexAny(numText, "eE"); e >= 0 {
			if x, err := strconv.Atoi(numText[e+1:]); err != nil || x > 400 || x < -400 {
				return nil
			}
		}
		q, ok := new(big.Rat).SetString(numText)
		if !ok || !q.IsInt() || !q.Num().IsInt64() {
			return nil
		}
		x := q.Num().Int64()
		if x < -(1<<(bits-1)) || x > 1<<(bits-1)-1 {
			return nil
		}
		return x
	case types.Double, types.Real:
		if isStr {
			switch strings.TrimLeft(str, "+-") {
			case "NaN":
				return math.NaN()
			case "Infinity":
				if str[0] == '-' {
					return math.Inf(-1)
				}
				return math.Inf(1)
			}
		}
		if numText == "" {
			return nil
		}
		f, err := strconv.ParseFloat(numText, 64)
		if err != nil {
			return nil
		}
		if t.Kind == types.Real {
			f = float64(float32(f))
		}
		return f
	case types.Timestamp:
		if isNum {
			ms, err := strconv.ParseInt(string(raw), 10, 64)
			if err != nil {
				return nil
			}
			return ms * 1000
		}
		if !isStr {
			return nil
		}
		for _, layout := range []string{time.RFC3339Nano, "2006-01-02 15:04:05.999999999", "2006-01-02T15:04:05.999999999", "2006-01-02"} {
			if tm, err := time.Parse(layout, str); err == nil {
				us := tm.UnixMicro()
				unit := int64(math.Pow10(6 - t.Precision))
				return (us + unit/2) / unit * unit
			}
		}
		return nil
	case types.Date:
		if !isStr {
			return nil
		}
		tm, err := time.Parse("2006-01-02", str)
		if err != nil {
			return nil
		}
		return tm.Unix() / 86400
	case types.Array:
		if raw[0] != '[' {
			return nil
		}
		var elems []json.RawMessage
		if err := json.Unmarshal(raw, &elems); err != nil {
			panic(err)
		}
		out := make([]any, len(elems))
		for i, e := range elems {
			out[i] = refValue(e, t.Elem)
		}
		return out
	case types.Row:
		m, ok := refObject(raw)
		if !ok {
			return nil
		}
		out := make([]any, len(t.Fields))
		for i, f := range t.Fields {
			if v, ok := refLookup(m, f.Name); ok {
				out[i] = refValue(v, f.Type)
			}
		}
		return out
	case types.Map:
		if raw[0] != '{' {
			return nil
		}
		mv := &types.MapValue{Keys: []any{}, Values: []any{}}
		dec := json.NewDecoder(bytes.NewReader(raw))
		dec.Token()
		for dec.More() {
			kt, _ := dec.Token()
			var v json.RawMessage
			if err := dec.Decode(&v); err != nil {
				panic(err)
			}
			kraw, _ := json.Marshal(kt.(string))
			key := refValue(kraw, t.Key)
			val := refValue(v, t.Value)
			if key == nil {
				continue
			}
			dup := false
			for i, k := range mv.Keys {
				if k == key {
					mv.Values[i] = val
					dup = true
				}
			}
			if !dup {
				mv.Keys = append(mv.Keys, key)
				mv.Values = append(mv.Values, val)
			}
		}
		return mv
	}
	panic("refValue: unsupported type " + t.String())
}

// refRow decodes one record for the columns.
func refRow(rec []byte, cols []format.Column) []any {
	row := make([]any, len(cols))
	cache := map[string]map[string]json.RawMessage{}
	for i, c := range cols {
		if v, ok := refPath(rec, c.Path, cache); ok {
			row[i] = refValue(v, c.Type)
		}
	}
	return row
}

// numRE is the numeric text the readers accept in strings.
var numRE = regexp.MustCompile(`^[+-]?([0-9]+\.?[0-9]*|\.[0-9]+)([eE][+-]?[0-9]+)?$`)

func asciiLower(s string) string {
	b := []byte(s)
	for i, c := range b {
		if c >= 'A' && c <= 'Z' {
			b[i] = c + 32
		}
	}
	return string(b)
}

// describe renders a value for failure messages.
func describe(v any) string {
	switch x := v.(type) {
	case *types.MapValue:
		return fmt.Sprintf("map%v=>%v", x.Keys, x.Values)
	case string:
		return strconv.Quote(x)
	}
	return fmt.Sprintf("%#v", v)
}

func newBatch(cols []format.Column) *vector.Batch {
	ts := make([]*types.Type, len(cols))
	for i, c := range cols {
		ts[i] = c.Type
	}
	return vector.NewBatch(ts, 16)
}
