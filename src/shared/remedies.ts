/**
 * What a person can do about a refused request, kept as data beside the refusal so that each
 * surface says it in its own words: a terminal names commands and flags, the window names its
 * buttons and fields. The engine writes the terminal's wording into the error's message (the CLI
 * prints it as it is); the backend that serves the window says the same remedies the window's way.
 */
import { SieveError, type ErrorCode } from './errors'

export type Remedy =
  /** Continue the job that the work directory holds. */
  | { kind: 'resume'; workDir: string }
  /** Clear the work directory's job and plan the new one there. */
  | { kind: 'start-over' }
  | { kind: 'other-work-dir' }
  /** Move the existing output (`count` files) away. */
  | { kind: 'move-output'; count: number }
  | { kind: 'other-output' }
  /** Replace the existing output (`count` files) that is not this job's. */
  | { kind: 'replace-output'; count: number }
  /** The job's inputs or recipe changed: plan it again from scratch. */
  | { kind: 'start-fresh' }
  /** The job's inputs or recipe changed: resume over them all the same. */
  | { kind: 'resume-anyway' }

export type Surface = 'cli' | 'window'

const it = (count: number): string => (count === 1 ? 'it' : 'them')

function cliText(r: Remedy): string {
  switch (r.kind) {
    case 'resume':
      return `continue it with 'sieve resume ${r.workDir}'`
    case 'start-over':
      return "start over with --force (which clears that job's files)"
    case 'other-work-dir':
      return 'set another work_dir'
    case 'move-output':
      return `move ${it(r.count)} away`
    case 'other-output':
      return 'choose another export_path'
    case 'replace-output':
      return `run with --force to replace ${it(r.count)}`
    case 'start-fresh':
      return "start fresh with 'sieve run RECIPE --force'"
    case 'resume-anyway':
      return 'resume anyway with --force'
  }
}

function windowText(r: Remedy): string {
  switch (r.kind) {
    case 'resume':
      return 'press Open that job, then Resume, to continue it'
    case 'start-over':
      return "press Start over to clear that job's files and run this one there"
    case 'other-work-dir':
      return 'set another Work directory'
    case 'move-output':
      return `move ${it(r.count)} away`
    case 'other-output':
      return 'choose another Output'
    case 'replace-output':
      return `press Replace to overwrite ${it(r.count)}`
    case 'start-fresh':
      return 'press Start fresh to plan the job again'
    case 'resume-anyway':
      return 'press Resume anyway'
  }
}

export function remedyText(remedy: Remedy, surface: Surface): string {
  return surface === 'cli' ? cliText(remedy) : windowText(remedy)
}

/** The remedies as one sentence: "Move it away, choose another export_path, or run with --force to replace it." */
export function remediesSentence(remedies: readonly Remedy[], surface: Surface): string {
  const texts = remedies.map((r) => remedyText(r, surface))
  if (texts.length === 0) return ''
  const joined = texts.length === 1 ? texts[0]! : `${texts.slice(0, -1).join(', ')}, or ${texts[texts.length - 1]}`
  return `${joined.charAt(0).toUpperCase()}${joined.slice(1)}.`
}

/** A refusal's message on a surface: its problem, then what to do about it. */
export function refusalMessage(problem: string, remedies: readonly Remedy[], surface: Surface): string {
  const sentence = remediesSentence(remedies, surface)
  return sentence === '' ? problem : `${problem} ${sentence}`
}

/** The details a refusal with remedies carries, so that another surface can say it its way. */
export interface RefusalDetails {
  problem: string
  remedies: Remedy[]
}

export function isRefusalDetails(details: unknown): details is RefusalDetails {
  const d = details as Partial<RefusalDetails> | undefined
  return typeof d === 'object' && d !== null && typeof d.problem === 'string' && Array.isArray(d.remedies)
}

/** A refusal as the engine throws it: the terminal's wording in its message, problem and remedies in its details. */
export function refusal(code: ErrorCode, problem: string, remedies: Remedy[], details: Record<string, unknown> = {}): SieveError {
  return new SieveError(code, refusalMessage(problem, remedies, 'cli'), { ...details, problem, remedies })
}

/** The same refusal said for another surface; an error without remedies is returned as it is. */
export function refusalFor<E extends { code: ErrorCode; message: string; details?: Record<string, unknown> }>(error: E, surface: Surface): E {
  if (!isRefusalDetails(error.details)) return error
  return { ...error, message: refusalMessage(error.details.problem, error.details.remedies, surface) }
}
