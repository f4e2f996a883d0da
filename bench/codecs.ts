// Parquet write speed per codec: the same ~100 MB of generated text encoded with each codec Sieve
// offers, median of --runs runs (default 3). Run: node --import tsx bench/codecs.ts [--json]
import type { RecordBatch } from 'apache-arrow'
import { readBatches } from '../src/engine/io/read-file'
import { encodeParquet } from '../src/engine/io/write'
import type { ParquetCodec } from '../src/shared/recipe'
import { parquetCorpus } from './corpus'
const args = process.argv.slice(2)
const RUNS = Number(args[args.indexOf('--runs') + 1] ?? 3) || 3
const CODECS: ParquetCodec[] = ['none', 'snappy', 'lz4', 'zstd', 'gzip', 'brotli']

/** Bytes of the batches' buffers: what the encoder reads. */
function arrowBytes(batches: RecordBatch[]): number {
  let n = 0
  const visit = (d: RecordBatch['data']): void => {
    n += ((d.values as unknown as ArrayBufferView | undefined)?.byteLength ?? 0) + (d.valueOffsets?.byteLength ?? 0) + (d.nullBitmap?.byteLength ?? 0)
    for (const c of d.children) visit(c as RecordBatch['data'])
  }
  for (const b of batches) visit(b.data)
  return n
}

async function main(): Promise<void> {
  const batches = await readBatches(parquetCorpus(100), 'parquet')
  const schema = batches[0]!.schema
  const inputMb = arrowBytes(batches) / (1 << 20)
  const results: Record<string, { mb_per_s: { median: number; min: number; max: number }; output_mb: number; ratio: number }> = {}
  for (const codec of CODECS) {
    const times: number[] = []
    let size = 0
    for (let i = 0; i < RUNS; i++) {
      const started = performance.now()
      size = encodeParquet(batches, schema, codec).byteLength
      times.push((performance.now() - started) / 1000)
    }
    const rates = times.map((t) => inputMb / t).sort((a, b) => a - b)
    results[codec] = {
      mb_per_s: { median: rates[Math.floor(rates.length / 2)]!, min: rates[0]!, max: rates[rates.length - 1]! },
      output_mb: size / (1 << 20),
      ratio: inputMb / (size / (1 << 20))
    }
  }
  if (args.includes('--json')) {
    console.log(JSON.stringify({ input_mb: inputMb, runs: RUNS, codecs: results }))
    return
  }
  const rows = [
    `Parquet write, one thread, ${inputMb.toFixed(0)} MB of Arrow text, ${RUNS} runs, median (min–max):`,
    '',
    '| codec | MB/s | output MB | ratio |',
    '|---|---|---|---|'
  ]
  for (const [codec, r] of Object.entries(results)) {
    rows.push(
      `| ${codec} | ${r.mb_per_s.median.toFixed(0)} (${r.mb_per_s.min.toFixed(0)}–${r.mb_per_s.max.toFixed(0)}) | ${r.output_mb.toFixed(1)} | ${r.ratio.toFixed(2)} |`
    )
  }
  console.log(rows.join('\n'))
}

void main()
