// Single-thread throughput of every operator on generated web-like text (gen-corpus), in MB of text per second.
// Then the operators' known worst-case inputs (ops-worst-case.ts) against their time budget.
// Run: npm run bench:ops [-- --rows 20000]
import { execFileSync } from 'node:child_process'
import { existsSync, mkdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import type { RecordBatch } from 'apache-arrow'
import { inferRecordSchema, rowsToBatch, conformRecord } from '../src/engine/io/schema'
import { getOpDefinition, listOps, resolveParams } from '../src/engine/ops'
import { readStrings } from '../src/engine/ops/batch'
import { KEY_COLUMN } from '../src/engine/ops/global'
import { BUDGET_MS, worstCases } from './ops-worst-case'

const root = join(__dirname, '..')
const rowsArg = process.argv.indexOf('--rows')
const ROWS = rowsArg > 0 ? Number(process.argv[rowsArg + 1]) : 20000
const corpus = join(root, 'bench', 'data', `ops-corpus-${ROWS}.jsonl`)

/** Parameters for operators that need some to do anything. */
const PARAMS: Record<string, Record<string, unknown>> = {
  specified_field_filter: { field_key: 'meta.source', target_value: ['forum'] },
  specified_numeric_field_filter: { field_key: 'id', min_value: 100 },
  text_chunk_mapper: { max_len: 500 },
  random_selector: { select_ratio: 0.5 },
  topk_specified_field_selector: { field_key: 'meta.ts', top_ratio: 0.5 },
  suffix_filter: {}
}

async function main(): Promise<void> {
  if (!existsSync(corpus)) {
    mkdirSync(join(root, 'bench', 'data'), { recursive: true })
    execFileSync(process.execPath, [join(root, '..', 'shared', 'tools', 'gen-corpus.mjs'), '--rows', String(ROWS), '--out', corpus])
  }
  const records = readFileSync(corpus, 'utf8')
    .trimEnd()
    .split('\n')
    .map((l) => JSON.parse(l) as Record<string, unknown>)
  const schema = inferRecordSchema(records.slice(0, 2000), ['text'])
  const rows = records.map((r) => conformRecord(r, schema, ['text'])).flatMap((c) => ('row' in c ? [c.row] : []))
  const batches: RecordBatch[] = []
  for (let i = 0; i < rows.length; i += 4096) batches.push(rowsToBatch(rows.slice(i, i + 4096), schema))
  const textMb = records.reduce((n, r) => n + Buffer.byteLength(String(r.text)), 0) / (1 << 20)
  const results: { name: string; kind: string; mbPerS: number; seconds: number }[] = []
  for (const info of listOps()) {
    const def = getOpDefinition(info.name)
    await def.prepare?.()
    const op = def.create(resolveParams(info, PARAMS[info.name] ?? {}), { textKey: 'text' })
    const started = performance.now()
    if (op.kind === 'deduplicator' || op.kind === 'selector') {
      const decision = op.decision()
      for (const b of batches) decision.add(readStrings(op.computeKeys(b), KEY_COLUMN))
      decision.finish()
    } else {
      for (const b of batches) op.process(b, false)
    }
    const seconds = (performance.now() - started) / 1000
    results.push({ name: info.name, kind: info.kind, seconds, mbPerS: textMb / seconds })
  }
  results.sort((a, b) => a.mbPerS - b.mbPerS)
  const lines = [
    `${rows.length.toLocaleString('en-US')} rows, ${textMb.toFixed(1)} MB of text, one thread, batches of 4,096 rows`,
    '',
    '| operator | kind | MB/s | s |',
    '|---|---|---|---|',
    ...results.map((r) => `| ${r.name} | ${r.kind} | ${r.mbPerS.toFixed(1)} | ${r.seconds.toFixed(2)} |`),
    '',
    `Slowest five: ${results
      .slice(0, 5)
      .map((r) => `${r.name} (${r.mbPerS.toFixed(1)} MB/s)`)
      .join(', ')}`,
    '',
    `Worst-case inputs (budget ${BUDGET_MS} ms each):`,
    ...worstCases().map((c) => `- ${c.name}: ${c.ms.toFixed(0)} ms${c.withinBudget ? '' : ' — OVER BUDGET'}`)
  ]
  console.log(lines.join('\n'))
}

void main()
