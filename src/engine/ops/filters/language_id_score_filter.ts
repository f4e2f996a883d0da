import type { RecordBatch } from 'apache-arrow'
import { SieveError } from '../../../shared/errors'
import { declareParams, defineOp, type ParamValues } from '../define'
import { RangeFilter } from '../base'
import { readStat, withStat } from '../batch'
import { requireLazily } from '../wordlist-text'

// ---------------------------------------------------------------------------------------------
// The fastText language-identification model (lid.176.ftz, shipped by the npm package
// fasttext.wasm.js), loaded from node_modules without any network. Its WebAssembly glue only
// loads asynchronously, so the model is loaded by `prepareLanguageIdModel()`, at most once per
// thread (module state is per worker thread) and only when a recipe uses this operator.
// ---------------------------------------------------------------------------------------------

/** The embind vector fastText's `predict` returns: [probability, '__label__xx'] pairs on the wasm heap. */
interface PredictionVector {
  size(): number
  get(index: number): [number, string]
  delete(): void
}

interface FastTextModel {
  predict(text: string, k: number, threshold: number): PredictionVector
}

interface LidPackage {
  getLIDModel(): Promise<{ load(): Promise<FastTextModel> }>
}

let model: FastTextModel | undefined
let loading: Promise<FastTextModel> | undefined
let loads = 0

async function loadModel(): Promise<FastTextModel> {
  loads++
  const { getLIDModel } = requireLazily('fasttext.wasm.js') as LidPackage
  return (await getLIDModel()).load()
}

/**
 * Loads the model into this thread, once; later calls return at once. The engine awaits it before
 * processing a batch with language_id_score_filter (it is also `languageIdScoreFilter.prepare`).
 */
export async function prepareLanguageIdModel(): Promise<void> {
  if (model !== undefined) return
  loading ??= loadModel().catch((err: unknown) => {
    loading = undefined
    throw new SieveError(
      'INTERNAL',
      `language_id_score_filter: the fastText model could not be loaded (${err instanceof Error ? err.message : String(err)}).`
    )
  })
  model = await loading
}

/** Whether this thread has the model, and how many times it started loading it (for tests). */
export function languageIdModelState(): { loaded: boolean; loads: number } {
  return { loaded: model !== undefined, loads }
}

const LABEL_PREFIX = '__label__'
const NEWLINES = /\n/g

/**
 * Data-Juicer's prediction: `ft_model.predict(text.lower().replace('\n', ' '))`, the top label
 * without '__label__' and its probability. fastText predicts one line (its binding appends the
 * '\n' that ends it), so other line breaks such as '\r' or U+2028 stay as they are, as in Python.
 */
export function identifyLanguage(text: string): { lang: string; score: number } {
  if (model === undefined) {
    throw new SieveError(
      'INTERNAL',
      'language_id_score_filter: the fastText model is not loaded; the engine must await prepareLanguageIdModel() first.'
    )
  }
  const predictions = model.predict(text.toLowerCase().replace(NEWLINES, ' '), 1, 0)
  try {
    if (predictions.size() === 0) return { lang: '', score: 0 }
    const [score, label] = predictions.get(0)
    return { lang: label.startsWith(LABEL_PREFIX) ? label.slice(LABEL_PREFIX.length) : label, score }
  } finally {
    predictions.delete()
  }
}

// ---------------------------------------------------------------------------------------------

const LANG_KEY = 'lang'
const SCORE_KEY = 'lang_score'

const params = declareParams([
  {
    name: 'lang',
    type: 'string_list',
    default: [],
    description: 'Languages to keep, as fastText codes (en, de, zh, ja…); empty keeps any language that is identified confidently.'
  },
  { name: 'min_score', type: 'float', default: 0.8, description: 'Lowest confidence kept, from 0 to 1.' }
])
type Params = ParamValues<typeof params>

/**
 * Data-Juicer's language_id_score_filter (ops/filter/language_id_score_filter.py): writes two
 * stats, `lang` (fastText's top language) and `lang_score` (its probability), and keeps rows
 * whose lang_score >= min_score and, when `lang` lists languages, whose language is one of them.
 */
class LanguageIdScoreFilter extends RangeFilter<Params> {
  protected readonly statKind = 'float'
  /** The languages kept; Data-Juicer takes a string or a list, and '', [] and None mean any language. */
  private readonly langs = this.params.lang.length === 0 || (this.params.lang.length === 1 && this.params.lang[0] === '') ? null : this.params.lang
  /** The languages behind each stats array computeStats returned, for decide(). */
  private readonly langsOf = new WeakMap<number[], string[]>()

  /** Both stats, each reused where the row has it already (Data-Juicer recomputes unless both are there). */
  computeStats(batch: RecordBatch): { batch: RecordBatch; stats: number[] } {
    const knownLangs = readStat(batch, LANG_KEY)
    const knownScores = readStat(batch, SCORE_KEY)
    const langs: string[] = new Array(batch.numRows)
    const scores: number[] = new Array(batch.numRows)
    let missing = false
    for (let i = 0; i < batch.numRows; i++) {
      const lang = knownLangs?.[i]
      const score = knownScores?.[i]
      if (typeof lang === 'string' && typeof score === 'number') {
        langs[i] = lang
        scores[i] = score
      } else missing = true
    }
    let out = batch
    if (missing) {
      const texts = this.texts(batch)
      for (let i = 0; i < texts.length; i++) {
        if (langs[i] !== undefined) continue
        const { lang, score } = identifyLanguage(texts[i]!)
        langs[i] = lang
        scores[i] = score
      }
      out = withStat(withStat(batch, LANG_KEY, 'string', langs), SCORE_KEY, 'float', scores)
    }
    this.langsOf.set(scores, langs)
    return { batch: out, stats: scores }
  }

  decide(stats: number[]): { keep: Uint8Array; reasons: (string | null)[] } {
    const langs = this.langsOf.get(stats)
    if (this.langs !== null && langs === undefined) {
      throw new SieveError('INTERNAL', 'language_id_score_filter: decide() needs the stats array that computeStats() returned.')
    }
    const keep = new Uint8Array(stats.length)
    const reasons: (string | null)[] = new Array(stats.length).fill(null)
    // Each reason names the language detected and its score, so a dropped row shows what fastText took it for.
    stats.forEach((score, i) => {
      const lang = langs?.[i] ?? ''
      const shown = lang === '' ? 'unknown' : lang
      if (this.langs !== null && !this.langs.includes(lang))
        reasons[i] = `lang ${shown} (score ${this.formatStat(score)}) not in ${this.langs.join(', ')}`
      else if (!this.keep(score)) reasons[i] = `${this.reason(score)} (detected ${shown})`
      else keep[i] = 1
    })
    return { keep, reasons }
  }

  protected computeStat(text: string): number {
    return identifyLanguage(text).score
  }

  protected override formatStat(score: number): string {
    return String(Math.round(score * 10_000) / 10_000)
  }
}

export const languageIdScoreFilter = defineOp({
  name: 'language_id_score_filter',
  kind: 'filter',
  description:
    "Identifies each row's language with fastText's 176-language model and keeps rows in the chosen languages whose confidence is at least min_score. Records the language code as 'lang' and the confidence as 'lang_score'.",
  statsKey: SCORE_KEY,
  params,
  create: (info, values, context) => new LanguageIdScoreFilter(info, values, context),
  prepare: prepareLanguageIdModel
})
