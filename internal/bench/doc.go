// Package bench is trawl's end-to-end benchmark: it generates a trail with
// gen (once, reused while its parameters stay the same), creates the seed
// table over it, and times the seed queries and a few everyday ones through
// the engine, reporting per query the rows, the median seconds of several
// runs after a warm-up, the compressed and uncompressed bytes read, MB/s of
// uncompressed JSON (in all and per worker) and the process's peak resident
// memory during the query.
//
// When asked, it runs the same questions on DuckDB (the npm package
// @duckdb/node-api, driven by a small Node.js script embedded here) over
// the same files with the same number of threads, alternating with trawl
// query by query so that both see the same page cache, and checks that
// both give the same answers.
//
// `trawl bench` prints the report; bench_test.go has the same queries as
// `go test -bench` benchmarks.
package bench
