/** How an operator's parameter is declared, once: the CLI, the UI forms and recipe validation read it. */
export type ParamType = 'int' | 'float' | 'bool' | 'string' | 'enum' | 'string_list' | 'int_list'

export interface ParamSpec {
  name: string
  type: ParamType
  /** `null` means "no value" (Python None), e.g. an open upper bound. */
  default: number | boolean | string | string[] | number[] | null
  description: string
  min?: number
  max?: number
  choices?: string[]
  /** Accepts null ("no value", Python None) even though the default is a value. */
  nullable?: boolean
  /**
   * A Data-Juicer parameter with no effect in Sieve (a Ray cluster setting): why. It is accepted
   * with any scalar value, kept in the recipe, and a recipe that sets it is told it is ignored.
   */
  noEffect?: string
}

export type OpKind = 'mapper' | 'filter' | 'deduplicator' | 'selector'

export interface OpInfo {
  name: string
  kind: OpKind
  description: string
  params: ParamSpec[]
  /** The key under `__dj__stats__` a filter writes, as Data-Juicer names it. */
  statsKey?: string
  /** Filters: the parameters holding the lowest and highest stat kept (`min_…` and `max_…`). */
  thresholds?: { min?: string; max?: string }
  /** A custom operator (custom_operator_paths): the module file it comes from. */
  source?: string
}

/** The operators the window can add: Sieve's own, and the recipe's custom ones when their modules load. */
export interface OpsListing {
  ops: OpInfo[]
  /** Why some of the recipe's custom operator modules could not be loaded, a line each naming its file: the list holds Sieve's own operators and the modules that loaded. */
  customOpsError?: string
}

export type OpParams = Record<string, number | boolean | string | string[] | number[] | null>

/**
 * A filter whose lowest kept stat is above its highest keeps nothing, which is never what a recipe
 * means: the one cross-parameter rule, read by recipe validation and by the parameter form.
 */
export function thresholdConflict(info: OpInfo, params: Readonly<Record<string, unknown>>): { min: string; max: string; message: string } | null {
  const min = info.thresholds?.min
  const max = info.thresholds?.max
  if (min === undefined || max === undefined) return null
  const value = (name: string): unknown => (name in params ? params[name] : info.params.find((p) => p.name === name)?.default)
  const low = value(min)
  const high = value(max)
  if (typeof low !== 'number' || typeof high !== 'number' || low <= high) return null
  // With reversed_range the range between them is empty, so every row would be kept instead.
  const outcome = params.reversed_range === true ? 'keep every row (reversed_range keeps what is outside an empty range)' : 'drop every row'
  return { min, max, message: `${min} (${low}) is above ${max} (${high}), so ${info.name} would ${outcome}. Lower ${min} or raise ${max}.` }
}

/**
 * How a filter with thresholds reads them: Data-Juicer's common filter arguments
 * `min_closed_interval`, `max_closed_interval` (both true by default) and `reversed_range` (false).
 */
export interface RangeMode {
  minClosed: boolean
  maxClosed: boolean
  reversed: boolean
}

/** The arguments that set a RangeMode, as a recipe names them. */
export const RANGE_MODE_PARAMS = ['min_closed_interval', 'max_closed_interval', 'reversed_range'] as const

/** The range mode an operator's parameters set; Data-Juicer's defaults where they set nothing. */
export function rangeModeOf(params: Readonly<Record<string, unknown>>): RangeMode {
  const flag = (name: string, otherwise: boolean): boolean => (typeof params[name] === 'boolean' ? (params[name] as boolean) : otherwise)
  return { minClosed: flag('min_closed_interval', true), maxClosed: flag('max_closed_interval', true), reversed: flag('reversed_range', false) }
}

/**
 * The bounds of the range a value must fall in to be inside it (null: no bound), each closed or
 * open. As in Data-Juicer's Filter.__init__, reversed_range flips both closed flags.
 */
export function innerRange(mode: RangeMode): { minClosed: boolean; maxClosed: boolean } {
  return mode.reversed ? { minClosed: !mode.minClosed, maxClosed: !mode.maxClosed } : { minClosed: mode.minClosed, maxClosed: mode.maxClosed }
}

/** Whether a filter keeps a value: Data-Juicer's Filter.get_keep_boolean, the one rule the engine and the threshold plot share. */
export function keepsValue(value: number, min: number | null, max: number | null, mode: RangeMode): boolean {
  const { minClosed, maxClosed } = innerRange(mode)
  const aboveMin = min === null || (minClosed ? value >= min : value > min)
  const belowMax = max === null || (maxClosed ? value <= max : value < max)
  return aboveMin && belowMax ? !mode.reversed : mode.reversed
}
