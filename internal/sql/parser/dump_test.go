package parser

import (
	"fmt"
	"reflect"
	"strconv"
	"strings"

	"trawl/internal/sql/ast"
	"trawl/internal/types"
)

// dump renders a syntax tree as a compact, deterministic S-expression:
// (Type@from-to field=value ...), identifiers as name@from (or "Name"@from
// when quoted), zero-valued fields left out. Nodes that do not fit on one
// line put each field on its own indented line.
func dump(n any) string {
	var b strings.Builder
	writeValue(&b, reflect.ValueOf(n), 0)
	return b.String()
}

const dumpWidth = 100

var (
	identType = reflect.TypeOf(&ast.Ident{})
	typeType  = reflect.TypeOf(&types.Type{})
	spanType  = reflect.TypeOf(ast.Span{})
)

func writeValue(b *strings.Builder, v reflect.Value, indent int) {
	b.WriteString(render(v, indent))
}

// render returns the text of v at the given indentation.
func render(v reflect.Value, indent int) string {
	switch v.Kind() {
	case reflect.Interface:
		if v.IsNil() {
			return "nil"
		}
		return render(v.Elem(), indent)
	case reflect.Pointer:
		if v.IsNil() {
			return "nil"
		}
		switch v.Type() {
		case identType:
			id := v.Interface().(*ast.Ident)
			if id.Quoted {
				return fmt.Sprintf("%q@%d", id.Name, id.From)
			}
			return fmt.Sprintf("%s@%d", id.Name, id.From)
		case typeType:
			return v.Interface().(*types.Type).String()
		}
		if v.Elem().Kind() == reflect.Bool {
			return strconv.FormatBool(v.Elem().Bool())
		}
		return render(v.Elem(), indent)
	case reflect.Struct:
		return renderStruct(v, indent)
	case reflect.Slice:
		parts := make([]string, v.Len())
		for i := range parts {
			parts[i] = render(v.Index(i), indent+2)
		}
		return renderList("[", "]", parts, indent)
	case reflect.String:
		return strconv.Quote(v.String())
	case reflect.Bool:
		return strconv.FormatBool(v.Bool())
	case reflect.Int:
		return strconv.Itoa(int(v.Int()))
	}
	return fmt.Sprintf("?%s", v.Kind())
}

func renderStruct(v reflect.Value, indent int) string {
	t := v.Type()
	head := t.Name()
	var fields []string
	for i := 0; i < t.NumField(); i++ {
		f := t.Field(i)
		fv := v.Field(i)
		if f.Type == spanType {
			s := fv.Interface().(ast.Span)
			head += fmt.Sprintf("@%d-%d", s.From, s.To)
			continue
		}
		if f.Name == "OpPos" || isZero(fv) && !(t.Name() == "BoolLit" && f.Name == "Value") {
			continue
		}
		fields = append(fields, strings.ToLower(f.Name)+"="+render(fv, indent+2))
	}
	return renderList("("+head, ")", fields, indent)
}

func renderList(open, close string, parts []string, indent int) string {
	if len(parts) == 0 {
		return open + close
	}
	one := open
	if open != "[" {
		one += " "
	}
	one += strings.Join(parts, " ") + close
	if len(one)+indent <= dumpWidth && !strings.Contains(one, "\n") {
		return one
	}
	pad := "\n" + strings.Repeat(" ", indent+2)
	return open + pad + strings.Join(parts, pad) + close
}

func isZero(v reflect.Value) bool {
	switch v.Kind() {
	case reflect.Pointer, reflect.Interface:
		return v.IsNil()
	case reflect.Slice:
		return v.IsNil()
	case reflect.String:
		return v.Len() == 0
	case reflect.Bool:
		return !v.Bool()
	}
	return false
}
