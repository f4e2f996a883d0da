import { spawnSync } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { COSQA, GSM8K, PARQUET_BAD, REPO_ROOT } from '../engine/testing'

function sieve(...args: string[]): { status: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [join(REPO_ROOT, 'bin', 'sieve'), ...args], { encoding: 'utf8', timeout: 120_000 })
  return { status: r.status, stdout: r.stdout, stderr: r.stderr }
}

describe('bin/sieve', () => {
  it('--version prints the package version; --help the commands', () => {
    const pkg = JSON.parse(readFileSync(join(REPO_ROOT, 'package.json'), 'utf8')) as { version: string }
    expect(sieve('--version')).toMatchObject({ status: 0, stdout: `${pkg.version}\n` })
    const help = sieve('--help')
    expect(help.status).toBe(0)
    expect(help.stdout).toMatch(/sieve inspect FILE/)
    expect(help.stdout).toMatch(/sieve serve/)
  })

  it('inspect --json gives schema, row count and rows as JSON', () => {
    const r = sieve('inspect', GSM8K, '--json', '--rows', '2')
    expect(r.status).toBe(0)
    const out = JSON.parse(r.stdout) as Record<string, unknown>
    expect(out).toMatchObject({ format: 'jsonl', rowCount: { value: 7473, exact: true }, headRows: 2 })
    expect((out.rows as { question: string }[])[0]!.question).toMatch(/^Natalia sold clips/)
    expect(out).not.toHaveProperty('head')
  })

  it('inspect of Parquet shows row groups, codecs and key-value metadata', () => {
    const r = sieve('inspect', COSQA)
    expect(r.status).toBe(0)
    expect(r.stdout).toMatch(/row groups 21/)
    expect(r.stdout).toMatch(/SNAPPY/)
    expect(r.stdout).toMatch(/huggingface/)
  })

  it('a corrupt file: exit 1 and one line that names it; a missing file or bad usage: exit 2', () => {
    const bad = sieve('inspect', join(PARQUET_BAD, 'ARROW-GH-41321.parquet'))
    expect(bad.status).toBe(1)
    expect(bad.stderr.trim().split('\n')).toHaveLength(1)
    expect(bad.stderr).toMatch(/ARROW-GH-41321\.parquet/)
    expect(sieve('inspect', '/no/such.jsonl')).toMatchObject({ status: 2, stderr: expect.stringMatching(/No file or folder/) })
    expect(sieve('inspect')).toMatchObject({ status: 2, stderr: expect.stringMatching(/exactly one FILE/) })
    expect(sieve('frobnicate')).toMatchObject({ status: 2, stderr: expect.stringMatching(/unknown command 'frobnicate'/) })
    expect(sieve('inspect', GSM8K, '--rows', 'lots')).toMatchObject({ status: 2 })
  })
})
