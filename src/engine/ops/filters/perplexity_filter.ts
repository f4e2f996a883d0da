import type { OpInfo } from '../../../shared/ops'
import { SieveError } from '../../../shared/errors'
import { declareParams, defineOp, type ParamValues } from '../define'
import { RangeFilter, type OpContext } from '../base'
import { splitLines } from '../lines-text'
import { isPythonSpace } from '../text'
import { kenlmBinaryModel, sentencePieceModel, type ModelSpec } from '../../models/catalog'
import { loadKenlmModel } from '../../models/kenlm-load'
import type { LanguageModel } from '../../models/language-model'
import { loadedModel, prepareModel } from '../../models/loaded'
import { loadSentencePiece, type SentencePieceModel } from '../../models/sentencepiece'

const params = declareParams([
  {
    name: 'lang',
    type: 'string',
    default: 'en',
    description: 'Language of the text: picks the models LANG.sp.model and LANG.arpa.bin (or LANG.arpa).'
  },
  { name: 'min_ppl', type: 'float', default: 0, min: 0, description: 'Lowest perplexity kept.' },
  { name: 'max_ppl', type: 'float', default: 1500, min: 0, description: 'Highest perplexity kept; empty for no limit.', nullable: true }
])
type Params = ParamValues<typeof params>

/**
 * The models of a lang: declared (sieve models, the recipe check) and loaded (prepare) from these.
 * The KenLM model is Data-Juicer's binary one; its ARPA text serves instead (see kenlmBinaryModel).
 */
function modelsOf(lang: string): { sp: ModelSpec; lm: ModelSpec } {
  return { sp: sentencePieceModel(lang), lm: kenlmBinaryModel(lang) }
}

/** Python's `str.split()`: the number of runs of non-white-space characters. */
function pythonWordCount(line: string): number {
  let words = 0
  let inWord = false
  for (let i = 0; i < line.length; i++) {
    const space = isPythonSpace(line.charCodeAt(i))
    if (!space && !inWord) words++
    inWord = !space
  }
  return words
}

/**
 * Python's round(x, 1): the exact binary value rounded, a true tie (x = j/4, j odd) to the even
 * tenth. toFixed rounds the exact value too, but a tie upwards.
 */
export function pythonRound1(x: number): number {
  if (!Number.isFinite(x)) return x
  const quarters = x * 4
  if (Number.isInteger(quarters) && quarters % 2 !== 0) {
    const low = Math.floor(x * 10)
    return (low % 2 === 0 ? low : low + 1) / 10
  }
  return Number(x.toFixed(1))
}

/**
 * Data-Juicer's perplexity_filter (ops/filter/perplexity_filter.py): the text's SentencePiece
 * pieces joined by spaces; per line (str.splitlines) KenLM's log10 score with <s> and </s>, and
 * the line's words + 1; perplexity = 10 ** (-sum of scores / sum of counts), 0.0 without lines,
 * rounded to one decimal; kept when min_ppl <= perplexity <= max_ppl.
 */
class PerplexityFilter extends RangeFilter<Params> {
  protected readonly statKind = 'float'
  private readonly paths: { sp: string; lm: string } | undefined
  private models: { sp: SentencePieceModel; lm: LanguageModel } | undefined

  constructor(info: OpInfo, values: Params, context: OpContext) {
    super(info, values, context)
    const { sp, lm } = modelsOf(values.lang)
    const spPath = context.models?.[sp.name]
    const lmPath = context.models?.[lm.name]
    this.paths = spPath !== undefined && lmPath !== undefined ? { sp: spPath, lm: lmPath } : undefined
  }

  private loaded(): { sp: SentencePieceModel; lm: LanguageModel } {
    if (this.models !== undefined) return this.models
    if (this.paths === undefined)
      throw new SieveError('INTERNAL', `${this.name}: the engine gave it no model files; they are found before a job starts.`)
    this.models = {
      sp: loadedModel<SentencePieceModel>('sentencepiece', this.paths.sp, this.name),
      lm: loadedModel<LanguageModel>('kenlm', this.paths.lm, this.name)
    }
    return this.models
  }

  protected computeStat(text: string): number {
    const { sp, lm } = this.loaded()
    let logits = 0
    let length = 0
    for (const line of splitLines(sp.encodePieces(text).join(' '))) {
      logits += lm.score(line)
      length += pythonWordCount(line) + 1
    }
    return pythonRound1(length !== 0 ? 10 ** (-logits / length) : 0)
  }
}

export const perplexityFilter = defineOp({
  name: 'perplexity_filter',
  kind: 'filter',
  description:
    "Keeps rows whose perplexity under a KenLM language model is between min_ppl and max_ppl: the text is cut into SentencePiece pieces and scored line by line, as Data-Juicer does. Needs the models LANG.sp.model and LANG.arpa.bin (KenLM's binary format, as Data-Juicer downloads it) or LANG.arpa (ARPA text) in the model store (see 'sieve models').",
  statsKey: 'perplexity',
  params,
  models: (values) => {
    const { sp, lm } = modelsOf(values.lang)
    return [sp, lm]
  },
  prepare: async (values, paths) => {
    const { sp, lm } = modelsOf(values.lang)
    await Promise.all([
      prepareModel('sentencepiece', requirePath(paths, sp.name), loadSentencePiece),
      prepareModel('kenlm', requirePath(paths, lm.name), loadKenlmModel)
    ])
  },
  create: (info, values, context) => {
    try {
      modelsOf(values.lang)
    } catch (err) {
      throw new SieveError('BAD_REQUEST', `${info.name}: ${(err as Error).message}`, { op: info.name, param: 'lang' })
    }
    return new PerplexityFilter(info, values, context)
  }
})

function requirePath(paths: Readonly<Record<string, string>>, name: string): string {
  const path = paths[name]
  if (path === undefined) throw new SieveError('INTERNAL', `perplexity_filter: the model ${name} was not found before the job started.`)
  return path
}
