package gen

import (
	"context"
	"os"
	"testing"
	"time"
)

func TestExplore(t *testing.T) {
	out := os.Getenv("GEN_OUT")
	if out == "" {
		t.Skip()
	}
	st, err := Generate(context.Background(), Options{Out: out, SizeMB: 10, Seed: 1, Start: time.Date(2025, 1, 6, 0, 0, 0, 0, time.UTC)})
	t.Logf("%+v %v", st, err)
}
