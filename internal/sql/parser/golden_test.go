package parser

import (
	"errors"
	"flag"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"trawl/internal/sql/ast"
	"trawl/internal/sqlerr"
)

var update = flag.Bool("update", false, "rewrite the expected outputs of testdata/*.txtar")

// TestGolden parses every input of testdata/*.txtar and compares the result
// with the file that follows it. An input NAME.sql is a script for
// ParseStatements, NAME.expr an expression for ParseExpression; the output
// is NAME.ast (the dump of each statement) or NAME.err (the errors, one per
// line). Run with -update to rewrite the outputs.
func TestGolden(t *testing.T) {
	paths, err := filepath.Glob(filepath.Join("testdata", "*.txtar"))
	if err != nil {
		t.Fatal(err)
	}
	if len(paths) == 0 {
		t.Fatal("no testdata/*.txtar files")
	}
	for _, path := range paths {
		t.Run(filepath.Base(path), func(t *testing.T) {
			data, err := os.ReadFile(path)
			if err != nil {
				t.Fatal(err)
			}
			a := parseArchive(string(data))
			var out []archiveFile
			changed := false
			for i := 0; i < len(a.files); i++ {
				f := a.files[i]
				base, ext := splitExt(f.name)
				if ext != ".sql" && ext != ".expr" {
					t.Errorf("%s: unexpected file %s without an input before it", path, f.name)
					continue
				}
				out = append(out, f)
				src := strings.TrimSuffix(f.data, "\n")
				gotExt, got := runInput(t, f.name, ext, src)
				var want *archiveFile
				if i+1 < len(a.files) {
					if nb, ne := splitExt(a.files[i+1].name); nb == base && (ne == ".ast" || ne == ".err") {
						want = &a.files[i+1]
						i++
					}
				}
				if *update {
					if want == nil || want.name != base+gotExt || want.data != got {
						changed = true
					}
					out = append(out, archiveFile{name: base + gotExt, data: got})
					continue
				}
				switch {
				case want == nil:
					t.Errorf("%s: %s has no expected output; got %s:\n%s", path, f.name, gotExt, got)
				case want.name != base+gotExt || want.data != got:
					t.Errorf("%s: %s:\ngot %s:\n%s\nwant %s:\n%s", path, f.name, base+gotExt, got, want.name, want.data)
				}
			}
			if *update && changed {
				a.files = out
				if err := os.WriteFile(path, a.format(), 0o644); err != nil {
					t.Fatal(err)
				}
			}
		})
	}
}

func splitExt(name string) (string, string) {
	ext := filepath.Ext(name)
	return strings.TrimSuffix(name, ext), ext
}

// runInput parses one input and returns the output's extension and text.
func runInput(t *testing.T, name, ext, src string) (string, string) {
	t.Helper()
	var nodes []ast.Node
	var err error
	if ext == ".expr" {
		var e ast.Expr
		e, err = ParseExpression(src)
		if err == nil {
			nodes = append(nodes, e)
		}
	} else {
		var stmts []Stmt
		stmts, err = ParseStatements(src)
		for _, s := range stmts {
			if s.SQL != src[s.Offset:s.Offset+len(s.SQL)] {
				t.Errorf("%s: statement SQL %q does not match offset %d", name, s.SQL, s.Offset)
			}
			if s.Node.Pos() != s.Offset || s.Node.End() != s.Offset+len(s.SQL) {
				t.Errorf("%s: statement node spans %d-%d, its text %d-%d", name, s.Node.Pos(), s.Node.End(), s.Offset, s.Offset+len(s.SQL))
			}
			nodes = append(nodes, s.Node)
		}
	}
	if err != nil {
		return ".err", formatErr(err)
	}
	var b strings.Builder
	for _, n := range nodes {
		checkSpans(t, name, src, reflect.ValueOf(n), ast.Span{From: 0, To: len(src)})
		b.WriteString(dump(n))
		b.WriteByte('\n')
	}
	return ".ast", b.String()
}

// formatErr writes each error on its own line.
func formatErr(err error) string {
	var list sqlerr.List
	if errors.As(err, &list) {
		var b strings.Builder
		for _, e := range list {
			b.WriteString(e.Error() + "\n")
		}
		return b.String()
	}
	return err.Error() + "\n"
}

// checkSpans verifies that every node's span lies inside its parent's.
func checkSpans(t *testing.T, name, src string, v reflect.Value, parent ast.Span) {
	switch v.Kind() {
	case reflect.Interface, reflect.Pointer:
		if v.IsNil() {
			return
		}
		checkSpans(t, name, src, v.Elem(), parent)
	case reflect.Slice:
		for i := 0; i < v.Len(); i++ {
			checkSpans(t, name, src, v.Index(i), parent)
		}
	case reflect.Struct:
		if v.Type() == spanType {
			return
		}
		sf := v.FieldByName("Span")
		if !sf.IsValid() {
			return
		}
		s := sf.Interface().(ast.Span)
		if s.From > s.To || s.From < parent.From || s.To > parent.To {
			t.Errorf("%s: %s spans %d-%d outside its parent %d-%d (%q)", name, v.Type().Name(), s.From, s.To, parent.From, parent.To, src[parent.From:parent.To])
			return
		}
		for i := 0; i < v.NumField(); i++ {
			if v.Type().Field(i).Type != spanType {
				checkSpans(t, name, src, v.Field(i), s)
			}
		}
	}
}
