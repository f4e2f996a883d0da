import { SieveError } from '../../../../shared/errors'
import { asApiError } from '../../app/errors'
import type { StartChoices } from './job-actions'

/** A file a start would replace, with the known job that wrote it. */
export interface ExistingOutput {
  path: string
  writer?: { workDir: string; name: string }
}

/**
 * Why a start was refused, as the Run view offers to go on: the work directory holds a job (open
 * it, or start over), the output exists and is not this job's (replace it, after confirming), or
 * something else (its message). `choices` are what the refused start had asked for already.
 */
export type StartProblem =
  | { kind: 'holds-job'; message: string; workDir: string; choices: StartChoices }
  | { kind: 'output-exists'; message: string; files: ExistingOutput[]; choices: StartChoices }
  | { kind: 'error'; message: string }

export function startProblem(err: unknown, choices: StartChoices): StartProblem {
  const message = asApiError(err).message
  const details = err instanceof SieveError ? err.details : undefined
  if (details?.holdsJob === true && typeof details.workDir === 'string') return { kind: 'holds-job', message, workDir: details.workDir, choices }
  if (Array.isArray(details?.existing)) {
    const writers = Array.isArray(details.writers) ? (details.writers as { path: string; workDir: string; name: string }[]) : []
    const files = (details.existing as string[]).map((path) => {
      const writer = writers.find((w) => w.path === path)
      return writer === undefined ? { path } : { path, writer: { workDir: writer.workDir, name: writer.name } }
    })
    return { kind: 'output-exists', message, files, choices }
  }
  return { kind: 'error', message }
}
