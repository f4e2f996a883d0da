import type { JobEvent } from '../log/events'
import { checkpointFiles, deltaChain, readsSource } from './delta-checkpoint'
import type { CheckpointRecord, FileRecord, Manifest, OutcomeRecord, PartitionState } from './manifest'
import type { Plan } from './plan'
import { checkpointsForgotten, decisionForgotten, exportForgotten, filesChecked, partitionReset, resultVerified } from './job-state'

/** Where a partition's stage starts: its input slice, or a checkpoint read through its delta bases. */
export type StageEntry = { kind: 'source' } | { kind: 'checkpoint'; checkpoint: CheckpointRecord; bases: CheckpointRecord[] }

/**
 * Where a partition's stage starts: the newest checkpoint inside the stage whose delta bases all
 * survive; else the first stage reads the input, a later one the boundary before it.
 */
export function stageEntry(plan: Plan, p: PartitionState, id: number, stageIndex: number): StageEntry {
  const stage = plan.stages[stageIndex]!
  const end = stage.dedup ?? stage.last
  const inside = p.checkpoints.filter((c) => c.op_index >= stage.first && c.op_index < end + (stage.dedup === null ? 1 : 0))
  for (const checkpoint of inside.sort((a, b) => b.op_index - a.op_index)) {
    const bases = deltaChain(checkpoint, p.checkpoints)
    if (bases !== undefined) return { kind: 'checkpoint', checkpoint, bases }
  }
  if (stageIndex === 0) return { kind: 'source' }
  const previous = plan.stages[stageIndex - 1]!.dedup!
  const boundary = p.checkpoints.find((c) => c.op_index === previous)
  const bases = boundary === undefined ? undefined : deltaChain(boundary, p.checkpoints)
  if (boundary === undefined || bases === undefined)
    throw new Error(`partition ${id}: the checkpoints its keys of operator ${previous} are read from are gone`)
  return { kind: 'checkpoint', checkpoint: boundary, bases }
}

export interface Reconciled {
  /** Warnings about files that failed their check, for the event log. */
  warnings: Pick<JobEvent, 'message' | 'partition_id' | 'checkpoint_path'>[]
  /** Partitions whose result holds: they do not run again. */
  verified: number
  /** Partitions that had failed and run again. */
  retried: number
  /** Partitions that run again starting from a checkpoint rather than from their input. */
  fromCheckpoint: number
  exportComplete: boolean
}

/**
 * What a resume does, decided once for the Job and for the Resume dialog: every file the manifest
 * claims is checked with `check` (size and sha256); what fails is forgotten, with whatever
 * depended on it (a delta's base, a lost dedup decision's later stages), and each partition is set
 * where it now stands. Resumed over changed inputs, deltas over the old source slice are dropped.
 * The manifest given is left as it was: the decision is a new manifest and its report.
 */
export async function reconcile(
  plan: Plan,
  saved: Manifest,
  check: (record: FileRecord) => Promise<boolean>,
  inputsChanged: boolean
): Promise<{ manifest: Manifest; report: Reconciled }> {
  const manifest = structuredClone(saved)
  const warnings: Reconciled['warnings'] = []
  const failedBefore = new Set(manifest.partitions.flatMap((p, id) => (p.status === 'failed' ? [id] : [])))
  for (const [id, p] of manifest.partitions.entries()) {
    // A delta over the old source slice would rewrite the wrong rows.
    const candidates = inputsChanged ? p.checkpoints.filter((cp) => !readsSource(cp, p.checkpoints)) : p.checkpoints
    const outcomes: OutcomeRecord[] = []
    /** The first filter whose outcome failed its check: the partition runs it again, so nothing after it is kept. */
    let lostOutcome = Infinity
    for (const r of p.outcomes ?? []) {
      if (await check(r)) outcomes.push(r)
      else {
        lostOutcome = Math.min(lostOutcome, r.op_index)
        warnings.push({ message: `outcome ${r.path} failed verification; ${r.op_name} runs again on partition ${id}`, partition_id: id })
      }
    }
    const resultChecked = p.result !== undefined && (await check(p.result))
    if (p.result !== undefined && !resultChecked)
      warnings.push({ message: `result of partition ${id} failed verification; it will be redone`, partition_id: id })
    // A partition whose filter runs again runs on to its end again.
    const result = resultChecked && lostOutcome === Infinity
    const valid: CheckpointRecord[] = []
    for (const cp of candidates) {
      // Resumed from past the filter that runs again, the partition would skip it.
      if (cp.op_index >= lostOutcome) continue
      let whole = true
      for (const f of checkpointFiles(cp)) whole = whole && (await check(f))
      if (whole) valid.push(cp)
      else warnings.push({ message: `checkpoint ${cp.path} failed verification and is ignored`, partition_id: id, checkpoint_path: cp.path })
    }
    const errorsFile = p.errors_file !== undefined && (await check(p.errors_file))
    const rejected: FileRecord[] = []
    for (const r of p.rejected) if (await check(r)) rejected.push(r)
    const opErrors: FileRecord[] = []
    for (const r of p.op_errors ?? []) if (await check(r)) opErrors.push(r)
    const trace: FileRecord[] = []
    for (const r of p.trace ?? []) if (await check(r)) trace.push(r)
    // A delta whose base failed is of no use either.
    filesChecked(p, {
      result,
      checkpoints: valid.filter((cp) => deltaChain(cp, valid) !== undefined),
      errorsFile,
      rejected,
      opErrors,
      trace,
      outcomes
    })
    // Where the partition stands now: the stages whose boundary checkpoint survived are done.
    let stage = 0
    while (stage < plan.stages.length - 1 && p.checkpoints.some((c) => c.op_index === plan.stages[stage]!.dedup)) stage++
    if (p.result !== undefined) resultVerified(p, plan.stages.length)
    else partitionReset(p, stage)
  }
  for (const [key, record] of Object.entries(manifest.dedup)) {
    if (!(await check(record))) decisionForgotten(manifest, key)
  }
  // A dedup decision that is gone is made again from every partition's keys; a partition past
  // that stage whose keys (its boundary checkpoint) are gone too starts over.
  for (const [s, stage] of plan.stages.entries()) {
    if (stage.dedup === null || manifest.dedup[String(stage.dedup)] !== undefined) continue
    for (const p of manifest.partitions) {
      if (p.stage <= s) continue
      if (p.checkpoints.some((c) => c.op_index === stage.dedup)) partitionReset(p, Math.min(p.stage, s + 1))
      else {
        partitionReset(p, 0)
        checkpointsForgotten(p, p.checkpoints)
      }
    }
  }
  let exportComplete = manifest.export?.complete === true
  for (const f of manifest.export?.files ?? []) if (exportComplete) exportComplete = await check(f)
  if (manifest.export !== undefined && !exportComplete) exportForgotten(manifest)
  const pending = manifest.partitions.flatMap((p, id) => (p.status === 'done' ? [] : [{ p, id }]))
  const report = {
    warnings,
    verified: manifest.partitions.length - pending.length,
    retried: pending.filter(({ id }) => failedBefore.has(id)).length,
    fromCheckpoint: pending.filter(({ p, id }) => stageEntry(plan, p, id, p.stage).kind === 'checkpoint').length,
    exportComplete
  }
  return { manifest, report }
}
