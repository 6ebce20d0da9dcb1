package bench

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"runtime/debug"
	"sort"
	"strconv"
	"strings"
	"time"

	"trawl/internal/catalog"
	"trawl/internal/demo"
	"trawl/internal/engine"
	"trawl/internal/gen"
	"trawl/internal/storage"
	"trawl/internal/storage/file"
)

// Options configure Run.
type Options struct {
	Dir     string  // working folder: the generated trail and the bench's own catalog
	SizeMB  float64 // uncompressed JSON to generate (default 1000)
	Days    int     // days of trail from 2025-01-01 (default 14; the seed queries read days 2 to 7)
	Seed    int64
	Runs    int // timed runs per query after one warm-up (default 5)
	Workers int // scan workers and DuckDB threads (default GOMAXPROCS)
	DuckDB  bool
	// DuckDBDir is where @duckdb/node-api is installed (default Dir/duckdb).
	DuckDBDir string
	// Only, when set, keeps the queries whose name contains it.
	Only string
	// Log receives progress lines (generation, installs); nil: discarded.
	Log func(format string, args ...any)
}

// Side is one engine's figures for one query.
type Side struct {
	Rows    int
	Seconds float64 // median of the timed runs
	All     []float64
	PeakRSS int64 // bytes, the process's peak resident set during the timed runs
	Answer  [][]string
	Err     error
}

// Result is one query's figures.
type Result struct {
	Query
	Trawl             Side
	CompressedBytes   int64 // read from the store, per run
	UncompressedBytes int64 // JSON decoded, per run
	Files             int64
	Partitions        int64
	DuckDB            *Side // nil when not run
	Agree             string
}

// MBps is uncompressed JSON per second for a side.
func (r *Result) MBps(s *Side) float64 {
	if s == nil || s.Seconds == 0 {
		return 0
	}
	return float64(r.UncompressedBytes) / 1e6 / s.Seconds
}

// Report is a whole run.
type Report struct {
	Options       Options
	Trail         gen.Stats
	DuckDBVersion string
	Results       []Result
}

const bucket = "bench-bucket"

// Trail generates the benchmark trail into dir unless a trail with the
// same parameters is already there, and returns its statistics.
func Trail(ctx context.Context, o Options) (gen.Stats, error) {
	o = o.withDefaults()
	marker := filepath.Join(o.Dir, "trail.json")
	want := fmt.Sprintf(`{"size_mb":%g,"days":%d,"seed":%d}`, o.SizeMB, o.Days, o.Seed)
	var st gen.Stats
	if b, err := os.ReadFile(marker); err == nil {
		var m struct {
			Params string
			Stats  gen.Stats
		}
		if json.Unmarshal(b, &m) == nil && m.Params == want {
			return m.Stats, nil
		}
	}
	o.log("generating %g MB of trail over %d days in %s ...", o.SizeMB, o.Days, o.Dir)
	os.Remove(marker)
	if err := os.RemoveAll(filepath.Join(o.Dir, "buckets")); err != nil {
		return st, err
	}
	os.Remove(filepath.Join(o.Dir, "catalog.db"))
	st, err := gen.Generate(ctx, gen.Options{Out: filepath.Join(o.Dir, "buckets", bucket), Accounts: []string{demo.Account},
		Regions: []string{demo.Region}, Start: time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC), Days: o.Days, SizeMB: o.SizeMB, Seed: o.Seed})
	if err != nil {
		return st, err
	}
	b, _ := json.Marshal(map[string]any{"Params": want, "Stats": st})
	return st, os.WriteFile(marker, b, 0o644)
}

func (o Options) withDefaults() Options {
	if o.SizeMB == 0 {
		o.SizeMB = 1000
	}
	if o.Days == 0 {
		o.Days = 14
	}
	if o.Runs == 0 {
		o.Runs = 5
	}
	if o.Workers == 0 {
		o.Workers = runtime.GOMAXPROCS(0)
	}
	if o.DuckDBDir == "" {
		o.DuckDBDir = filepath.Join(o.Dir, "duckdb")
	}
	if o.Log == nil {
		o.Log = func(string, ...any) {}
	}
	return o
}

func (o Options) log(format string, args ...any) { o.Log(format, args...) }

// OpenEngine opens the bench's catalog over the trail in dir and creates
// the seed tables.
func OpenEngine(ctx context.Context, o Options) (*engine.Engine, func(), error) {
	o = o.withDefaults()
	cat, err := catalog.Open(filepath.Join(o.Dir, "catalog.db"))
	if err != nil {
		return nil, nil, err
	}
	e := &engine.Engine{Catalog: cat, Workers: o.Workers,
		Store: &storage.Router{S3: file.New(filepath.Join(o.Dir, "buckets")), File: file.New("/")}}
	for _, ddl := range demo.Setup(bucket, demo.Account, demo.Region) {
		if err := e.Run(ctx, ddl, &engine.Session{Database: "default"}, func(*engine.Result) error { return nil }); err != nil {
			cat.Close()
			return nil, nil, err
		}
	}
	return e, func() { cat.Close() }, nil
}

// Run generates (or reuses) the trail and times every query.
func Run(ctx context.Context, o Options) (*Report, error) {
	o = o.withDefaults()
	rep := &Report{Options: o}
	st, err := Trail(ctx, o)
	if err != nil {
		return nil, err
	}
	rep.Trail = st
	e, closeFn, err := OpenEngine(ctx, o)
	if err != nil {
		return nil, err
	}
	defer closeFn()
	var duck *duckDB
	if o.DuckDB {
		if duck, err = installDuckDB(ctx, o.DuckDBDir, o.log); err != nil {
			return nil, err
		}
		rep.DuckDBVersion = duck.version
	}
	prefix := filepath.Join(o.Dir, "buckets", bucket, "AWSLogs", demo.Account, "CloudTrail", demo.Region)
	if abs, err := filepath.Abs(prefix); err == nil {
		prefix = abs
	}
	days, all, err := trailFiles(prefix)
	if err != nil {
		return nil, err
	}
	for _, q := range Queries() {
		if o.Only != "" && !strings.Contains(q.Name, o.Only) {
			continue
		}
		o.log("%s ...", q.Name)
		r := Result{Query: q}
		if err := runTrawl(ctx, e, o.Runs, &r); err != nil {
			return nil, fmt.Errorf("%s: %w", q.Name, err)
		}
		if duck != nil && q.DuckDB != "" {
			s := duck.run(ctx, duckSQL(q.DuckDB, days, all), o.Workers, o.Runs)
			r.DuckDB = &s
			r.Agree = compare(q.Check, r.Trawl.Answer, s.Answer, s.Err)
		}
		rep.Results = append(rep.Results, r)
	}
	return rep, nil
}

// RunQuery runs sql once through the engine, returning the formatted rows
// and the run's statistics.
func RunQuery(ctx context.Context, e *engine.Engine, sql string) (rows [][]string, res *engine.Result, err error) {
	err = e.Run(ctx, sql, &engine.Session{Database: "default"}, func(r *engine.Result) error {
		res = r
		var err error
		rows, err = r.Strings(ctx)
		return err
	})
	return rows, res, err
}

func runTrawl(ctx context.Context, e *engine.Engine, runs int, r *Result) error {
	if _, _, err := RunQuery(ctx, e, r.SQL); err != nil { // warm-up: page cache, catalog
		return err
	}
	debug.FreeOSMemory()
	resetPeakRSS()
	for i := 0; i < runs; i++ {
		t0 := time.Now()
		rows, res, err := RunQuery(ctx, e, r.SQL)
		if err != nil {
			return err
		}
		r.Trawl.All = append(r.Trawl.All, time.Since(t0).Seconds())
		r.Trawl.Rows, r.Trawl.Answer = len(rows), rows
		r.CompressedBytes, r.UncompressedBytes = res.Stats.BytesScanned.Load(), res.Stats.BytesDecoded.Load()
		r.Files, r.Partitions = res.Stats.Files.Load(), res.Stats.Partitions.Load()
	}
	r.Trawl.PeakRSS = peakRSS()
	r.Trawl.Seconds = median(r.Trawl.All)
	return nil
}

func median(xs []float64) float64 {
	if len(xs) == 0 {
		return 0
	}
	s := append([]float64(nil), xs...)
	sort.Float64s(s)
	if len(s)%2 == 1 {
		return s[len(s)/2]
	}
	return (s[len(s)/2-1] + s[len(s)/2]) / 2
}

// resetPeakRSS resets the kernel's high-water mark of this process's
// resident set (Linux; elsewhere a no-op, and peakRSS reports 0).
func resetPeakRSS() { os.WriteFile("/proc/self/clear_refs", []byte("5"), 0) }

// peakRSS is VmHWM of this process in bytes.
func peakRSS() int64 { return procStatusKB("/proc/self/status", "VmHWM:") * 1024 }

func procStatusKB(path, key string) int64 {
	b, err := os.ReadFile(path)
	if err != nil {
		return 0
	}
	for _, line := range strings.Split(string(b), "\n") {
		if rest, ok := strings.CutPrefix(line, key); ok {
			n, _ := strconv.ParseInt(strings.TrimSuffix(strings.TrimSpace(rest), " kB"), 10, 64)
			return n
		}
	}
	return 0
}

// compare checks two answers by the query's rule.
func compare(c Check, a, b [][]string, err error) string {
	if err != nil {
		return "error"
	}
	switch c {
	case SameCount:
		if len(a) == len(b) {
			return "yes"
		}
	case SameFirstColumn:
		if len(a) != len(b) {
			return "no"
		}
		for i := range a {
			if a[i][0] != b[i][0] {
				return "no"
			}
		}
		return "yes"
	case SameRows:
		key := func(rows [][]string) []string {
			out := make([]string, len(rows))
			for i, r := range rows {
				out[i] = strings.Join(r, "\x00")
			}
			sort.Strings(out)
			return out
		}
		ka, kb := key(a), key(b)
		if len(ka) != len(kb) {
			return "no"
		}
		for i := range ka {
			if ka[i] != kb[i] {
				return "no"
			}
		}
		return "yes"
	}
	return "no"
}

var errNoNode = errors.New("node and npm are needed to run DuckDB (@duckdb/node-api)")
