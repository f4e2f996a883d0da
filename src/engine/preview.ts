import { tableFromIPC, type RecordBatch } from 'apache-arrow'
import type { PreviewResult, PreviewStep, HistogramBin } from '../shared/preview'
import { SieveError } from '../shared/errors'
import { inspectDataset } from './inspect'
import { getOpDefinition, resolveParams } from './ops'
import { loadCustomOps } from './ops/custom'
import { thresholdBounds, type Rejected } from './ops/base'
import { opContext } from './ops/common-params'
import { KEY_COLUMN } from './ops/global'
import { readStat, readStrings } from './ops/batch'
import type { PreviewInput } from './task-types'
import type { RecipeOp } from '../shared/recipe'
import { findModels } from './models/needs'
import { ModelStore, modelStoreDir } from './models/store'
export type { PreviewInput } from './task-types'

const EXAMPLES = 8
const BINS = 20
const CLIP = 2000

const clip = (t: string): string => (t.length > CLIP ? `${t.slice(0, CLIP)}…` : t)

/** The first rows an operator dropped (or failed on, with skip_op_error), with why. */
function droppedExamples(rows: Rejected | undefined, textKey: string): PreviewStep['dropped'] {
  if (rows === undefined) return []
  return readStrings(rows.batch, textKey)
    .slice(0, EXAMPLES)
    .map((t, i) => ({ text: clip(t ?? ''), reason: rows.reasons[i] ?? '' }))
}

function histogram(values: number[]): HistogramBin[] {
  if (values.length === 0) return []
  let lo = Infinity
  let hi = -Infinity
  for (const v of values) {
    if (v < lo) lo = v
    if (v > hi) hi = v
  }
  if (lo === hi) return [{ from: lo, to: hi, count: values.length }]
  const width = (hi - lo) / BINS
  const bins = Array.from({ length: BINS }, (_, i) => ({ from: lo + i * width, to: lo + (i + 1) * width, count: 0 }))
  for (const v of values) bins[Math.min(BINS - 1, Math.floor((v - lo) / width))]!.count++
  return bins
}

/**
 * A recipe on the first rows of a dataset, for the recipe builder: per operator the rows in and
 * out, the stat each filter computed (as a histogram with its thresholds), dropped rows with
 * their reason, before/after text for mappers, duplicate clusters for deduplicators, and the rows
 * a selector left out.
 */
export async function runPreview(input: PreviewInput): Promise<PreviewResult> {
  const head = await inspectDataset(input.path, input.rows)
  let batch: RecordBatch = tableFromIPC(head.head).batches[0]!
  if (batch === undefined || !batch.schema.fields.some((f) => f.name === input.textKey)) {
    throw new SieveError('BAD_REQUEST', `The dataset has no field '${input.textKey}' (its fields: ${head.schema.map((c) => c.name).join(', ')}).`, {
      field: input.textKey
    })
  }
  const steps: PreviewStep[] = []
  await loadCustomOps(input.customOperatorPaths ?? [])
  // Looked up at once: another preview on this thread may load other custom operators while this one awaits.
  const defs = input.process.map((spec) => getOpDefinition(spec.name))
  const ops: RecipeOp[] = input.process.map((spec, i) => ({ name: spec.name, params: resolveParams(defs[i]!.info, spec.params) }))
  findModels(ops, new ModelStore(input.modelDir ?? modelStoreDir()))
  for (const [i, spec] of ops.entries()) {
    const def = defs[i]!
    const { params } = spec
    const models = spec.models ?? {}
    await def.prepare?.(params, models)
    const context = { ...opContext(params, { textKey: input.textKey, skipOpError: true }), models }
    const op = def.create(params, context)
    const before = readStrings(batch, context.textKey)
    const started = performance.now()
    const step: PreviewStep = {
      name: spec.name,
      kind: def.info.kind,
      rowsIn: batch.numRows,
      rowsOut: 0,
      millis: 0,
      dropped: [],
      changed: [],
      clusters: []
    }
    if (op.kind === 'filter') {
      const withStats = op.withStats(batch)
      const output = op.process(withStats, true)
      if (op.statsKey !== undefined) {
        const numeric = (readStat(withStats, op.statsKey) ?? []).filter((v): v is number => typeof v === 'number')
        step.stat = {
          key: op.statsKey,
          histogram: histogram(numeric),
          ...thresholdBounds(def.info, params),
          keptShare: batch.numRows > 0 ? output.batch.numRows / batch.numRows : 0,
          values: numeric
        }
      }
      step.dropped = [...droppedExamples(output.errors, context.textKey), ...droppedExamples(output.rejected, context.textKey)].slice(0, EXAMPLES)
      batch = output.batch
    } else if (op.kind === 'deduplicator' || op.kind === 'selector') {
      const keys = readStrings(op.computeKeys(batch), KEY_COLUMN)
      const drop = new Set(op.droppedIn(batch))
      // A selector's rows share no meaningful key (a sample), so it shows what it left out, not clusters.
      if (op.kind === 'deduplicator') {
        const byKey = new Map<string, number[]>()
        keys.forEach((k, i) => byKey.set(k ?? '', [...(byKey.get(k ?? '') ?? []), i]))
        step.clusters = [...byKey.values()]
          .filter((rows) => rows.length > 1)
          .slice(0, EXAMPLES)
          .map((rows) => rows.map((r) => clip(before[r] ?? '')))
      }
      step.dropped = [...drop].slice(0, EXAMPLES).map((r) => ({ text: clip(before[r] ?? ''), reason: op.dropReason }))
      batch = op.process(batch, false).batch
    } else {
      const output = op.process(batch, false)
      step.dropped = droppedExamples(output.errors, context.textKey)
      // Texts pair up by position only when each row stayed one row (a splitter makes several).
      if (output.batch.numRows === batch.numRows) {
        const after = readStrings(output.batch, context.textKey)
        for (let i = 0; i < after.length && step.changed.length < EXAMPLES; i++) {
          if (after[i] !== before[i]) step.changed.push({ before: clip(before[i] ?? ''), after: clip(after[i] ?? '') })
        }
      }
      batch = output.batch
    }
    step.millis = performance.now() - started
    step.rowsOut = batch.numRows
    steps.push(step)
  }
  return { rows: head.headRows, steps }
}
