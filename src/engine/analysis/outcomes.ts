import { createHash } from 'node:crypto'
import { existsSync } from 'node:fs'
import { readFile } from 'node:fs/promises'
import { join } from 'node:path'
import type { DroppedExample, FilterOutcome, JobOutcomes, StatSummary } from '../../shared/analysis'
import { SieveError } from '../../shared/errors'
import { publishText } from '../io/publish'
import type { OutcomeRecord } from '../job/manifest'
import { effectiveStatus, readJobFiles } from '../job/status'
import { mergePartials } from './merge-task'
import type { OutcomeHeader } from './outcome-partial'
import { outcomesReportHtml } from './outcomes-html'
import { PartialFile } from './partial-file'

/** Dropped rows a filter's outcome shows, taken in turn from each partition's first few. */
const EXAMPLES = 10

/** outcomes.json: the merged outcomes, and the partitions' outcome files they were merged from (by hash), to know they are still current. */
interface OutcomesFile extends JobOutcomes {
  from: string
}

/** Partitions' outcome files, as one hash: the same hash, the same merge. */
function recordsKey(records: { partition: number; record: OutcomeRecord }[]): string {
  return createHash('sha256')
    .update(JSON.stringify(records.map(({ partition, record }) => [partition, record.path, record.sha256])))
    .digest('hex')
}

/** A side's summary, or null when no row of it has a value (a summary of nothing has no min, max or mean). */
function sideOf(summary: StatSummary | undefined): StatSummary | null {
  return summary === undefined || summary.count === 0 ? null : summary
}

/** The first examples of each partition in turn, so a few partitions are not all the examples. */
function interleave(perPartition: DroppedExample[][]): DroppedExample[] {
  const out: DroppedExample[] = []
  for (let i = 0; out.length < EXAMPLES && perPartition.some((e) => i < e.length); i++)
    for (const examples of perPartition) if (i < examples.length && out.length < EXAMPLES) out.push(examples[i]!)
  return out
}

/** One filter's outcome over every partition that ran it: the partitions' partials merged as an analysis merges them. */
function mergeFilter(index: number, name: string, records: { partition: number; record: OutcomeRecord }[], root: string): FilterOutcome {
  const files: PartialFile[] = []
  try {
    for (const { record } of records) files.push(PartialFile.open(join(root, record.path)))
    const headers = files.map((f) => (f.header as OutcomeHeader).outcome)
    const { stats } = mergePartials(files, [], { paths: [], fingerprint: '' })
    return {
      index,
      name,
      statsKey: headers.find((h) => h.statsKey !== null)?.statsKey ?? null,
      rowsKept: headers.reduce((n, h) => n + h.rowsKept, 0),
      rowsDropped: headers.reduce((n, h) => n + h.rowsDropped, 0),
      kept: sideOf(stats.kept),
      dropped: sideOf(stats.dropped),
      examples: interleave(headers.map((h, i) => h.examples.map((e) => ({ ...e, partition: records[i]!.partition }))))
    }
  } finally {
    for (const f of files) f.close()
  }
}

/**
 * Every filter's outcome in a run's work directory: merged from the partitions' outcome files on
 * first request (a run pays nothing for it but writing them), then kept in outcomes.json with
 * outcomes.html beside it, and merged again only once the files it came from changed.
 */
export async function readJobOutcomes(workDir: string): Promise<JobOutcomes> {
  const { dir, plan, manifest } = await readJobFiles(workDir)
  if (plan.kind === 'analysis') {
    throw new SieveError('BAD_REQUEST', `${dir.root} is an analysis, not a run: what it found is in analysis.json ('sieve analyze').`, {
      workDir: dir.root
    })
  }
  if (manifest.partitions.some((p) => p.outcomes === undefined)) {
    throw new SieveError(
      'NOT_FOUND',
      `${dir.root} was run by a Sieve that did not yet keep what each filter kept and dropped. Run the recipe again ('sieve run RECIPE --force') to see it.`,
      { workDir: dir.root }
    )
  }
  const records = manifest.partitions.flatMap((p, partition) => (p.outcomes ?? []).map((record) => ({ partition, record })))
  const from = recordsKey(records)
  if (existsSync(dir.outcomesJson)) {
    try {
      const { from: cachedFrom, ...cached } = JSON.parse(await readFile(dir.outcomesJson, 'utf8')) as OutcomesFile
      if (cachedFrom === from) return { ...cached, workDir: dir.root }
    } catch {
      // A damaged outcomes.json is merged again.
    }
  }
  const filters = new Map<string, { index: number; name: string; records: typeof records }>()
  for (const entry of records) {
    const key = `${entry.record.op_index} ${entry.record.op_name}`
    const filter = filters.get(key) ?? { index: entry.record.op_index, name: entry.record.op_name, records: [] }
    filter.records.push(entry)
    filters.set(key, filter)
  }
  const partitions = manifest.partitions.length
  const partitionsDone = manifest.partitions.filter((p) => p.status === 'done').length
  const merged = [...filters.values()].sort((a, b) => a.index - b.index || (a.name < b.name ? -1 : 1))
  const outcomes: JobOutcomes = {
    workDir: dir.root,
    complete: partitionsDone === partitions && merged.every((f) => f.records.length === partitions),
    partitionsDone,
    partitions,
    outcomes: merged.map((f) => mergeFilter(f.index, f.name, f.records, dir.root))
  }
  // A running job clears temp/, which publishing uses: only a job that is not running keeps its merge.
  if (effectiveStatus(manifest, dir) !== 'running') await keep(dir.temp, dir.outcomesJson, dir.outcomesReport, outcomes, from)
  return outcomes
}

async function keep(temp: string, json: string, html: string, outcomes: JobOutcomes, from: string): Promise<void> {
  try {
    await publishText(temp, json, `${JSON.stringify({ ...outcomes, from } satisfies OutcomesFile)}\n`)
    await publishText(temp, html, outcomesReportHtml(outcomes))
  } catch (err) {
    // A work directory that cannot be written (read-only media) still shows its outcomes: they are merged on every request.
    if (!(err instanceof SieveError && err.code === 'PERMISSION_DENIED')) throw err
  }
}
