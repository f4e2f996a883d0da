import type { RecordBatch, Schema } from 'apache-arrow'
import { Field, Utf8 } from 'apache-arrow'
import type { Recipe, StorageFormat } from '../../shared/recipe'
import { SieveError } from '../../shared/errors'
import { publishBytes } from '../io/publish'
import { throwIfStopped } from '../stop'
import { readBatches } from '../io/read-file'
import { readSlice, type BadRecord, type BatchSink } from '../io/read-slice'
import { rowsToBatch, schemaFromBase64, schemaToBase64 } from '../io/schema'
import { encodeBatches, encodeParquet } from '../io/write'
import { getOpDefinition, globalOperator } from '../ops'
import { KEY_COLUMN, type Deduplicator, type Selector } from '../ops/global'
import type { AnyOperator } from '../ops/define'
import { selectRows, STATS_COLUMN, utf8Data, withColumn, withoutColumn } from '../ops/batch'
import { checkFailpoint } from './failpoints'
import { Filter, type Rejected } from '../ops/base'
import { FilterOutcomeCollector } from '../analysis/outcome-partial'
import { opContext } from '../ops/common-params'
import { Tracer } from './trace'
import { applyDelta, deltaBatches, SOURCE_BASE, textDeltaBatches } from './delta-checkpoint'
import { extname } from 'node:path'
import { SUFFIX_FIELD } from '../ops/filters/suffix_filter'
import { WorkDir } from './layout'
import type { CheckpointRecord, FileRecord, OpCount } from './manifest'
import { KeyRunBuilder } from '../dedup/key-runs'
import { readDropSlice } from '../dedup/decision-file'
import type { PartitionMessage, PartitionTaskInput, PartitionTaskOutput } from '../task-types'
export type { PartitionMessage, PartitionTaskInput, PartitionTaskOutput, StageStart } from '../task-types'

/**
 * The longest chain of deltas a checkpoint is read through. A delta keeps every checkpoint it is
 * read from, so an unbounded chain would keep one checkpoint per operator and grow the manifest
 * (rewritten at every checkpoint) with the recipe's length.
 */
export const MAX_DELTA_CHAIN = 8

function totalRows(batches: RecordBatch[]): number {
  return batches.reduce((n, b) => n + b.numRows, 0)
}

function schemaOf(batches: RecordBatch[], fallback: Schema): Schema {
  return batches[0]?.schema ?? fallback
}

/** Whether the checkpoint strategy asks for a checkpoint after op `index` (0-based), as Data-Juicer decides. */
export function wantsCheckpoint(strategy: Recipe['checkpoint'], index: number, name: string): boolean {
  switch (strategy.strategy) {
    case 'every_op':
      return true
    case 'every_n_ops':
      return (index + 1) % strategy.n_ops === 0
    case 'manual':
      return strategy.op_names.includes(name)
    case 'disabled':
      return false
  }
}

/** Rows of a batch list without the rows at the given (partition-wide, ascending) positions. */
function dropRows(batches: RecordBatch[], drop: Uint32Array): RecordBatch[] {
  if (drop.length === 0) return batches
  let base = 0
  let next = 0
  return batches.map((batch) => {
    const keep = new Uint8Array(batch.numRows).fill(1)
    while (next < drop.length && drop[next]! < base + batch.numRows) keep[drop[next++]! - base] = 0
    base += batch.numRows
    return selectRows(batch, keep)
  })
}

function withSuffix(batch: RecordBatch, suffix: string): RecordBatch {
  return withColumn(batch, new Field(SUFFIX_FIELD, new Utf8(), true), utf8Data(new Array<string>(batch.numRows).fill(suffix)))
}

function badRecordsJsonl(bad: BadRecord[]): Uint8Array {
  return Buffer.from(bad.map((b) => JSON.stringify(b)).join('\n') + '\n', 'utf8')
}

/** Rows with why they were set aside, in a column of their own (`__sieve_reason__`, or `__sieve_error__` for rows an operator failed on). */
function rejectedBatches(batches: RecordBatch[], reasons: string[], column = '__sieve_reason__'): RecordBatch[] {
  let at = 0
  return batches
    .filter((b) => b.numRows > 0)
    .map((b) => {
      const slice = reasons.slice(at, at + b.numRows)
      at += b.numRows
      return withColumn(b, new Field(column, new Utf8(), false), utf8Data(slice))
    })
}

/**
 * One stage of one partition, in a worker thread: read the input (the source slice, or the
 * checkpoint the stage resumes from), run the stage's operators batch by batch, publish
 * checkpoints as the strategy asks, and end with the partition's result or, at an operator that
 * decides over the whole dataset, the boundary checkpoint holding every row's key.
 */
export async function runPartitionStage(input: PartitionTaskInput, post: (m: PartitionMessage) => void): Promise<PartitionTaskOutput> {
  const dir = new WorkDir(input.workDir)
  const planSchema = schemaFromBase64(input.schema)
  const textKey = input.textKeys[0]!
  let batches: RecordBatch[]
  let rowsRead = 0
  let badRecords = 0
  let firstOp: number

  if (input.start.kind === 'source') {
    const source = await readPartitionSource(input, post)
    batches = source.batches
    rowsRead = source.rowsRead
    badRecords = source.badRecords
    firstOp = input.stage.first
  } else {
    const cp = input.start.checkpoint
    const chain = [...input.start.bases, cp]
    // A chain of deltas over the source slice starts by reading the slice again.
    batches = chain[0]!.base_op === SOURCE_BASE ? (await readSource(input)).batches : []
    for (const record of chain) {
      const before = totalRows(batches)
      if (record.base_op === undefined) batches = await readBatches(`${input.workDir}/${record.path}`, record.format, schemaFromBase64(record.schema))
      else {
        // A delta is a few numbers per row: read as one batch, whatever its length.
        const [delta] = await readBatches(`${input.workDir}/${record.path}`, 'parquet', undefined, undefined, Math.max(1, record.rows))
        batches = applyDelta(batches, delta ?? rowsToBatch([], schemaFromBase64(record.schema)))
      }
      // A text delta holds only the rows it changed, and keeps all of its base's.
      const expected = record.delta === 'text' ? before : record.rows
      if (totalRows(batches) !== expected) {
        throw new SieveError('UNREADABLE', `checkpoint ${record.path} stands for ${totalRows(batches)} rows, the manifest says ${expected}`)
      }
    }
    if (input.start.drop !== undefined) {
      const drop = await readDropSlice(input.workDir, input.start.drop)
      if (drop.length > 0 && drop[drop.length - 1]! >= totalRows(batches)) {
        throw new SieveError('UNREADABLE', `the dedup decision ${input.start.drop.path} drops rows checkpoint ${cp.path} does not have`)
      }
      const global = globalOperator(await createOp(input, cp.op_index, textKey))
      await traceDecision(input, cp.op_index, global, batches, drop, post)
      batches = dropRows(batches, drop)
      // A selector's keys are a column of its boundary; a deduplicator's went to key runs, and the
      // hash column an earlier deduplicator left for keep_hashes_in_res_ds stays. The rows it kept
      // get its own hash: the text is the one it hashed, so it is hashed again.
      if (global.kind === 'selector') batches = batches.map((b) => withoutColumn(b, KEY_COLUMN))
      else if (input.result.keepHashes) batches = batches.map((b) => global.withHashes(b))
    }
    firstOp = cp.op_index + 1
    if (input.start.drop !== undefined) firstOp = input.stage.first
  }

  // An empty partition still carries its schema (and gains the stats columns) through the ops.
  if (batches.length === 0) batches = [rowsToBatch([], planSchema)]
  /** The operator whose output the last checkpoint holds (SOURCE_BASE: none ran yet): an operator right after it can checkpoint as a delta. */
  let lastCheckpoint = input.start.kind === 'source' ? SOURCE_BASE : input.start.drop === undefined ? input.start.checkpoint.op_index : undefined
  /** Whether the last checkpoint is read through deltas over the input slice, which stage two would parse again. */
  let overSource =
    input.start.kind === 'source' || (input.start.drop === undefined && (input.start.bases[0] ?? input.start.checkpoint).base_op === SOURCE_BASE)
  /** Deltas the last checkpoint is read through: past MAX_DELTA_CHAIN the next checkpoint is written in full. */
  let deltaDepth =
    input.start.kind === 'checkpoint' && input.start.drop === undefined
      ? [...input.start.bases, input.start.checkpoint].filter((c) => c.base_op !== undefined).length
      : 0
  const ops: Record<string, OpCount> = {}
  let lastProgress = 0
  const stageEnd = input.stage.dedup ?? input.stage.last
  for (let index = firstOp; index <= stageEnd; index++) {
    const spec = input.ops[index]!
    post({ type: 'op_start', opIndex: index, name: spec.name, rows: totalRows(batches) })
    const op = await createOp(input, index, textKey)
    checkFailpoint(spec.name, input.partition)
    throwIfStopped()
    const tracer = Tracer.for(input.trace, spec.name)
    // A filter's outcome needs the rows it drops (their stat, the first few as examples).
    const outcome = input.outcomes && op instanceof Filter ? new FilterOutcomeCollector(op.statsKey ?? null, op.context.textKey) : undefined
    const keepRejected = input.preserveIntermediate || tracer !== undefined || outcome !== undefined
    const rejected: RecordBatch[] = []
    const reasons: string[] = []
    const failed: Rejected[] = []
    const isBoundary = index === input.stage.dedup
    const global = isBoundary ? globalOperator(op) : undefined
    // A deduplicator's keys go to sorted runs beside its boundary checkpoint; a selector's into a column of it.
    const keyRuns = global?.kind === 'deduplicator' ? new KeyRunBuilder(global.keyShape) : undefined
    const out: RecordBatch[] = []
    const kept: Uint8Array[] = []
    for (const batch of batches) {
      throwIfStopped()
      if (global !== undefined) {
        out.push(keyRuns !== undefined && global.kind === 'deduplicator' ? global.addKeys(batch, keyRuns) : global.computeKeys(batch))
        kept.push(new Uint8Array(batch.numRows).fill(1))
      } else {
        const result = op.process(batch, keepRejected)
        out.push(result.batch)
        if (result.kept !== undefined) kept.push(result.kept)
        if (result.rejected !== undefined && input.preserveIntermediate) {
          rejected.push(result.rejected.batch)
          reasons.push(...result.rejected.reasons)
        }
        if (result.errors !== undefined) failed.push(result.errors)
        outcome?.add(result)
        tracer?.add(op, batch, result)
      }
      const now = Date.now()
      if (now - lastProgress > 250) {
        lastProgress = now
        post({ type: 'progress', opIndex: index, rows: op.counters.rowsIn })
      }
    }
    const inputs = batches
    const nonEmpty = out.filter((b) => b.numRows > 0)
    batches = nonEmpty.length > 0 ? nonEmpty : out.slice(0, 1)
    ops[index] = {
      name: spec.name,
      rows_in: op.counters.rowsIn,
      rows_out: op.counters.rowsOut,
      millis: op.counters.millis,
      text_bytes: op.counters.textBytesIn
    }
    post({ type: 'op', opIndex: index, count: ops[index]! })

    if (rejected.length > 0) {
      const rows = rejectedBatches(rejected, reasons)
      const published = await publishBytes(
        dir.temp,
        dir.rejected(input.partition, index, spec.name),
        encodeParquet(rows, schemaOf(rows, planSchema), 'zstd'),
        dir.root
      )
      post({ type: 'published', kind: 'rejected', record: { ...published, rows: reasons.length } })
    }
    if (failed.length > 0) {
      const rows = rejectedBatches(
        failed.map((f) => f.batch),
        failed.flatMap((f) => f.reasons),
        '__sieve_error__'
      )
      const count = rows.reduce((n, b) => n + b.numRows, 0)
      const published = await publishBytes(
        dir.temp,
        dir.opErrors(input.partition, index, spec.name),
        encodeBatches(rows, rows[0]!.schema, 'jsonl', 'none'),
        dir.root
      )
      post({ type: 'published', kind: 'op_errors', record: { ...published, rows: count } })
    }
    if (outcome !== undefined) {
      const path = dir.outcome(input.partition, index, spec.name)
      const published = await publishBytes(dir.temp, path, outcome.encode(), dir.root)
      post({ type: 'outcome', record: { ...published, rows: op.counters.rowsIn, op_index: index, op_name: spec.name } })
    }
    if (tracer !== undefined && tracer.rows > 0) {
      const published = await publishBytes(dir.temp, dir.trace(input.partition, index, spec.name), tracer.bytes(), dir.root)
      post({ type: 'published', kind: 'trace', record: { ...published, rows: tracer.rows } })
    }

    const lastOfJob = input.isFinalStage && index === stageEnd
    throwIfStopped()
    if (isBoundary || (!lastOfJob && input.checkpoint.enabled && wantsCheckpoint(input.checkpoint, index, spec.name))) {
      const afterCheckpoint = lastCheckpoint === index - 1 && deltaDepth < MAX_DELTA_CHAIN
      const textDelta = afterCheckpoint && op.kind === 'mapper' ? textDeltaBatches(inputs, out, textKey) : undefined
      // Every partition's stage two reads the boundary: in full it is one file, over the input a parse of the slice again.
      const rowsDelta = afterCheckpoint && (isBoundary ? !overSource : op.kind === 'filter') && kept.length === inputs.length
      const keys = keyRuns !== undefined ? await writeKeyRuns(dir, input, index, spec.name, keyRuns) : undefined
      const written = isBoundary ? (keyRuns !== undefined ? undefined : KEY_COLUMN) : STATS_COLUMN
      const checkpoint =
        textDelta !== undefined
          ? await writeDeltaCheckpoint(dir, input, index, spec.name, textDelta, 'text')
          : rowsDelta
            ? await writeDeltaCheckpoint(dir, input, index, spec.name, deltaBatches(kept, out, written), 'rows')
            : await writeCheckpoint(dir, input, index, spec.name, batches, planSchema, isBoundary ? 'parquet' : input.checkpoint.storage_format)
      const record = keys !== undefined ? { ...checkpoint, keys } : checkpoint
      lastCheckpoint = index
      overSource = record.base_op !== undefined && overSource
      deltaDepth = record.base_op !== undefined ? deltaDepth + 1 : 0
      post({ type: 'checkpoint', record, ops })
      if (isBoundary) return { boundary: record, rowsRead, badRecords, ops }
    }
  }

  if (!input.isFinalStage) throw new Error('a stage that is not the last must end at an operator that decides over the whole dataset')
  const shaped = batches.map((b) => {
    const withoutStats = input.result.keepStats ? b : withoutColumn(b, STATS_COLUMN)
    return input.result.keepHashes ? withoutStats : withoutColumn(withoutStats, KEY_COLUMN)
  })
  const schema = schemaOf(shaped, planSchema)
  const bytes = encodeParquet(shaped, schema, input.result.codec)
  throwIfStopped()
  const published = await publishBytes(dir.temp, dir.result(input.partition), bytes, dir.root)
  return { result: { ...published, rows: totalRows(shaped) }, rowsRead, badRecords, ops }
}

/** The operator at `index`, its models loaded, as every stage runs it. */
async function createOp(input: PartitionTaskInput, index: number, textKey: string): Promise<AnyOperator> {
  const spec = input.ops[index]!
  const definition = getOpDefinition(spec.name)
  const models = spec.models ?? {}
  await definition.prepare?.(spec.params, models)
  return definition.create(spec.params, { ...opContext(spec.params, { textKey, skipOpError: input.skipOpError }), models })
}

/** open_tracer: the first rows the global operator at `index` dropped from this partition, with why. */
async function traceDecision(
  input: PartitionTaskInput,
  index: number,
  op: Deduplicator | Selector,
  batches: RecordBatch[],
  drop: Uint32Array,
  post: (m: PartitionMessage) => void
): Promise<void> {
  const tracer = Tracer.for(input.trace, op.name)
  if (tracer === undefined || drop.length === 0) return
  tracer.addDecision(batches, drop, op.dropReason)
  const dir = new WorkDir(input.workDir)
  const published = await publishBytes(dir.temp, dir.trace(input.partition, index, op.name), tracer.bytes(), dir.root)
  post({ type: 'published', kind: 'trace', record: { ...published, rows: tracer.rows } })
}

/**
 * The partition's slice of its input, its bad records quarantined in errors/ (or failing the
 * partition, as on_bad_record says); with a `sink`, each batch goes to it as it is read instead.
 */
export async function readPartitionSource(
  input: PartitionTaskInput,
  post: (m: PartitionMessage) => void,
  sink?: BatchSink
): Promise<{ batches: RecordBatch[]; rowsRead: number; badRecords: number }> {
  const dir = new WorkDir(input.workDir)
  let sunk = 0
  const counted: BatchSink | undefined =
    sink === undefined
      ? undefined
      : (batch) => {
          sunk += batch.numRows
          sink(batch)
        }
  const data = await readSource(input, counted)
  const rowsRead = totalRows(data.batches) + sunk
  post({ type: 'read', rows: rowsRead, badRecords: data.bad.length })
  if (data.bad.length > 0) {
    if (input.onBadRecord === 'fail') {
      const first = data.bad[0]!
      throw new SieveError(
        'MALFORMED',
        `${first.file}${first.line !== undefined ? `, line ${first.line}` : first.row !== undefined ? `, record ${first.row}` : ''}: ${first.reason} (on_bad_record: fail; set it to skip to quarantine bad records and go on).`,
        { badRecords: data.bad.length }
      )
    }
    const published = await publishBytes(dir.temp, dir.errors(input.partition), badRecordsJsonl(data.bad), dir.root)
    post({ type: 'published', kind: 'errors', record: { ...published, rows: data.bad.length } })
  }
  return { batches: data.batches, rowsRead, badRecords: data.bad.length }
}

/** Publishes a partition's key runs, sorted, beside the boundary checkpoint that will record them. */
async function writeKeyRuns(dir: WorkDir, input: PartitionTaskInput, index: number, name: string, runs: KeyRunBuilder): Promise<FileRecord> {
  const published = await publishBytes(dir.temp, dir.keyRuns(input.partition, index, name), runs.encode(), dir.root)
  checkFailpoint('key_runs', input.partition)
  return { ...published, rows: runs.rows }
}

async function writeDeltaCheckpoint(
  dir: WorkDir,
  input: PartitionTaskInput,
  index: number,
  name: string,
  delta: { schema: Schema; batches: RecordBatch[] },
  kind: 'rows' | 'text'
): Promise<CheckpointRecord> {
  const bytes = encodeParquet(delta.batches, delta.schema, input.checkpoint.compression, { internal: true })
  const published = await publishBytes(dir.temp, dir.checkpoint(input.partition, index, name, 'parquet'), bytes, dir.root)
  return {
    ...published,
    rows: totalRows(delta.batches),
    op_index: index,
    op_name: name,
    format: 'parquet',
    schema: schemaToBase64(delta.schema),
    base_op: index - 1,
    ...(kind === 'text' ? { delta: kind } : {})
  }
}

/** The partition's slice of its input file, as the plan read it (returned, or handed to `sink` batch by batch). */
async function readSource(input: PartitionTaskInput, sink?: BatchSink): Promise<{ batches: RecordBatch[]; bad: BadRecord[] }> {
  // Text documents carry each one's own suffix already: a partition holds many files.
  const shape = (b: RecordBatch): RecordBatch => (input.addSuffix && input.slice.kind !== 'documents' ? withSuffix(b, extname(input.source.path)) : b)
  const data = await readSlice(
    input.source,
    input.slice,
    schemaFromBase64(input.schema),
    input.textKeys,
    input.batchRows,
    sink === undefined ? undefined : (b) => sink(shape(b))
  )
  return { batches: data.batches.map(shape), bad: data.bad }
}

async function writeCheckpoint(
  dir: WorkDir,
  input: PartitionTaskInput,
  index: number,
  name: string,
  batches: RecordBatch[],
  planSchema: Schema,
  format: StorageFormat
): Promise<CheckpointRecord> {
  const schema = schemaOf(batches, planSchema)
  const bytes = encodeBatches(batches, schema, format, format === 'parquet' ? input.checkpoint.compression : 'none', { internal: true })
  const published = await publishBytes(dir.temp, dir.checkpoint(input.partition, index, name, format), bytes, dir.root)
  return { ...published, rows: totalRows(batches), op_index: index, op_name: name, format, schema: schemaToBase64(schema) }
}
