// Runs one query on DuckDB: reads {sql, threads, runs} as JSON on stdin,
// runs it once to warm up and then `runs` times, and prints
// {version, seconds: [...], rows: [[...]], peakRSS} as JSON on stdout.
// Values are printed as strings (NULL as null) for comparison with trawl.
import { DuckDBInstance } from '@duckdb/node-api';
import { readFileSync, writeFileSync } from 'node:fs';

const req = JSON.parse(readFileSync(0, 'utf8'));
const inst = await DuckDBInstance.create(':memory:', { threads: String(req.threads) });
const con = await inst.connect();
const version = (await con.runAndReadAll('SELECT version()')).getRows()[0][0];

function str(v) {
  if (v === null || v === undefined) return 'NULL';
  if (typeof v === 'object') return JSON.stringify(v, (k, x) => typeof x === 'bigint' ? x.toString() : x);
  return String(v);
}

await con.runAndReadAll(req.sql);
try { writeFileSync('/proc/self/clear_refs', '5'); } catch (e) { /* not Linux */ }
const seconds = [];
let rows = [];
for (let i = 0; i < req.runs; i++) {
  const t0 = performance.now();
  const r = await con.runAndReadAll(req.sql);
  rows = r.getRows();
  seconds.push((performance.now() - t0) / 1000);
}
let peakRSS = 0;
try {
  const m = /VmHWM:\s+(\d+) kB/.exec(readFileSync('/proc/self/status', 'utf8'));
  if (m) peakRSS = Number(m[1]) * 1024;
} catch (e) { /* not Linux */ }
process.stdout.write(JSON.stringify({ version, seconds, rows: rows.map(r => r.map(str)), peakRSS }));
