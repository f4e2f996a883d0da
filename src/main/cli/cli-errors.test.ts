import { spawnSync } from 'node:child_process'
import { chmodSync, existsSync, mkdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { GSM8K, REPO_ROOT, scratchDir } from '../../engine/testing'

/** An unprivileged user to run as: root ignores file permissions, so EACCES needs someone else. */
const NOBODY = 65534
const asRoot = process.getuid?.() === 0

function sieve(args: string[], options: { unprivileged?: boolean; cwd?: string } = {}): { status: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [join(REPO_ROOT, 'bin', 'sieve'), ...args], {
    encoding: 'utf8',
    timeout: 120_000,
    ...(options.cwd !== undefined ? { cwd: options.cwd } : {}),
    ...(options.unprivileged === true && asRoot ? { uid: NOBODY, gid: NOBODY } : {})
  })
  return { status: r.status, stdout: r.stdout, stderr: r.stderr }
}

/** One line that says what is wrong; no stack trace, no "unexpected". */
function expectOneMessage(r: { stderr: string }, pattern: RegExp): void {
  expect(r.stderr).toMatch(pattern)
  expect(r.stderr).not.toMatch(/unexpected failure|\n\s+at /)
  expect(r.stderr.trim().split('\n')).toHaveLength(1)
}

const work = scratchDir('cli-errors')
beforeAll(() => {
  // Readable by the unprivileged user; the bundle is built (by root) before it runs as that user.
  chmodSync(work.path, 0o755)
  expect(sieve(['--version']).status).toBe(0)
})
afterAll(() => work.remove())

function recipe(name: string, body: string): string {
  const path = join(work.path, `${name}.yaml`)
  writeFileSync(path, body)
  chmodSync(path, 0o644)
  return path
}

const ops = 'text_keys: question\nprocess:\n  - whitespace_normalization_mapper:\n'

describe('configuration problems are one message naming the file and what to do, exit 2', () => {
  it('a YAML alias bomb', () => {
    const levels = ['a: &a ["x","x","x","x","x","x","x","x","x"]']
    for (const [i, name] of ['b', 'c', 'd', 'e', 'f', 'g'].entries()) levels.push(`${name}: &${name} [${Array(9).fill(`*${'abcdef'[i]}`).join(',')}]`)
    const path = recipe('bomb', `${levels.join('\n')}\ndataset_path: [*g]\nexport_path: out.parquet\n${ops}`)
    const r = sieve(['run', path])
    expect(r.status).toBe(2)
    expectOneMessage(r, /bomb\.yaml: its YAML aliases .* expand to too many values/)
  })

  it("a relative dataset_path written for Data-Juicer (from the current directory): the path to write instead, from the recipe's folder", () => {
    const project = join(work.path, 'project')
    mkdirSync(join(project, 'recipes'), { recursive: true })
    writeFileSync(join(project, 'data.jsonl'), '{"question": "How many clips did Natalia sell in April and May?"}\n')
    const path = join(project, 'recipes', 'dj.yaml')
    writeFileSync(path, `dataset_path: data.jsonl\nexport_path: out.jsonl\n${ops}`)
    const r = sieve(['run', 'recipes/dj.yaml'], { cwd: project })
    expect(r.status).toBe(2)
    expectOneMessage(r, /dj\.yaml/)
    expect(r.stderr).toBe(
      `sieve: recipes/dj.yaml, line 1: 'dataset_path' names no file: there is none at ${project}/recipes/data.jsonl (relative paths are taken from the recipe's folder, ${project}/recipes, where Data-Juicer takes them from the current directory); from the current directory it would be ${project}/data.jsonl: write that path (absolute, or relative to the recipe: ../data.jsonl).\n`
    )
    expect(existsSync(join(project, 'recipes', 'out.jsonl'))).toBe(false)
    // In a list, the entry is named; the path it suggests runs.
    writeFileSync(path, `dataset_path: [../data.jsonl, data.jsonl]\nexport_path: out.jsonl\n${ops}`)
    expectOneMessage(sieve(['run', 'recipes/dj.yaml'], { cwd: project }), /line 1: 'dataset_path\[1\]' names no file/)
    writeFileSync(path, `dataset_path: ../data.jsonl\nexport_path: out.jsonl\n${ops}`)
    expect(sieve(['run', 'recipes/dj.yaml'], { cwd: project })).toMatchObject({
      status: 0,
      stdout: expect.stringMatching(/^completed: 1 rows exported/)
    })
  })

  it('a work directory under a file, and an export folder under a file: refused before any work', () => {
    const file = join(work.path, 'a-file')
    writeFileSync(file, 'x')
    const underFile = recipe(
      'work-under-file',
      `dataset_path: ${GSM8K}\nexport_path: ${join(work.path, 'out1.parquet')}\nwork_dir: ${join(file, 'work')}\n${ops}`
    )
    const r = sieve(['run', underFile])
    expect(r.status).toBe(2)
    expectOneMessage(r, /Cannot write the work directory .*a-file\/work: .*a-file is a file, not a folder\. Set work_dir/)

    const exportUnderFile = recipe(
      'export-under-file',
      `dataset_path: ${GSM8K}\nexport_path: ${join(file, 'out.parquet')}\nwork_dir: ${join(work.path, 'w-export')}\n${ops}`
    )
    const e = sieve(['run', exportUnderFile])
    expect(e.status).toBe(2)
    expectOneMessage(e, /Cannot write the export .*a-file\/out\.parquet: .*a-file is a file, not a folder\. Choose an export_path/)
    expect(existsSync(join(work.path, 'w-export'))).toBe(false)
  })

  it('a work directory and an export folder the user may not write: permission denied, named', () => {
    const locked = join(work.path, 'locked')
    mkdirSync(locked, { mode: 0o555 })
    chmodSync(locked, 0o555)
    const noWork = recipe(
      'no-work',
      `dataset_path: ${GSM8K}\nexport_path: ${join(work.path, 'open', 'out.parquet')}\nwork_dir: ${join(locked, 'work')}\n${ops}`
    )
    const r = sieve(['run', noWork], { unprivileged: true })
    expect(r.status).toBe(2)
    expectOneMessage(r, /Cannot write the work directory .*locked\/work: permission denied writing in .*locked\. Set work_dir/)

    const open = join(work.path, 'open')
    mkdirSync(open, { mode: 0o777 })
    chmodSync(open, 0o777)
    const noExport = recipe(
      'no-export',
      `dataset_path: ${GSM8K}\nexport_path: ${join(locked, 'out.parquet')}\nwork_dir: ${join(open, 'work')}\n${ops}`
    )
    const e = sieve(['run', noExport], { unprivileged: true })
    expect(e.status).toBe(2)
    expectOneMessage(e, /Cannot write the export .*locked\/out\.parquet: permission denied writing in .*locked\. Choose an export_path/)
  })

  it('a work directory whose metadata folder the user may not write: the lock says so', () => {
    const dir = join(work.path, 'half-open')
    mkdirSync(join(dir, 'metadata'), { recursive: true })
    chmodSync(dir, 0o777)
    chmodSync(join(dir, 'metadata'), 0o555)
    const path = recipe('lock', `dataset_path: ${GSM8K}\nexport_path: ${join(work.path, 'open-lock', 'out.parquet')}\nwork_dir: ${dir}\n${ops}`)
    mkdirSync(join(work.path, 'open-lock'), { mode: 0o777 })
    chmodSync(join(work.path, 'open-lock'), 0o777)
    const r = sieve(['run', path], { unprivileged: true })
    expect(r.status).toBe(2)
    expectOneMessage(r, /Cannot write the work directory .*half-open: permission denied\. Set work_dir/)
  })
})
