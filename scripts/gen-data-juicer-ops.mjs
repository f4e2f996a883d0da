// Writes src/engine/ops/data-juicer-ops.json from Data-Juicer's operator list (ops.json in the
// shared reference material): each operator's name, kind and parameters with their defaults as
// Data-Juicer's source writes them, one operator a line. `sieve ops` compares Sieve's operators
// against it. Usage: node scripts/gen-data-juicer-ops.mjs [path/to/ops.json]
import { readFileSync, writeFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'

const root = join(dirname(fileURLToPath(import.meta.url)), '..')
const source = process.argv[2] ?? join(root, '..', 'shared', 'reference', 'data-juicer', 'ops.json')
const reference = JSON.parse(readFileSync(source, 'utf8'))
const ops = Object.entries(reference.ops)
  .map(([name, op]) => ({ name, kind: op.kind, params: op.params }))
  .sort((a, b) => a.name.localeCompare(b.name))
const lines = ops.map((op) => `    ${JSON.stringify(op)}`)
const out = `{
  "source": ${JSON.stringify(`${reference.source} at commit ${reference.commit} (Apache License 2.0), data_juicer/ops/*`)},
  "commit": ${JSON.stringify(reference.commit)},
  "ops": [
${lines.join(',\n')}
  ]
}
`
writeFileSync(join(root, 'src', 'engine', 'ops', 'data-juicer-ops.json'), out)
console.log(`${ops.length} operators written`)
