// Builds resources/sample/gsm8k-sample.jsonl from the GSM8K training set in ../shared/data/text.
// Run: node scripts/make-sample.mjs [path/to/gsm8k_train.jsonl]
import { readFileSync, writeFileSync } from 'node:fs'
import { join, dirname } from 'node:path'
import { fileURLToPath } from 'node:url'

const root = join(dirname(fileURLToPath(import.meta.url)), '..')
const source = process.argv[2] ?? join(root, '..', 'shared', 'data', 'text', 'gsm8k_train.jsonl')
const ROWS = 3000

const lines = readFileSync(source, 'utf8')
  .split('\n')
  .filter((l) => l.trim() !== '')
const out = lines.slice(0, ROWS).map((line, i) => {
  const { question, answer } = JSON.parse(line)
  return JSON.stringify({
    id: `gsm8k-train-${String(i).padStart(5, '0')}`,
    text: `${question}\n\n${answer}`,
    source: 'gsm8k'
  })
})
writeFileSync(join(root, 'resources', 'sample', 'gsm8k-sample.jsonl'), `${out.join('\n')}\n`)
console.log(`wrote ${out.length} rows`)
