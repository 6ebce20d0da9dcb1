package parser

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// benchScript is every statement of testdata/seeds.txtar and queries.txtar.
func benchScript(b *testing.B) string {
	var parts []string
	for _, name := range []string{"seeds.txtar", "queries.txtar"} {
		data, err := os.ReadFile(filepath.Join("testdata", name))
		if err != nil {
			b.Fatal(err)
		}
		for _, f := range parseArchive(string(data)).files {
			if strings.HasSuffix(f.name, ".sql") {
				parts = append(parts, strings.TrimRight(strings.TrimSpace(f.data), ";"))
			}
		}
	}
	return strings.Join(parts, ";\n")
}

func BenchmarkParseStatements(b *testing.B) {
	src := benchScript(b)
	b.SetBytes(int64(len(src)))
	b.ReportAllocs()
	for i := 0; i < b.N; i++ {
		if _, err := ParseStatements(src); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkParseCloudTrailDDL(b *testing.B) {
	data, err := os.ReadFile(filepath.Join("testdata", "seeds.txtar"))
	if err != nil {
		b.Fatal(err)
	}
	var src string
	for _, f := range parseArchive(string(data)).files {
		if f.name == "002_1.sql" {
			src = f.data
		}
	}
	b.SetBytes(int64(len(src)))
	b.ReportAllocs()
	for i := 0; i < b.N; i++ {
		if _, err := ParseStatement(src); err != nil {
			b.Fatal(err)
		}
	}
}
