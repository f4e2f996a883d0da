import { existsSync, readFileSync } from 'node:fs'
import { isAbsolute, join, resolve } from 'node:path'
import { SieveError } from '../../shared/errors'
import type { JobSummary } from '../../shared/jobs'
import { WorkDir } from './layout'
import { readManifest, type Manifest } from './manifest'
import type { Plan } from './plan'

function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0)
    return true
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM'
  }
}

/** A job whose manifest says running but whose process is gone was interrupted. */
export function effectiveStatus(manifest: Manifest): Manifest['status'] {
  return manifest.status === 'running' && !processAlive(manifest.pid) ? 'interrupted' : manifest.status
}

/** What a work directory holds, from its plan and manifest alone. */
export async function readJobSummary(workDir: string): Promise<JobSummary> {
  const dir = new WorkDir(resolve(workDir))
  if (!existsSync(dir.mapping)) {
    throw new SieveError('NOT_FOUND', `${dir.root} is not a Sieve work directory (no metadata/dataset_mapping.json).`, { workDir: dir.root })
  }
  const plan = JSON.parse(readFileSync(dir.mapping, 'utf8')) as Plan
  const manifest = await readManifest(dir.manifest)
  if (manifest === undefined) throw new SieveError('NOT_FOUND', `${dir.root} has a plan but no manifest yet: the job never started. Resume it to start.`, { workDir: dir.root })
  const recipeText = existsSync(dir.recipe) ? readFileSync(dir.recipe, 'utf8') : ''
  const project = /^project_name: (.+)$/m.exec(recipeText)?.[1]?.trim() ?? ''
  const abs = (p: string): string => (isAbsolute(p) ? p : join(dir.root, p))
  const status = effectiveStatus(manifest)
  return {
    workDir: dir.root,
    jobId: manifest.job_id,
    projectName: project,
    status,
    startedAt: manifest.started_at,
    finishedAt: manifest.finished_at ?? null,
    rowsPlanned: plan.total_rows,
    rowsOut: manifest.partitions.reduce((n, p) => n + (p.result?.rows ?? 0), 0),
    badRecords: manifest.partitions.reduce((n, p) => n + p.bad_records, 0),
    partitions: manifest.partitions.map((p, id) => ({
      id,
      // In a job whose process is gone nothing is running any more.
      status: status !== 'running' && p.status === 'running' ? 'pending' : p.status,
      rowsIn: plan.partitions[id]?.rows ?? 0,
      ...(p.result !== undefined ? { result: { path: abs(p.result.path), rows: p.result.rows, bytes: p.result.bytes } } : {}),
      ...(p.error !== undefined ? { error: p.error } : {})
    })),
    exportFiles: (manifest.export?.files ?? []).map((f) => ({ path: abs(f.path), rows: f.rows, bytes: f.bytes }))
  }
}
