import type { FunnelStep, JobComparison } from '../../../../shared/analysis'
import type { ApiErrorShape } from '../../../../shared/errors'
import type { JobSummary } from '../../../../shared/jobs'

/** The comparison of two jobs shown in the Jobs view: none, being computed, shown, or why it could not be. */
export type ComparisonState =
  | { status: 'closed' }
  | { status: 'loading'; workDirs: [string, string] }
  | { status: 'ready'; comparison: JobComparison }
  | { status: 'error'; workDirs: [string, string]; error: ApiErrorShape }

export interface CompareSlice {
  /** Work directories ticked in the Jobs list to compare, in the order ticked: the first is job A. */
  comparePicks: string[]
  comparison: ComparisonState
}

/** The slice's state when the window opens. */
export const createCompareSlice = (): CompareSlice => ({
  comparePicks: [],
  comparison: { status: 'closed' }
})

/** A comparison sets two finished runs side by side: an analysis has no funnel, an unfinished run no output. */
export function canCompare(job: Pick<JobSummary, 'kind' | 'status'>): boolean {
  return job.kind === 'run' && (job.status === 'completed' || job.status === 'completed_with_failures')
}

/** The ticked jobs still listed and still comparable (a job removed or restarted since drops out). */
export function validPicks(picks: readonly string[], list: readonly JobSummary[]): string[] {
  return picks.filter((workDir) => list.some((job) => job.workDir === workDir && canCompare(job)))
}

/** One line of two funnels set side by side: an operator both recipes run, or one only one of them runs. */
export interface AlignedStep {
  name: string
  a?: FunnelStep
  b?: FunnelStep
}

/**
 * Lines the two funnels up by operator: the longest run of operators (by name, in order) both have
 * share lines, and each operator only one recipe has gets a line of its own where it runs.
 */
export function alignFunnels(a: readonly FunnelStep[], b: readonly FunnelStep[]): AlignedStep[] {
  // common[i][j]: the longest common subsequence of a[i..] and b[j..], by name.
  const common = Array.from({ length: a.length + 1 }, () => new Array<number>(b.length + 1).fill(0))
  for (let i = a.length - 1; i >= 0; i--)
    for (let j = b.length - 1; j >= 0; j--)
      common[i]![j] = a[i]!.name === b[j]!.name ? common[i + 1]![j + 1]! + 1 : Math.max(common[i + 1]![j]!, common[i]![j + 1]!)
  const lines: AlignedStep[] = []
  let i = 0
  let j = 0
  while (i < a.length || j < b.length) {
    const stepA = a[i]
    const stepB = b[j]
    if (stepA !== undefined && stepB !== undefined && stepA.name === stepB.name) {
      lines.push({ name: stepA.name, a: stepA, b: stepB })
      i++
      j++
    } else if (stepA !== undefined && (stepB === undefined || common[i + 1]![j]! >= common[i]![j + 1]!)) {
      lines.push({ name: stepA.name, a: stepA })
      i++
    } else {
      lines.push({ name: stepB!.name, b: stepB! })
      j++
    }
  }
  return lines
}
