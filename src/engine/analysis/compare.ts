import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { ComparedJob, JobComparison, StatSummary } from '../../shared/analysis'
import { readBatches } from '../io/read-file'
import { getOpDefinition } from '../ops'
import { STATS_COLUMN } from '../ops/batch'
import { readJobDetails } from '../job/status'
import { WorkDir } from '../job/layout'
import { loadRecipe } from '../job/recipe'
import { mergePartials } from './merge-task'
import { PartitionAnalysis } from './partial'
import { PartialFile } from './partial-file'

/**
 * The stats of a job's output rows, from the `__dj__stats__` column of its partition results (kept
 * with keep_stats_in_res_ds): one partial per partition, merged as an analysis merges them.
 */
async function outputStats(results: string[]): Promise<Record<string, StatSummary>> {
  const scratch = mkdtempSync(join(tmpdir(), 'sieve-compare-'))
  const files: PartialFile[] = []
  try {
    for (const [i, path] of results.entries()) {
      const partial = new PartitionAnalysis()
      for (const batch of await readBatches(path, 'parquet', undefined, [STATS_COLUMN])) partial.add(batch, false)
      const file = join(scratch, `partition_${i}.stats`)
      writeFileSync(file, partial.encode())
      files.push(PartialFile.open(file))
    }
    return mergePartials(files, [], { paths: results, fingerprint: '' }).stats
  } finally {
    for (const f of files) f.close()
    rmSync(scratch, { recursive: true, force: true })
  }
}

async function comparedJob(workDir: string): Promise<ComparedJob> {
  const d = await readJobDetails(workDir)
  const { recipe } = await loadRecipe(new WorkDir(d.workDir).recipe)
  const results = recipe.keep_stats_in_res_ds ? d.partitions.flatMap((p) => (p.result !== undefined ? [p.result.path] : [])) : []
  return {
    workDir: d.workDir,
    name: d.projectName || d.jobId,
    rowsIn: d.rowsPlanned,
    rowsOut: d.exportFiles.reduce((n, f) => n + f.rows, 0),
    millis: Math.round((d.wallSeconds ?? 0) * 1000),
    funnel: d.operations.map((o) => ({
      index: o.index,
      name: o.name,
      kind: getOpDefinition(o.name).info.kind,
      rowsIn: o.rowsIn,
      rowsOut: o.rowsOut,
      millis: o.millis
    })),
    outputStats: results.length > 0 ? await outputStats(results) : {}
  }
}

/** Two finished jobs side by side: the funnel per operator, rows and time, and the stats of their outputs. */
export async function compareJobs(a: string, b: string): Promise<JobComparison> {
  return { jobs: [await comparedJob(a), await comparedJob(b)] }
}
