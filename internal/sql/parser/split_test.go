package parser

import "testing"

func TestSplit(t *testing.T) {
	src := "SELECT ';' AS a; -- x; y\n;SELECT \"b;c\" FROM t /* ; */ ;\n\n; VALUES 1"
	got := Split(src)
	want := []string{"SELECT ';' AS a", "SELECT \"b;c\" FROM t", "VALUES 1"}
	if len(got) != len(want) {
		t.Fatalf("Split gave %d statements: %+v", len(got), got)
	}
	for i, s := range got {
		if s.SQL != want[i] || src[s.Offset:s.Offset+len(s.SQL)] != s.SQL {
			t.Errorf("statement %d: %q at %d, want %q", i, s.SQL, s.Offset, want[i])
		}
	}
	if n := len(Split(" ;; -- nothing\n")); n != 0 {
		t.Errorf("empty script: %d statements", n)
	}
}
