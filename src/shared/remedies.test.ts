import { describe, expect, it } from 'vitest'
import { refusal, refusalFor, type Remedy } from './remedies'

const holdsJob: Remedy[] = [{ kind: 'resume', workDir: '/w' }, { kind: 'start-over' }, { kind: 'other-work-dir' }]

describe('a refusal says its remedies in the words of the surface that shows it', () => {
  it('the terminal gets commands and flags', () => {
    const err = refusal('BAD_REQUEST', '/w already holds a job.', holdsJob, { workDir: '/w' })
    expect(err.message).toBe(
      "/w already holds a job. Continue it with 'sieve resume /w', start over with --force (which clears that job's files), or set another work_dir."
    )
    expect(err.details).toMatchObject({ workDir: '/w', problem: '/w already holds a job.' })
  })

  it('the window gets its buttons and fields, and no flag', () => {
    const shown = refusalFor(refusal('BAD_REQUEST', '/w already holds a job.', holdsJob).toJSON(), 'window')
    expect(shown.message).toBe(
      "/w already holds a job. Press Open that job, then Resume, to continue it, press Start over to clear that job's files and run this one there, or set another Work directory."
    )
    expect(shown.message).not.toMatch(/--|sieve /)
    const output = refusalFor(
      refusal('BAD_REQUEST', 'export_path /o.parquet would replace /o.parquet, which is not an earlier export of this job.', [
        { kind: 'move-output', count: 1 },
        { kind: 'other-output' },
        { kind: 'replace-output', count: 1 }
      ]).toJSON(),
      'window'
    )
    expect(output.message).toMatch(/Move it away, choose another Output, or press Replace to overwrite it\.$/)
  })

  it('an error without remedies is shown as it is', () => {
    const plain = { code: 'BAD_REQUEST' as const, message: 'no', details: { path: '/x' } }
    expect(refusalFor(plain, 'window')).toBe(plain)
  })
})
