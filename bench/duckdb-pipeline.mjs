// The reference pipeline in DuckDB SQL, run in its own process so its time, CPU and memory are its own.
// node bench/duckdb-pipeline.mjs INPUT.(jsonl|parquet) OUTPUT.parquet THREADS  → prints one JSON line
import { DuckDBInstance } from '@duckdb/node-api'

const [input, output, threads = '2'] = process.argv.slice(2)
// Python's str.strip() set, and Data-Juicer's VARIOUS_WHITESPACES without the plain space.
const PY_WS =
  '\t\n\u000b\u000c\r\u001c\u001d\u001e\u001f \u0085\u00a0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a\u2028\u2029\u202f\u205f\u3000'
const OTHER = '\t\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a\u00a0\u202f\u205f\u3000\u200b\u200c\u200d\u2060\ufffc\u0084'
const q = (s) => `'${s.replace(/'/g, "''")}'`
const source = input.endsWith('.parquet') ? `read_parquet(${q(input)})` : `read_json(${q(input)}, format = 'newline_delimited')`

const started = performance.now()
const db = await DuckDBInstance.create(':memory:')
const c = await db.connect()
await c.run(`SET threads = ${Number(threads)}`)
await c.run(`COPY (
  WITH src AS (SELECT *, row_number() OVER () AS __rn FROM ${source}),
  ws AS (SELECT * REPLACE (regexp_replace(trim(text, ${q(PY_WS)}), ${q(`[${OTHER}]`)}, ' ', 'g') AS text) FROM src),
  kept AS (
    SELECT * FROM ws
    WHERE length(text) BETWEEN 50 AND 20000
      AND length(regexp_replace(text, '[^\\p{L}\\p{N}]', '', 'g')) / length(text) >= 0.25
  ),
  dedup AS (SELECT * FROM kept QUALIFY row_number() OVER (PARTITION BY md5(text) ORDER BY __rn) = 1)
  SELECT * EXCLUDE (__rn) FROM dedup ORDER BY __rn
) TO ${q(output)} (FORMAT parquet, COMPRESSION zstd)`)
const rows = Number((await c.runAndReadAll(`SELECT count(*) FROM read_parquet(${q(output)})`)).getRows()[0][0])
const usage = process.resourceUsage()
console.log(
  JSON.stringify({
    wall_s: (performance.now() - started) / 1000,
    rows,
    cpu_s: (usage.userCPUTime + usage.systemCPUTime) / 1e6,
    max_rss_mb: Math.round(usage.maxRSS / 1024)
  })
)
