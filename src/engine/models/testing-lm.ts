import { spawnSync } from 'node:child_process'
import { existsSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { REPO_ROOT } from '../testing'

/** The committed fixtures made by scripts/gen-lm-fixtures.sh with spm_train, spm_encode and IRSTLM. */
export const LM_FIXTURES = join(__dirname, 'fixtures')

/** Whether the reference tools are installed (Debian: sentencepiece irstlm); CI machines may not have them. */
export const HAVE_LM_TOOLS = existsSync('/usr/bin/spm_train') && existsSync('/usr/bin/spm_encode') && existsSync('/usr/lib/irstlm/bin/compile-lm')

/** Makes a fresh set of fixtures with the real tools into `dir`. */
export function generateLmFixtures(dir: string): void {
  const r = spawnSync('bash', [join(REPO_ROOT, 'scripts', 'gen-lm-fixtures.sh'), dir], { encoding: 'utf8', timeout: 120_000 })
  if (r.status !== 0) throw new Error(`gen-lm-fixtures.sh failed: ${r.stderr}`)
}

export interface LmFixtures {
  dir: string
  /** The documents, one per line. */
  texts: string[]
  /** spm_encode's pieces of each document. */
  pieces: string[][]
  /** IRSTLM's perplexity of each document's pieces (with </s>), as printed (two decimals), and its word count. */
  perplexity: { words: number; pp: string }[]
}

export function readLmFixtures(dir: string = LM_FIXTURES): LmFixtures {
  const lines = (name: string): string[] => readFileSync(join(dir, name), 'utf8').split('\n').slice(0, -1)
  return {
    dir,
    texts: lines('eval.txt'),
    pieces: lines('eval.pieces.txt').map((l) => l.split(' ')),
    perplexity: lines('eval.ppl.txt').map((l) => {
      const [words, pp] = l.split(' ')
      return { words: Number(words), pp: pp! }
    })
  }
}
