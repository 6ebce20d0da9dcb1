package parser

import (
	"errors"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"trawl/internal/sql/ast"
	"trawl/internal/sqlerr"
)

// FuzzParse checks that no input makes the parser panic or loop, that
// results have spans inside the text, and that errors are positioned
// *sqlerr.Error values.
func FuzzParse(f *testing.F) {
	paths, _ := filepath.Glob(filepath.Join("testdata", "*.txtar"))
	for _, p := range paths {
		data, err := os.ReadFile(p)
		if err != nil {
			f.Fatal(err)
		}
		for _, file := range parseArchive(string(data)).files {
			if strings.HasSuffix(file.name, ".sql") || strings.HasSuffix(file.name, ".expr") {
				f.Add(file.data)
			}
		}
	}
	for _, s := range []string{"", ";", "(", "'", "U&'\\", "X'", "SELECT (((", "SELECT a.*.*", "CREATE TABLE t (a struct<", "SELECT 1 -- x", "/*"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, src string) {
		stmts, err := ParseStatements(src)
		checkErr(t, src, err)
		for _, s := range stmts {
			if s.Offset < 0 || s.Offset+len(s.SQL) > len(src) || src[s.Offset:s.Offset+len(s.SQL)] != s.SQL {
				t.Fatalf("statement text %q at %d does not match the source", s.SQL, s.Offset)
			}
			checkSpans(t, "fuzz", src, reflect.ValueOf(s.Node), ast.Span{From: 0, To: len(src)})
		}
		_, err = ParseStatement(src)
		checkErr(t, src, err)
		e, err := ParseExpression(src)
		checkErr(t, src, err)
		if err == nil {
			checkSpans(t, "fuzz", src, reflect.ValueOf(e), ast.Span{From: 0, To: len(src)})
		}
	})
}

func checkErr(t *testing.T, src string, err error) {
	if err == nil {
		return
	}
	var list sqlerr.List
	var one *sqlerr.Error
	switch {
	case errors.As(err, &list):
		if len(list) < 2 || len(list) > maxErrors {
			t.Fatalf("error list of %d", len(list))
		}
	case errors.As(err, &one):
		list = sqlerr.List{one}
	default:
		t.Fatalf("error %T %v is not a *sqlerr.Error", err, err)
	}
	for _, e := range list {
		if e.Offset < 0 || e.Offset > len(src) || e.Line < 1 || e.Column < 1 || e.Msg == "" {
			t.Fatalf("badly positioned error %+v", e)
		}
		if e.Code != sqlerr.SyntaxError && e.Code != sqlerr.NotSupported {
			t.Fatalf("unexpected code %s", e.Code)
		}
	}
}
