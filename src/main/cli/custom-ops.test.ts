import { spawnSync } from 'node:child_process'
import { mkdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { REPO_ROOT, scratchDir } from '../../engine/testing'
import { duckdbColumn } from '../../engine/testing-duckdb'

/** Custom operators through the built CLI: the bundle loads a user's module on the host and in its worker threads. */

const SAMPLES = join(REPO_ROOT, 'resources', 'custom-ops')
const scratch = scratchDir('cli-custom')
afterAll(() => scratch.remove())

function sieve(...args: string[]): { status: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [join(REPO_ROOT, 'bin', 'sieve'), ...args], { encoding: 'utf8', timeout: 300_000 })
  return { status: r.status, stdout: r.stdout, stderr: r.stderr }
}

describe('bin/sieve with custom operators', () => {
  it('ops --custom lists them beside the built-ins, with their module', () => {
    const listed = sieve('ops', '--custom', SAMPLES)
    expect(listed.status).toBe(0)
    expect(listed.stdout).toContain(`uppercase_ratio_filter  (filter, stat uppercase_ratio, custom: ${join(SAMPLES, 'uppercase_ratio_filter.mjs')})`)
    expect(listed.stdout).toContain('    delimiter: string = "-- " — The line a signature starts with.')
    const json = sieve('ops', '--json', '--custom', join(SAMPLES, 'strip_signature_mapper.mjs'))
    const names = json.stdout
      .trim()
      .split('\n')
      .map((l) => (JSON.parse(l) as { name: string }).name)
    expect(names).toContain('strip_signature_mapper')
    expect(names).not.toContain('uppercase_ratio_filter')
    expect(names).toContain('text_length_filter')
  })

  it('ops --custom with a broken module: one error naming it, exit 2', () => {
    const broken = join(scratch.path, 'broken.mjs')
    writeFileSync(broken, 'export default ({ defineOp }) => defineOp({ name: "x" ')
    const r = sieve('ops', '--custom', broken)
    expect(r.status).toBe(2)
    expect(r.stderr).toMatch(new RegExp(`^sieve: Custom operator module ${broken} could not be loaded: SyntaxError: Unexpected end of input\\n$`))
    expect(r.stdout).toBe('')
  })

  it('runs a recipe whose custom_operator_paths name them, with two workers; a clash stops it before any work', async () => {
    const rows = Array.from({ length: 300 }, (_, i) => JSON.stringify({ text: i % 2 === 0 ? `quiet ${i}\n-- \nsig` : `LOUD ${i}` }))
    writeFileSync(join(scratch.path, 'in.jsonl'), `${rows.join('\n')}\n`)
    const recipe = (ops: string): string =>
      `dataset_path: in.jsonl\nexport_path: out.parquet\nnp: 2\npartition_size: 50\ncustom_operator_paths: ${JSON.stringify(SAMPLES)}\nprocess:\n${ops}`
    writeFileSync(join(scratch.path, 'r.yaml'), recipe('  - strip_signature_mapper:\n  - uppercase_ratio_filter:\n'))
    const run = sieve('run', join(scratch.path, 'r.yaml'))
    expect(run.stderr).not.toContain('ignored')
    expect(run.status).toBe(0)
    const texts = await duckdbColumn(join(scratch.path, 'out.parquet'), 'text')
    expect(texts).toEqual(Array.from({ length: 150 }, (_, i) => `quiet ${i * 2}`))

    const clash = join(scratch.path, 'clash.mjs')
    writeFileSync(clash, `export { default } from ${JSON.stringify(join(SAMPLES, 'uppercase_ratio_filter.mjs'))}`)
    writeFileSync(
      join(scratch.path, 'clash.yaml'),
      recipe('  - uppercase_ratio_filter:\n').replace(
        `custom_operator_paths: ${JSON.stringify(SAMPLES)}`,
        `custom_operator_paths: [${JSON.stringify(SAMPLES)}, clash.mjs]`
      )
    )
    const refused = sieve('run', join(scratch.path, 'clash.yaml'))
    expect(refused.status).toBe(2)
    expect(refused.stderr).toBe(
      `sieve: ${join(scratch.path, 'clash.yaml')}: Custom operator module ${clash} defines 'uppercase_ratio_filter', which ${join(SAMPLES, 'uppercase_ratio_filter.mjs')} defines too. Give one of them another name.\n`
    )
  })

  it('runs a TypeScript module, compiled as Node loads it, with its helper, in two workers; a TypeScript syntax error names the line', async () => {
    const dir = join(scratch.path, 'typed')
    mkdirSync(dir)
    writeFileSync(join(dir, 'shares.ts'), 'export const share = (part: number, whole: number): number => (whole === 0 ? 0 : part / whole)\n')
    writeFileSync(
      join(dir, 'types.ts'),
      'export interface Building { defineOp(d: object): unknown; Mapper: abstract new (...a: unknown[]) => object }\n'
    )
    writeFileSync(
      join(dir, 'shout_mapper.ts'),
      `import type { Building } from './types.js'
import { share } from './shares.js'
enum Mark { Loud = '!' }
export default ({ defineOp, Mapper }: Building) => {
  class ShoutMapper extends Mapper {
    processText(text: string): string {
      return share(text.length, 1) > 0 ? text.toUpperCase() + Mark.Loud : text
    }
  }
  return defineOp({ name: 'shout_mapper', kind: 'mapper', description: 'Shouts.', params: [],
    create: (info: unknown, params: unknown, context: unknown) => new ShoutMapper(info, params, context) })
}
`
    )
    const listed = sieve('ops', '--custom', SAMPLES)
    expect(listed.stdout).toContain(`digit_ratio_filter  (filter, stat digit_ratio, custom: ${join(SAMPLES, 'digit_ratio_filter.ts')})`)
    const rows = Array.from({ length: 200 }, (_, i) => JSON.stringify({ text: i % 4 === 0 ? `row 1234567 ${i}` : `row number ${i}` }))
    writeFileSync(join(dir, 'in.jsonl'), `${rows.join('\n')}\n`)
    writeFileSync(
      join(dir, 'r.yaml'),
      `dataset_path: in.jsonl\nexport_path: out.parquet\nnp: 2\npartition_size: 25\ncustom_operator_paths: [shout_mapper.ts, ${JSON.stringify(join(SAMPLES, 'digit_ratio_filter.ts'))}]\nprocess:\n  - digit_ratio_filter: {max_ratio: 0.3}\n  - shout_mapper:\n`
    )
    const run = sieve('run', join(dir, 'r.yaml'))
    expect(run.stderr).toBe('')
    expect(run.status).toBe(0)
    const kept = Array.from({ length: 200 }, (_, i) => i).filter((i) => i % 4 !== 0)
    expect(await duckdbColumn(join(dir, 'out.parquet'), 'text')).toEqual(kept.map((i) => `ROW NUMBER ${i}!`))

    const broken = join(dir, 'broken.ts')
    writeFileSync(broken, 'export default ({ defineOp }: any) => {\n  const limit: number = \n}\n')
    const refused = sieve('ops', '--custom', broken)
    expect(refused.status).toBe(2)
    expect(refused.stderr).toBe(`sieve: Custom operator module ${broken} could not be loaded: SyntaxError: Expression expected. (line 3, column 1)\n`)
  })
})
