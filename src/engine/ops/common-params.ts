import { rangeModeOf, type OpParams } from '../../shared/ops'
import { declareParams } from './define'
import type { OpContext } from './base'
import { SieveError } from '../../shared/errors'

/**
 * The arguments every Data-Juicer operator accepts through its base class (ops.json's
 * `common_op_kwargs`) that mean something on one machine. Declared once, here, for every operator:
 * recipe validation checks them, the operator base class honours them.
 */
export const COMMON_PARAMS = declareParams([
  {
    name: 'text_key',
    type: 'string',
    default: null,
    description: "The field this operator reads and writes; empty: the recipe's first text key."
  },
  {
    name: 'batch_size',
    type: 'int',
    default: null,
    min: 1,
    description: 'Rows the operator takes at once; empty: the whole batch the job reads (performance.batch_size).'
  },
  {
    name: 'skip_op_error',
    type: 'bool',
    default: null,
    description:
      "A row that makes the operator fail becomes a bad record (in errors/, with the reason) instead of failing its partition; empty: the recipe's skip_op_error."
  },
  {
    name: 'min_closed_interval',
    type: 'bool',
    default: null,
    description:
      'A filter with thresholds: whether its lowest bound is in its range (>=) or not (>); empty: true. Filters without thresholds ignore it, as in Data-Juicer.'
  },
  {
    name: 'max_closed_interval',
    type: 'bool',
    default: null,
    description:
      'A filter with thresholds: whether its highest bound is in its range (<=) or not (<); empty: true. Filters without thresholds ignore it, as in Data-Juicer.'
  },
  {
    name: 'reversed_range',
    type: 'bool',
    default: null,
    description:
      'A filter with thresholds: keep the rows outside its range instead of inside (both closed flags flipped, as in Data-Juicer); empty: false. Filters without thresholds ignore it, as in Data-Juicer.'
  }
] as const)

const COMMON_NAMES: ReadonlySet<string> = new Set(COMMON_PARAMS.map((p) => p.name))

/** Whether `name` is one of the common arguments Sieve honours. */
export function isCommonParam(name: string): boolean {
  return COMMON_NAMES.has(name)
}

/**
 * The other common arguments of Data-Juicer's operators (ops.json's `common_op_kwargs`): resources,
 * accelerators, multimodal keys, its own process count. Accepted on any operator and reported as
 * ignored; they never reach the operator.
 */
export const IGNORED_OP_KWARGS: ReadonlySet<string> = new Set([
  'accelerator',
  'audio_key',
  'audio_special_token',
  'cpu_required',
  'eoc_special_token',
  'gpu_required',
  'history_key',
  'image_bytes_key',
  'image_key',
  'image_special_token',
  'index_key',
  'instruction_key',
  'mem_required',
  'num_proc',
  'prompt_key',
  'query_key',
  'response_key',
  'stats_export_path',
  'system_key',
  'turbo',
  'video_key',
  'video_special_token',
  'work_dir'
])

/** What the recipe sets for every operator, which an operator's own common arguments override. */
export interface RecipeOpDefaults {
  textKey: string
  skipOpError: boolean
}

/** The context an operator runs in: its own common arguments where it sets them, the recipe's otherwise. */
export function opContext(params: Readonly<OpParams>, defaults: RecipeOpDefaults): OpContext {
  const textKey = typeof params.text_key === 'string' && params.text_key !== '' ? params.text_key : defaults.textKey
  const batchSize = typeof params.batch_size === 'number' ? params.batch_size : undefined
  const skipOpError = typeof params.skip_op_error === 'boolean' ? params.skip_op_error : defaults.skipOpError
  return { textKey, skipOpError, range: rangeModeOf(params), ...(batchSize !== undefined ? { batchSize } : {}) }
}

/** Every field the recipe's operators read as text: its text keys (the first is the default), then the operators' own `text_key`s. */
export function textFields(textKeys: readonly string[], process: readonly { params: Readonly<OpParams> }[]): string[] {
  const own = process.flatMap((op) => (typeof op.params.text_key === 'string' && op.params.text_key !== '' ? [op.params.text_key] : []))
  return [...new Set([...textKeys, ...own])]
}

/** A recipe's text keys and process, as the text field errors read them. */
interface TextKeySources {
  text_keys: readonly string[]
  process: readonly { name: string; params: Readonly<OpParams> }[]
}

/** The process entries whose own `text_key` is `key`, as `process[1] text_length_filter`; empty when the recipe's text_keys name it. */
function ownTextKeyOf(key: string, recipe: TextKeySources): string[] {
  if (recipe.text_keys.includes(key)) return []
  return recipe.process.flatMap((op, i) => (op.params.text_key === key ? [`process[${i}] ${op.name}`] : []))
}

/** The dataset lacks a field the recipe reads as text: the error names who reads it (text_keys, or an operator's own text_key) and what to set. */
export function missingTextField(key: string, fields: readonly string[], recipe: TextKeySources): SieveError {
  const ops = ownTextKeyOf(key, recipe)
  const fix =
    ops.length === 0
      ? 'Set text_keys in the recipe to the field that holds the text.'
      : `It is the text_key of ${ops.join(', ')}: set that text_key to the field that holds the text, or remove it to use the recipe's text_keys.`
  return new SieveError('BAD_REQUEST', `The dataset has no field '${key}' (its fields: ${fields.join(', ')}). ${fix}`, {
    field: key,
    fields: [...fields]
  })
}

/** A field the recipe reads as text holds something else (a number, a struct): the error names who reads it and what to set. */
export function notTextField(key: string, type: string, recipe: TextKeySources): SieveError {
  const ops = ownTextKeyOf(key, recipe)
  const fix = ops.length === 0 ? 'Set text_keys to a text field.' : `It is the text_key of ${ops.join(', ')}: set that text_key to a text field.`
  return new SieveError('BAD_REQUEST', `The text field '${key}' holds ${type}, not text. ${fix}`, { field: key })
}
