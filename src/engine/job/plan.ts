import { createHash } from 'node:crypto'
import { open, stat } from 'node:fs/promises'
import { basename } from 'node:path'
import { Field, Schema, Utf8 } from 'apache-arrow'
import { SUFFIX_FIELD } from '../ops/filters/suffix_filter'
import type { Compression, DatasetFormat } from '../../shared/dataset'
import { SieveError } from '../../shared/errors'
import type { Recipe } from '../../shared/recipe'
import { CsvParser } from '../io/csv'
import { detectFormat } from '../io/detect'
import { fileError, readBytes } from '../io/fs-errors'
import { openParquet } from '../io/parquet-read'
import type { SourceSlice } from '../io/read-slice'
import { planPartitions } from './partition-plan'
import { scanTextFile } from '../io/scan'
import { inferCsvSchema, inferRecordSchema, schemaToBase64 } from '../io/schema'
import { parseJson } from '../io/json-value'
import { expandDatasetPaths } from '../inspect'
import { getOpDefinition } from '../ops'
import { customModuleHashes, type CustomModule } from '../ops/custom'
import { missingTextField, notTextField, textFields } from '../ops/common-params'
import { RecordBatchReader, tableFromIPC } from 'apache-arrow'
import { JsonArrayScanner } from '../io/json-array'
import { openTextStream } from '../io/text-stream'
import type { Stage } from '../task-types'
export type { Stage } from '../task-types'

export interface InputFingerprint {
  path: string
  format: DatasetFormat
  compression: Compression
  size: number
  mtime_ms: number
  head_sha256: string
  tail_sha256: string
  /** CSV: the header's column names. */
  header?: string[]
}

export interface PlannedPartition {
  id: number
  input: number
  slice: SourceSlice
  rows: number
  bytes: number
}

/** Ops [first, last] run per partition; a stage that ends in a deduplicator computes its keys last. */

export interface Plan {
  version: 1
  created_at: string
  recipe_sha256: string
  inputs: InputFingerprint[]
  /** The dataset's Arrow schema (IPC, base64), the same for every partition. */
  schema: string
  text_keys: string[]
  total_rows: number
  partitions: PlannedPartition[]
  stages: Stage[]
  /** The custom operator modules with the sha256 of each, so a resume notices an edited one (absent in older plans). */
  custom_operators?: CustomModule[]
  /** An analysis (analysis/): each partition sums its stats into a partial, and the partials are merged instead of exported. */
  kind?: 'analysis'
}

const FINGERPRINT_BYTES = 64 * 1024
const SAMPLE_RECORDS = 2000

/** The recipe settings that decide which rows and columns the results hold; a resume refuses if they changed. */
export function recipeHash(recipe: Recipe): string {
  const relevant = {
    dataset_path: recipe.dataset_path,
    text_keys: recipe.text_keys,
    // Where the model store keeps an operator's model files is not part of the recipe.
    process: recipe.process.map(({ name, params }) => ({ name, params })),
    partition_size: recipe.partition_size,
    max_partition_size_mb: recipe.max_partition_size_mb,
    on_bad_record: recipe.on_bad_record,
    keep_stats_in_res_ds: recipe.keep_stats_in_res_ds,
    keep_hashes_in_res_ds: recipe.keep_hashes_in_res_ds
  }
  return createHash('sha256').update(canonicalJson(relevant)).digest('hex')
}

/** JSON with every object's keys sorted: how a recipe's parameters are ordered in YAML must not change its hash. */
function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>).filter(([, v]) => v !== undefined)
    return `{${entries
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
      .map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`)
      .join(',')}}`
  }
  return JSON.stringify(value) ?? 'null'
}

async function hashRange(path: string, fromEnd: boolean, size: number): Promise<string> {
  const handle = await open(path, 'r')
  try {
    const n = Math.min(FINGERPRINT_BYTES, size)
    const bytes = Buffer.alloc(n)
    await handle.read(bytes, 0, n, fromEnd ? size - n : 0)
    return createHash('sha256').update(bytes).digest('hex')
  } finally {
    await handle.close()
  }
}

export async function fingerprint(path: string, format: DatasetFormat, compression: Compression): Promise<InputFingerprint> {
  try {
    const s = await stat(path)
    return {
      path,
      format,
      compression,
      size: s.size,
      mtime_ms: Math.floor(s.mtimeMs),
      head_sha256: await hashRange(path, false, s.size),
      tail_sha256: await hashRange(path, true, s.size)
    }
  } catch (err) {
    throw fileError(err, path)
  }
}

/** The dataset files a recipe reads: its dataset_path expanded, and of them only the names ending in one of its `suffixes` when it sets any (Data-Juicer's, in any case). */
export async function datasetFiles(recipe: Recipe): Promise<string[]> {
  const { files } = await expandDatasetPaths(recipe.dataset_path)
  if (recipe.suffixes.length === 0) return files
  const endings = recipe.suffixes.map((s) => (s.startsWith('.') ? s : `.${s}`).toLowerCase())
  const kept = files.filter((f) => endings.some((e) => f.toLowerCase().endsWith(e)))
  if (kept.length === 0) {
    throw new SieveError(
      'NOT_FOUND',
      `No file of dataset_path ends in ${endings.join(', ')} (the recipe's suffixes); it holds ${files
        .slice(0, 3)
        .map((f) => basename(f))
        .join(', ')}${files.length > 3 ? ', …' : ''}. Change suffixes or dataset_path.`,
      { suffixes: endings }
    )
  }
  return kept
}

/** What changed in the inputs since the plan, in words; empty when nothing did. */
async function inputChanges(plan: Plan, recipe: Recipe): Promise<string[]> {
  const changes: string[] = []
  const planned = new Set(plan.inputs.map((i) => i.path))
  const now = await datasetFiles(recipe).catch(() => [] as string[])
  const added = now.filter((p) => !planned.has(p))
  if (added.length > 0)
    changes.push(`${added.length} file(s) were added to the dataset (${added.slice(0, 3).join(', ')}${added.length > 3 ? ', …' : ''})`)
  for (const input of plan.inputs) {
    let now: InputFingerprint
    try {
      now = await fingerprint(input.path, input.format, input.compression)
    } catch {
      changes.push(`${input.path} is gone`)
      continue
    }
    if (now.size !== input.size) changes.push(`${input.path} changed size (${input.size} → ${now.size} bytes)`)
    else if (now.head_sha256 !== input.head_sha256 || now.tail_sha256 !== input.tail_sha256) changes.push(`${input.path} changed content`)
    else if (now.mtime_ms !== input.mtime_ms)
      changes.push(`${input.path} was modified (${new Date(input.mtime_ms).toISOString()} → ${new Date(now.mtime_ms).toISOString()})`)
  }
  return changes
}

/** Everything that changed since the plan (inputs, then the recipe), the one check resume and the Resume dialog share. */
export async function changesSincePlan(plan: Plan, recipe: Recipe, recipePath: string): Promise<{ inputsChanged: boolean; changes: string[] }> {
  const changes = await inputChanges(plan, recipe)
  const inputsChanged = changes.length > 0
  if (recipeHash(recipe) !== plan.recipe_sha256) changes.push(`${recipePath} was edited after the job was planned`)
  const now = new Map((await customModuleHashes(recipe.custom_operator_paths)).map((m) => [m.path, m.sha256]))
  for (const { path, sha256 } of plan.custom_operators ?? []) {
    if (!now.has(path)) changes.push(`the custom operator module ${path} is no longer in custom_operator_paths`)
    else if (now.get(path) !== sha256) changes.push(`the custom operator module ${path} was edited after the job was planned`)
  }
  return { inputsChanged, changes }
}

export function planStages(recipe: Recipe): Stage[] {
  const stages: Stage[] = []
  let first = 0
  recipe.process.forEach((op, i) => {
    // Deduplicators and selectors decide over the whole dataset: the chain is cut there.
    const kind = getOpDefinition(op.name).info.kind
    if (kind === 'deduplicator' || kind === 'selector') {
      stages.push({ first, last: i, dedup: i })
      first = i + 1
    }
  })
  stages.push({ first, last: recipe.process.length - 1, dedup: null })
  return stages
}

interface FilePlan {
  slices: { slice: SourceSlice; rows: number; bytes: number }[]
  schema?: Schema
  samples?: Record<string, unknown>[]
  header?: string[]
  csvSamples?: string[][]
}

async function planTextFile(input: InputFingerprint, recipe: Recipe): Promise<FilePlan> {
  const csv = input.format === 'csv' || input.format === 'tsv'
  const scan = await scanTextFile(
    input.path,
    input.compression,
    { partitionRows: recipe.partition_size, partitionBytes: recipe.max_partition_size_mb * (1 << 20), sampleSize: SAMPLE_RECORDS },
    csv,
    input.format === 'tsv' ? '\t' : ','
  )
  const slices = scan.slices.map((s) => ({
    slice: s,
    rows: s.kind === 'bytes' ? s.rows : s.count,
    bytes: s.kind === 'bytes' ? s.end - s.start : 0
  }))
  if (csv) {
    const delimiter = input.format === 'csv' ? ',' : '\t'
    const parse = (text: string): string[] => {
      const parser = new CsvParser(delimiter)
      const records = parser.push(text)
      const last = parser.end()
      return (last !== undefined ? [...records, last] : records)[0]?.fields ?? []
    }
    const header = scan.header !== undefined ? parse(scan.header.toString('utf8').replace(/^\uFEFF/, '')) : []
    return { slices, header, csvSamples: scan.samples.map((s) => parse(s.text)) }
  }
  const samples: Record<string, unknown>[] = []
  for (const s of scan.samples) {
    // A bad line is reported, with its number, when its partition is read.
    const parsed = parseJson(s.text)
    if ('value' in parsed && typeof parsed.value === 'object' && parsed.value !== null && !Array.isArray(parsed.value)) {
      samples.push(parsed.value as Record<string, unknown>)
    }
  }
  return { slices, samples }
}

async function planJsonArray(input: InputFingerprint): Promise<FilePlan> {
  const stream = openTextStream(input.path, input.compression)
  const scanner = new JsonArrayScanner(input.path)
  const samples: Record<string, unknown>[] = []
  let rows = 0
  try {
    const decoder = new TextDecoder()
    for await (const chunk of stream.chunks) {
      for (const element of scanner.push(decoder.decode(chunk, { stream: true }))) {
        rows++
        if (samples.length < SAMPLE_RECORDS) {
          // A bad record is reported when the partition is read.
          const parsed = parseJson(element)
          if ('value' in parsed) samples.push(parsed.value as Record<string, unknown>)
        }
      }
    }
    scanner.end()
  } finally {
    stream.close()
  }
  return { slices: rows > 0 ? [{ slice: { kind: 'whole' }, rows, bytes: input.size }] : [], samples }
}

/**
 * Parquet partitions are row ranges: `partition_size` rows (fewer when `max_partition_size_mb`,
 * counted in compressed bytes per row, is reached first), cut inside row groups where needed, so
 * a partition never holds more than it asks for whatever row groups the writer chose.
 */
async function planParquet(input: InputFingerprint, recipe: Recipe): Promise<FilePlan> {
  const file = await openParquet(input.path)
  try {
    const meta = file.metadata()
    const slices: FilePlan['slices'] = []
    const limitBytes = recipe.max_partition_size_mb * (1 << 20)
    let current: { groups: number[]; offset: number; rows: number; bytes: number } | undefined
    const close = (): void => {
      if (current !== undefined && current.rows > 0) {
        slices.push({
          slice: { kind: 'parquetRows', groups: current.groups, offset: current.offset, count: current.rows },
          rows: current.rows,
          bytes: Math.round(current.bytes)
        })
      }
      current = undefined
    }
    for (let g = 0; g < meta.numRowGroups(); g++) {
      const rg = meta.rowGroup(g)
      const rows = rg.numRows()
      const bytesPerRow = rows > 0 ? rg.compressedSize() / rows : 0
      for (let at = 0; at < rows;) {
        current ??= { groups: [], offset: at, rows: 0, bytes: 0 }
        const byBytes = limitBytes > 0 && bytesPerRow > 0 ? Math.floor((limitBytes - current.bytes) / bytesPerRow) : Infinity
        // A partition takes at least one row, however large.
        const take = Math.min(rows - at, recipe.partition_size - current.rows, current.rows === 0 ? Math.max(1, byBytes) : byBytes)
        if (take <= 0) {
          close()
          continue
        }
        if (current.groups.at(-1) !== g) current.groups.push(g)
        current.rows += take
        current.bytes += take * bytesPerRow
        at += take
        if (current.rows >= recipe.partition_size) close()
      }
    }
    close()
    const head = tableFromIPC((await file.read({ limit: 1 })).intoIPCStream())
    return { slices, schema: head.schema }
  } finally {
    file.free()
  }
}

async function planArrow(input: InputFingerprint, recipe: Recipe): Promise<FilePlan> {
  const bytes = await readBytes(input.path)
  const reader = RecordBatchReader.from(bytes)
  const slices: FilePlan['slices'] = []
  let first = 0
  let count = 0
  let rows = 0
  let index = 0
  for (const batch of reader) {
    if (count > 0 && rows + batch.numRows > recipe.partition_size) {
      slices.push({ slice: { kind: 'arrowBatches', first, count }, rows, bytes: 0 })
      first = index
      count = 0
      rows = 0
    }
    count++
    rows += batch.numRows
    index++
  }
  if (count > 0 && rows > 0) slices.push({ slice: { kind: 'arrowBatches', first, count }, rows, bytes: 0 })
  return { slices, schema: reader.schema }
}

function describeSchema(schema: Schema): string {
  return schema.fields.map((f) => `${f.name}: ${String(f.type)}`).join(', ')
}

/**
 * Plans a job: the input files and their fingerprints, the schema every partition will have,
 * the partitions (byte ranges of text files, row groups of Parquet) and the stages.
 */
export async function planJob(recipe: Recipe): Promise<Plan> {
  const paths = await datasetFiles(recipe)
  const inputs: InputFingerprint[] = []
  const filePlans: FilePlan[] = []
  for (const path of paths) {
    const detection = await detectFormat(path)
    const input = await fingerprint(path, detection.format, detection.compression)
    const plan =
      detection.format === 'text'
        ? // A document is one row whose text is the whole file; it is read when its partition is.
          { slices: [], samples: [{ text: '' }] }
        : detection.format === 'parquet'
          ? await planParquet(input, recipe)
          : detection.format === 'arrow'
            ? await planArrow(input, recipe)
            : detection.format === 'json'
              ? await planJsonArray(input)
              : await planTextFile(input, recipe)
    if (plan.header !== undefined) input.header = plan.header
    inputs.push(input)
    filePlans.push(plan)
  }

  const base = datasetSchema(inputs, filePlans, recipe)
  const schema =
    recipe.add_suffix && base.fields.every((f) => f.name !== SUFFIX_FIELD)
      ? new Schema([...base.fields, new Field(SUFFIX_FIELD, new Utf8(), true)])
      : base
  const partitions: PlannedPartition[] = planPartitions(
    inputs,
    filePlans.map((fp) => fp.slices),
    { partitionRows: recipe.partition_size, partitionBytes: recipe.max_partition_size_mb * (1 << 20) }
  ).map((p, id) => ({ id, ...p }))
  const total = partitions.reduce((n, p) => n + p.rows, 0)
  if (total === 0) {
    throw new SieveError('EMPTY_FILE', `The dataset has no records (${paths.map((p) => basename(p)).join(', ')}). Check dataset_path.`, {
      paths
    })
  }
  return {
    version: 1,
    created_at: new Date().toISOString(),
    recipe_sha256: recipeHash(recipe),
    inputs,
    schema: schemaToBase64(schema),
    text_keys: recipe.text_keys,
    total_rows: total,
    partitions,
    stages: planStages(recipe),
    custom_operators: await customModuleHashes(recipe.custom_operator_paths)
  }
}

function datasetSchema(inputs: InputFingerprint[], plans: FilePlan[], recipe: Pick<Recipe, 'text_keys' | 'process'>): Schema {
  const textKeys = textFields(recipe.text_keys, recipe.process)
  const samples = plans.flatMap((p) => p.samples ?? [])
  let schema: Schema | undefined
  let from = ''
  plans.forEach((p, i) => {
    let s: Schema | undefined
    if (p.schema !== undefined) s = p.schema
    else if (p.header !== undefined) s = inferCsvSchema(p.header, p.csvSamples ?? [], textKeys)
    if (s === undefined) return
    if (schema !== undefined && describeSchema(schema) !== describeSchema(s)) {
      throw new SieveError(
        'BAD_REQUEST',
        `The input files do not share one schema: ${basename(inputs[i]!.path)} has (${describeSchema(s)}) but ${from} has (${describeSchema(schema)}). Process them as separate jobs.`
      )
    }
    schema ??= s
    from ||= basename(inputs[i]!.path)
  })
  if (schema === undefined) {
    const missing = textKeys.filter((k) => !samples.some((r) => k in r))
    if (missing.length > 0 && samples.length > 0) {
      const fields = [...new Set(samples.flatMap((r) => Object.keys(r)))]
      throw missingTextField(missing[0]!, fields, recipe)
    }
    schema = inferRecordSchema(samples, textKeys)
  } else if (samples.length > 0) {
    throw new SieveError('BAD_REQUEST', 'The input mixes JSON files or documents with CSV, Parquet or Arrow files; process them as separate jobs.')
  }
  const names = schema.fields.map((f) => f.name)
  for (const key of textKeys) {
    const field = schema.fields.find((f) => f.name === key)
    if (field === undefined) throw missingTextField(key, names, recipe)
    if (!/^(Large)?Utf8$/.test(String(field.type))) throw notTextField(key, String(field.type), recipe)
  }
  return schema
}
