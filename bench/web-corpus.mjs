// The web-like corpus of the benchmarks (../shared/tools/gen-corpus.mjs), one file per size, made once.
import { execFileSync } from 'node:child_process'
import { existsSync, mkdirSync, renameSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'

const generator = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'shared', 'tools', 'gen-corpus.mjs')

/** `data`/corpus-`mb`mb.jsonl, generated on first use; written beside and renamed, so a killed generation is never reused as whole. */
export function webCorpus(data, mb) {
  const path = join(data, `corpus-${mb}mb.jsonl`)
  if (existsSync(path)) return path
  mkdirSync(data, { recursive: true })
  const part = `${path}.part`
  execFileSync(process.execPath, [generator, '--mb', String(mb), '--out', part], { stdio: 'inherit' })
  renameSync(part, path)
  return path
}
