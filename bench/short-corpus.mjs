// The short-document corpus both dedup benchmarks read (bench/scale.mjs, bench/dedup-decision.mjs):
// one generator, so a cached bench/data/short-N.jsonl is the same corpus whichever wrote it.
import { createWriteStream, existsSync, mkdirSync, readFileSync, renameSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'

const shared = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'shared')

/**
 * Short documents of 6–12 words drawn from the words of real sentences (gsm8k), deterministic: one in
 * ten repeats an earlier document exactly and one in ten repeats it with one word changed, so both
 * deduplicators have work to do. Written to `data`/short-N.jsonl once, then reused.
 */
export function shortCorpus(data, n) {
  const path = join(data, `short-${n}.jsonl`)
  if (existsSync(path)) return path
  mkdirSync(data, { recursive: true })
  console.error(`generating ${n.toLocaleString('en-US')} short documents in ${path}`)
  const words = new Set()
  for (const line of readFileSync(join(shared, 'data', 'text', 'gsm8k_train.jsonl'), 'utf8').split('\n')) {
    if (line === '') continue
    for (const w of JSON.parse(line).question.split(/\s+/)) if (/^[A-Za-z][A-Za-z'-]*[.,?]?$/.test(w)) words.add(w)
  }
  const vocabulary = [...words]
  let seed = 11
  const rand = () => {
    seed = (seed + 0x6d2b79f5) >>> 0
    let t = seed
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
  const recent = []
  const tmp = `${path}.tmp`
  const fd = createWriteStream(tmp)
  let chunk = ''
  const write = () =>
    new Promise((resolve) => {
      if (fd.write(chunk)) resolve()
      else fd.once('drain', resolve)
      chunk = ''
    })
  return (async () => {
    for (let i = 0; i < n; i++) {
      const r = rand()
      let doc
      if (recent.length > 0 && r < 0.2) {
        const earlier = recent[Math.floor(rand() * recent.length)]
        if (r < 0.1) doc = earlier
        else {
          const tokens = earlier.split(' ')
          tokens[Math.floor(rand() * tokens.length)] = vocabulary[Math.floor(rand() * vocabulary.length)]
          doc = tokens.join(' ')
        }
      } else {
        const length = 6 + Math.floor(rand() * 7)
        doc = Array.from({ length }, () => vocabulary[Math.floor(rand() * vocabulary.length)]).join(' ')
      }
      if (recent.length < 10_000) recent.push(doc)
      else recent[Math.floor(rand() * recent.length)] = doc
      chunk += `{"id":${i},"text":${JSON.stringify(doc)}}\n`
      if (chunk.length > 1 << 20) await write()
    }
    await write()
    await new Promise((resolve) => fd.end(resolve))
    renameSync(tmp, path)
    return path
  })()
}
