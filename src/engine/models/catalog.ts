import { SieveError } from '../../shared/errors'

/**
 * The model files operators use, named as Data-Juicer names them in its models cache
 * (data_juicer/utils/model_utils.py): a SentencePiece model `{lang}.sp.model`, a KenLM language
 * model, a Hugging Face tokenizer. Data-Juicer downloads KenLM models in KenLM's binary format
 * (`{lang}.arpa.bin`); Sieve reads that, or the ARPA text such models are built from (`{lang}.arpa`).
 */
export type ModelKind = 'sentencepiece' | 'kenlm-binary' | 'kenlm-arpa' | 'hf-tokenizer'

export interface ModelSpec {
  /** What a user types: `en.sp.model`, `en.arpa`, `EleutherAI/pythia-6.9b-deduped`. */
  name: string
  kind: ModelKind
  /** The file's name in the model store. */
  file: string
  description: string
  /** Where Sieve downloads it from by default (Data-Juicer's own link first, then its backup); none when there is no public copy Sieve can read. */
  urls: string[]
  /** Known size in bytes and sha256, checked after a download; unknown for files whose publisher gives neither. */
  size?: number
  sha256?: string
  /** How to get it when there is no download: shown in `sieve models` and in a refusal. */
  howToGet?: string
  /** Names of other model files that serve in its place when it is absent: the same model in another format. */
  alternatives?: string[]
}

/** Data-Juicer's MODEL_LINKS and BACKUP_MODEL_LINKS for SentencePiece and KenLM models. */
const DJ_MODEL_LINKS = 'https://dail-wlcb.oss-cn-wulanchabu.aliyuncs.com/data_juicer/models/'
const DJ_KENLM_BACKUP = 'https://huggingface.co/edugp/kenlm/resolve/main/wikipedia/'

/** A language code as Data-Juicer's lang parameters take it (en, zh, pt-br…): it becomes part of a file name. */
const LANG = /^[A-Za-z]{2,3}([-_][A-Za-z0-9]{2,8})?$/

function checkLang(lang: string, what: string): void {
  if (!LANG.test(lang)) {
    throw new SieveError('BAD_REQUEST', `'${lang}' is not a language code (such as en, zh or pt-br), so there is no ${what} for it.`, { lang })
  }
}

export function sentencePieceModel(lang: string): ModelSpec {
  checkLang(lang, 'SentencePiece model')
  const name = `${lang}.sp.model`
  return {
    name,
    kind: 'sentencepiece',
    file: name,
    description: `SentencePiece tokenizer for '${lang}' (Data-Juicer's, trained on Wikipedia)`,
    urls: [DJ_MODEL_LINKS + name, DJ_KENLM_BACKUP + name]
  }
}

/**
 * Data-Juicer's KenLM model of a language, in KenLM's binary format. The ARPA text model of the same
 * language serves in its place; with both in the store, this one is used: it is the file Data-Juicer
 * scores with, and it loads with no parsing, in about its size of memory.
 */
export function kenlmBinaryModel(lang: string): ModelSpec {
  checkLang(lang, 'KenLM model')
  const name = `${lang}.arpa.bin`
  return {
    name,
    kind: 'kenlm-binary',
    file: name,
    description: `KenLM language model for '${lang}', in KenLM's binary format (Data-Juicer's, trained on Wikipedia)`,
    urls: [DJ_MODEL_LINKS + name, DJ_KENLM_BACKUP + name],
    howToGet:
      `get it with 'sieve models fetch ${name}' (Data-Juicer's model), or add a KenLM model you have: ` +
      `'sieve models add FILE --name ${name}' takes KenLM's binary format (build_binary's output) or ARPA text (filed as ${lang}.arpa)`,
    alternatives: [`${lang}.arpa`]
  }
}

/** A KenLM model as ARPA text (what lmplz writes, or any ARPA n-gram model): serves in place of the binary model of its language. */
export function kenlmArpaModel(lang: string): ModelSpec {
  checkLang(lang, 'KenLM model')
  const name = `${lang}.arpa`
  return {
    name,
    kind: 'kenlm-arpa',
    file: name,
    description: `KenLM language model for '${lang}', as ARPA text`,
    urls: [],
    howToGet: `add an ARPA model you have with 'sieve models add FILE --name ${name}', or get Data-Juicer's binary model instead with 'sieve models fetch ${lang}.arpa.bin'`,
    alternatives: [`${lang}.arpa.bin`]
  }
}

/** The tokenizer Data-Juicer's alphanumeric_filter loads with tokenization=True, and token_num_filter's default hf_tokenizer. */
export const PYTHIA_TOKENIZER = 'EleutherAI/pythia-6.9b-deduped'

export function hfTokenizerModel(repo: string): ModelSpec {
  if (!/^[\w.-]+\/[\w.-]+$/.test(repo) || repo.includes('..')) {
    throw new SieveError('BAD_REQUEST', `'${repo}' is not a Hugging Face model name (owner/name).`, { model: repo })
  }
  return {
    name: repo,
    kind: 'hf-tokenizer',
    file: `${repo.replace('/', '--')}.tokenizer.json`,
    description: `Hugging Face tokenizer of ${repo} (its tokenizer.json)`,
    urls: [`https://huggingface.co/${repo}/resolve/main/tokenizer.json`]
  }
}

/** The model a name stands for, from its form; an unknown form is refused, saying which forms there are. */
export function modelSpec(name: string): ModelSpec {
  const sp = /^(.+)\.sp\.model$/.exec(name)
  if (sp !== null) return sentencePieceModel(sp[1]!)
  const bin = /^(.+)\.arpa\.bin$/.exec(name)
  if (bin !== null) return kenlmBinaryModel(bin[1]!)
  const arpa = /^(.+)\.arpa$/.exec(name)
  if (arpa !== null) return kenlmArpaModel(arpa[1]!)
  if (name.includes('/')) return hfTokenizerModel(name)
  throw new SieveError(
    'BAD_REQUEST',
    `'${name}' is not a model name Sieve knows. Models are named LANG.sp.model (SentencePiece), LANG.arpa.bin (KenLM, binary), LANG.arpa (KenLM, ARPA text) or owner/name (a Hugging Face tokenizer). Run 'sieve models' to see what operators need.`,
    { model: name }
  )
}
