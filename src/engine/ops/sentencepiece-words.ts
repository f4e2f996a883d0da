import type { OpParams } from '../../shared/ops'
import { SieveError } from '../../shared/errors'
import type { ModelPaths } from './base'
import { sentencePieceModel, type ModelSpec } from '../models/catalog'
import { loadedModel, prepareModel } from '../models/loaded'
import { loadSentencePiece, type SentencePieceModel } from '../models/sentencepiece'
import { getWordsFromDocument } from './words'

/**
 * `tokenization: true` on Data-Juicer's word-counting operators (words_num_filter,
 * word_repetition_filter, stopwords_filter, flagged_words_filter): their words are
 * get_words_from_document(text, token_func=sp.encode_as_pieces) with the SentencePiece model of
 * `lang` ({lang}.sp.model), instead of the text split on spaces, tabs and newlines.
 */
interface TokenizationParams {
  lang: string
  tokenization: boolean
}

function settings(params: OpParams): TokenizationParams {
  return { lang: String(params.lang), tokenization: params.tokenization === true }
}

/** The model the operator needs: LANG.sp.model with tokenization, none without. */
export function tokenizationModels(params: OpParams): ModelSpec[] {
  const { lang, tokenization } = settings(params)
  return tokenization ? [sentencePieceModel(lang)] : []
}

/** Loads the SentencePiece model into this thread when tokenization asks for it. */
export async function prepareTokenization(params: OpParams, paths: ModelPaths): Promise<void> {
  for (const spec of tokenizationModels(params)) {
    const path = paths[spec.name]
    if (path !== undefined) await prepareModel('sentencepiece', path, loadSentencePiece)
  }
}

/** Refuses a lang that names no model file, as a parameter error of the operator. */
export function checkTokenization(op: string, params: OpParams): void {
  try {
    tokenizationModels(params)
  } catch (err) {
    throw new SieveError('BAD_REQUEST', `${op}: ${(err as Error).message}`, { op, param: 'lang' })
  }
}

/**
 * The word splitter of an operator: its SentencePiece model's pieces with tokenization (the model
 * looked up once, at the first text, in what prepare loaded), the text split on white space without.
 */
export function wordSplitter(op: string, params: OpParams, models: ModelPaths | undefined): (text: string) => string[] {
  const [spec] = tokenizationModels(params)
  if (spec === undefined) return getWordsFromDocument
  let model: SentencePieceModel | undefined
  return (text) => {
    model ??= loadedModel<SentencePieceModel>('sentencepiece', models?.[spec.name] ?? spec.name, op)
    return model.encodePieces(text)
  }
}
