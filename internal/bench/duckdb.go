package bench

import (
	"bytes"
	"context"
	"embed"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
)

// duckdbFiles is the Node.js package that drives DuckDB.
//
//go:embed duckdb/package.json duckdb/run.mjs
var duckdbFiles embed.FS

type duckDB struct {
	dir     string
	version string
}

// installDuckDB writes the driver script into dir and installs
// @duckdb/node-api there with npm, once.
func installDuckDB(ctx context.Context, dir string, log func(string, ...any)) (*duckDB, error) {
	if _, err := exec.LookPath("node"); err != nil {
		return nil, errNoNode
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, err
	}
	for _, name := range []string{"package.json", "run.mjs"} {
		b, _ := duckdbFiles.ReadFile("duckdb/" + name)
		if err := os.WriteFile(filepath.Join(dir, name), b, 0o644); err != nil {
			return nil, err
		}
	}
	if _, err := os.Stat(filepath.Join(dir, "node_modules", "@duckdb", "node-api")); err != nil {
		if _, err := exec.LookPath("npm"); err != nil {
			return nil, errNoNode
		}
		log("installing @duckdb/node-api with npm in %s ...", dir)
		cmd := exec.CommandContext(ctx, "npm", "install", "--no-audit", "--no-fund", "--loglevel=error")
		cmd.Dir = dir
		if out, err := cmd.CombinedOutput(); err != nil {
			return nil, fmt.Errorf("npm install @duckdb/node-api: %v\n%s", err, out)
		}
	}
	d := &duckDB{dir: dir}
	s := d.run(ctx, "SELECT 1", 1, 1)
	if s.Err != nil {
		return nil, s.Err
	}
	return d, nil
}

// run runs sql on DuckDB in a fresh node process: one warm-up, then runs
// timed runs.
func (d *duckDB) run(ctx context.Context, sql string, threads, runs int) Side {
	req, _ := json.Marshal(map[string]any{"sql": sql, "threads": threads, "runs": runs})
	cmd := exec.CommandContext(ctx, "node", "run.mjs")
	cmd.Dir = d.dir
	cmd.Stdin = bytes.NewReader(req)
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	if err := cmd.Run(); err != nil {
		msg := bytes.TrimSpace(stderr.Bytes())
		for _, line := range bytes.Split(msg, []byte("\n")) {
			if bytes.Contains(line, []byte("Error")) {
				msg = bytes.TrimPrefix(bytes.TrimSpace(line), []byte("["))
				break
			}
		}
		return Side{Err: fmt.Errorf("duckdb: %v: %s", err, msg)}
	}
	var out struct {
		Version string
		Seconds []float64
		Rows    [][]*string
		PeakRSS int64
	}
	if err := json.Unmarshal(stdout.Bytes(), &out); err != nil {
		return Side{Err: fmt.Errorf("duckdb: bad output: %v", err)}
	}
	d.version = out.Version
	s := Side{All: out.Seconds, Seconds: median(out.Seconds), PeakRSS: out.PeakRSS, Rows: len(out.Rows)}
	for _, r := range out.Rows {
		row := make([]string, len(r))
		for i, v := range r {
			row[i] = "NULL"
			if v != nil {
				row[i] = *v
			}
		}
		s.Answer = append(s.Answer, row)
	}
	return s
}
