package jsonrec

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"reflect"
	"testing"
	"unicode/utf8"

	"trawl/internal/format"
	"trawl/internal/types"
)

func fuzzColumns(t testing.TB) []format.Column {
	return []format.Column{
		col(t, "string", "a"),
		col(t, "string", "b"),
		col(t, "bigint", "a"),
		col(t, "double", "b"),
		col(t, "boolean", "c"),
		col(t, "decimal(10,2)", "a"),
		col(t, "timestamp", "t"),
		col(t, "date", "t"),
		col(t, "string", "o", "x"),
		col(t, "string", "o", "y", "z"),
		col(t, "struct<x:string,y:struct<z:int>,l:array<string>>", "o"),
		col(t, "map<string,string>", "o"),
		col(t, "array<struct<arn:string>>", "resources"),
		col(t, "json", "o"),
		col(t, "string"),
	}
}

// refSupports reports whether the reference decoder follows the readers'
// semantics exactly for t (its timestamp, date, decimal and json parsing
// are narrower).
func refSupports(t *types.Type) bool {
	switch t.Kind {
	case types.Varchar, types.BigInt, types.Double, types.Boolean:
		return true
	case types.Array:
		return refSupports(t.Elem)
	case types.Map:
		return refSupports(t.Key) && refSupports(t.Value)
	case types.Row:
		for _, f := range t.Fields {
			if !refSupports(f.Type) {
				return false
			}
		}
		return true
	}
	return false
}

// FuzzCloudTrail reads arbitrary bytes with both layouts: it must never
// panic, and valid {"Records":[objects]} input must read like the
// reference decoder.
func FuzzCloudTrail(f *testing.F) {
	if data, err := os.ReadFile(filepath.Join("testdata", "small.json")); err == nil {
		f.Add(data)
	}
	for _, s := range []string{
		``, ` `, `{}`, `{"Records":[]}`, `{"Records":null}`, `[1]`,
		`{"Records":[{"a":"1","b":2.5,"c":true,"o":{"x":"y","y":{"z":1},"l":["a",1]}}]}`,
		`{"Records":[{"a":"\u00e9\ud83d\ude00","A":"dup","o":{"X":[1,{"k":"v"}]}},{"a":x}]}`,
		`{"Records":[{"t":"2024-01-02T03:04:05Z","resources":[{"ARN":"a"},null,1]}]} {"Records":[{}]}`,
		`{"Records":[{"a":"` + "\xff\xfe" + `"}, {"a" : "\q"}]}`,
		"{\"a\":1}\n{\"a\":\n\n{\"b\":\"2\"}\r\n",
		`{"Records":[{"o":{"y":{"z":9223372036854775808}}},{"a":-0.5e-3},{"a":01}]}`,
		`{"Records":[{"a":[[[[[[[[[[]]]]]]]]]]}],"x":{"Records":1}}`,
	} {
		f.Add([]byte(s))
	}
	cols := fuzzColumns(f)
	f.Fuzz(func(t *testing.T, data []byte) {
		for _, lines := range []bool{false, true} {
			for _, ignore := range []bool{false, true} {
				for _, size := range []int{16, defaultBufSize} {
					r := newReader(bytes.NewReader(data), format.Options{Columns: cols, IgnoreMalformed: ignore, Name: "fuzz"}, lines, size)
					r.in.maxRec = 1 << 20
					rows, err := readAll(r, cols, 3)
					if err != nil && ignore {
						t.Fatalf("lines=%v: error with IgnoreMalformed: %v", lines, err)
					}
					if lines || ignore || size != 16 {
						continue
					}
					// Differential check of the CloudTrail layout.
					var file struct{ Records []json.RawMessage }
					if !json.Valid(data) || json.Unmarshal(data, &file) != nil || !utf8.Valid(data) {
						continue
					}
					var top map[string]json.RawMessage
					if json.Unmarshal(data, &top) != nil {
						continue
					}
					objects := true
					for _, rec := range file.Records {
						if len(rec) == 0 || rec[0] != '{' {
							objects = false
						}
					}
					if raw, ok := top["Records"]; !objects || ok && len(raw) > 0 && raw[0] != '[' && string(raw) != "null" {
						continue
					}
					if len(top) != countTopKeys(data) {
						continue // duplicate top-level keys: the reference sees only the last
					}
					if err != nil {
						t.Fatalf("valid input: %v", err)
					}
					if len(rows) != len(file.Records) {
						t.Fatalf("%d rows, want %d", len(rows), len(file.Records))
					}
					for i, rec := range file.Records {
						if hasFoldDuplicates(rec) {
							continue
						}
						want := refRow(rec, refCols(cols))
						for j := range cols {
							if !refSupports(cols[j].Type) {
								continue
							}
							if !reflect.DeepEqual(rows[i][j], want[j]) && !bothNaN(rows[i][j], want[j]) {
								t.Fatalf("record %d column %v %s: got %s, want %s", i, cols[j].Path, cols[j].Type, describe(rows[i][j]), describe(want[j]))
							}
						}
					}
				}
			}
		}
	})
}

// refCols replaces the columns the reference cannot decode by varchar.
func refCols(cols []format.Column) []format.Column {
	out := make([]format.Column, len(cols))
	for i, c := range cols {
		out[i] = c
		if !refSupports(c.Type) {
			out[i].Type = types.VarcharType
		}
	}
	return out
}

func bothNaN(a, b any) bool {
	fa, ok1 := a.(float64)
	fb, ok2 := b.(float64)
	return ok1 && ok2 && fa != fa && fb != fb
}

// countTopKeys counts the members of the top-level object.
func countTopKeys(data []byte) int {
	dec := json.NewDecoder(bytes.NewReader(data))
	if _, err := dec.Token(); err != nil {
		return -1
	}
	n := 0
	for dec.More() {
		if _, err := dec.Token(); err != nil {
			return -1
		}
		var v json.RawMessage
		if err := dec.Decode(&v); err != nil {
			return -1
		}
		n++
	}
	return n
}

// hasFoldDuplicates reports objects anywhere in v with keys equal under
// case folding, which the map-based reference cannot order.
func hasFoldDuplicates(v json.RawMessage) bool {
	dec := json.NewDecoder(bytes.NewReader(v))
	var walk func() bool
	walk = func() bool {
		tok, err := dec.Token()
		if err != nil {
			return true
		}
		switch tok {
		case json.Delim('{'):
			seen := map[string]bool{}
			for dec.More() {
				k, _ := dec.Token()
				ks, _ := k.(string)
				lk := string(bytes.ToLower([]byte(ks)))
				if seen[lk] {
					return true
				}
				seen[lk] = true
				if walk() {
					return true
				}
			}
			dec.Token()
		case json.Delim('['):
			for dec.More() {
				if walk() {
					return true
				}
			}
			dec.Token()
		}
		return false
	}
	return walk()
}
