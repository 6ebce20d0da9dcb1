package bench

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

// benchDir is where the benchmark trail lives between runs: TRAWL_BENCH_DIR
// or a folder under the system temp dir. Its size is TRAWL_BENCH_MB
// (default 200).
func benchOptions(tb testing.TB) Options {
	dir := os.Getenv("TRAWL_BENCH_DIR")
	if dir == "" {
		dir = filepath.Join(os.TempDir(), "trawl-bench")
	}
	mb := 200.0
	if s := os.Getenv("TRAWL_BENCH_MB"); s != "" {
		v, err := strconv.ParseFloat(s, 64)
		if err != nil {
			tb.Fatalf("TRAWL_BENCH_MB: %v", err)
		}
		mb = v
	}
	return Options{Dir: dir, SizeMB: mb, Seed: 1}
}

// BenchmarkQueries times each benchmark query through the engine over a
// generated trail; MB/s is uncompressed JSON decoded, peak-MB the
// process's peak resident set.
//
//	go test -run '^$' -bench Queries -benchtime 5x ./internal/bench/
func BenchmarkQueries(b *testing.B) {
	ctx := context.Background()
	o := benchOptions(b)
	if _, err := Trail(ctx, o); err != nil {
		b.Fatal(err)
	}
	e, closeFn, err := OpenEngine(ctx, o)
	if err != nil {
		b.Fatal(err)
	}
	defer closeFn()
	for _, q := range Queries() {
		b.Run(q.Name, func(b *testing.B) {
			rows, res, err := RunQuery(ctx, e, q.SQL) // warm-up
			if err != nil {
				b.Fatal(err)
			}
			b.SetBytes(res.Stats.BytesDecoded.Load())
			resetPeakRSS()
			b.ResetTimer()
			for b.Loop() {
				if _, _, err := RunQuery(ctx, e, q.SQL); err != nil {
					b.Fatal(err)
				}
			}
			b.ReportMetric(float64(len(rows)), "rows")
			b.ReportMetric(float64(peakRSS())/1e6, "peak-MB")
		})
	}
}

// TestRunAgainstDuckDB runs the whole benchmark on a small trail with
// DuckDB as the peer and requires every answer to agree: DuckDB computes
// each seed query's answer independently over the same files.
func TestRunAgainstDuckDB(t *testing.T) {
	ensureNode(t)
	dir := t.TempDir()
	duckDir := filepath.Join(dir, "duckdb")
	if cache, err := os.UserCacheDir(); err == nil {
		duckDir = filepath.Join(cache, "trawl", "duckdb") // installed once per machine
	}
	rep, err := Run(context.Background(), Options{Dir: dir, SizeMB: 30, Runs: 1, DuckDB: true, DuckDBDir: duckDir, Seed: 3})
	if err != nil {
		t.Fatal(err)
	}
	if len(rep.Results) != len(Queries()) {
		t.Fatalf("%d results for %d queries", len(rep.Results), len(Queries()))
	}
	for _, r := range rep.Results {
		if r.DuckDB == nil || r.DuckDB.Err != nil {
			t.Errorf("%s: duckdb did not answer: %+v", r.Name, r.DuckDB)
			continue
		}
		if r.Agree != "yes" {
			t.Errorf("%s: trawl and DuckDB disagree\ntrawl:  %v\nduckdb: %v", r.Name, head(r.Trawl.Answer), head(r.DuckDB.Answer))
		}
		if r.Trawl.Rows == 0 {
			t.Errorf("%s: no rows; the trail should answer every query", r.Name)
		}
		if !r.EarlyStop && (r.UncompressedBytes == 0 || r.Trawl.Seconds <= 0 || r.Trawl.PeakRSS <= 0) {
			t.Errorf("%s: figures missing: %+v", r.Name, r)
		}
	}
	var out strings.Builder
	rep.Write(&out)
	if !strings.Contains(out.String(), "seed1 count support calls") || !strings.Contains(out.String(), "DuckDB v") {
		t.Errorf("report:\n%s", out.String())
	}
}

// ensureNode installs Node.js and npm with apt-get when the machine lacks
// them (a fresh CI machine), so the DuckDB peer can run.
func ensureNode(t *testing.T) {
	t.Helper()
	if _, err := exec.LookPath("npm"); err == nil {
		return
	}
	if _, err := exec.LookPath("apt-get"); err != nil {
		t.Fatal("node and npm are needed for the DuckDB peer, and apt-get is not available to install them")
	}
	for _, args := range [][]string{{"apt-get", "update", "-q"}, {"apt-get", "install", "-y", "-q", "nodejs", "npm"}} {
		cmd := exec.Command(args[0], args[1:]...)
		cmd.Env = append(os.Environ(), "DEBIAN_FRONTEND=noninteractive")
		if out, err := cmd.CombinedOutput(); err != nil {
			t.Fatalf("%v: %v\n%s", args, err, out)
		}
	}
}
