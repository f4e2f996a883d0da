// Generated corpora for the TypeScript benchmarks, made on first use in bench/data (git-ignored).
import { execFileSync } from 'node:child_process'
import { existsSync, mkdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'

export const root = join(__dirname, '..')
export const data = join(root, 'bench', 'data')

/** The generated corpus of about `mb` MB as uncompressed Parquet (one whitespace pass, so it is what a job would export). */
export function parquetCorpus(mb: number): string {
  mkdirSync(data, { recursive: true })
  const out = join(data, `corpus-${mb}mb.parquet`)
  if (existsSync(out)) return out
  const jsonl = join(data, `corpus-${mb}mb.jsonl`)
  if (!existsSync(jsonl))
    execFileSync(process.execPath, [join(root, '..', 'shared', 'tools', 'gen-corpus.mjs'), '--mb', String(mb), '--out', jsonl], { stdio: 'inherit' })
  const recipe = join(data, `to-parquet-${mb}.yaml`)
  writeFileSync(
    recipe,
    `dataset_path: ${jsonl}\nexport_path: ${out}\nwork_dir: ${join(data, `to-parquet-${mb}-work`)}\nnp: 2\nexport: {compression: none}\nprocess:\n  - whitespace_normalization_mapper:\n`
  )
  execFileSync(process.execPath, [join(root, 'bin', 'sieve'), 'run', recipe, '--force'], { stdio: 'inherit' })
  return out
}
