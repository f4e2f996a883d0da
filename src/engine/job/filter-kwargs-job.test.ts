import { mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { scratchDir } from '../testing'
import { recipeFrom, runToEnd } from './testing-jobs'

const scratch = scratchDir('filter-kwargs-job')
afterAll(() => scratch.remove())
const root = scratch.path

function jsonl(name: string, rows: Record<string, unknown>[]): string {
  const path = join(root, 'in', `${name}.jsonl`)
  mkdirSync(join(root, 'in'), { recursive: true })
  writeFileSync(path, rows.map((r) => JSON.stringify(r)).join('\n') + '\n')
  return path
}

const lines = (path: string): Record<string, unknown>[] =>
  readFileSync(path, 'utf8')
    .split('\n')
    .filter((l) => l !== '')
    .map((l) => JSON.parse(l) as Record<string, unknown>)

async function run(name: string, input: string, process: string): Promise<{ status: string; exportPath: string; workDir: string }> {
  const recipe = recipeFrom(
    `dataset_path: ${input}\nexport_path: ${join(root, name, 'out.jsonl')}\nwork_dir: ${join(root, name, 'work')}\nnp: 1\nprocess:\n${process}`,
    root
  )
  const { outcome } = await runToEnd(recipe)
  return { status: outcome.status, exportPath: recipe.export_path, workDir: recipe.work_dir }
}

describe('Data-Juicer filter arguments in a job', () => {
  it('reversed_range keeps the rows outside the range; with both closed flags false, exactly the complement of [min, max]', async () => {
    const lengths = [1, 5, 8, 10, 12, 15, 20, 40]
    const input = jsonl(
      'lengths',
      lengths.map((n, id) => ({ id, text: 'z'.repeat(n) }))
    )
    const keptLengths = async (name: string, args: string): Promise<number[]> => {
      const { status, exportPath } = await run(name, input, `  - text_length_filter: {min_len: 8, max_len: 15${args}}\n`)
      expect(status).toBe('completed')
      return lines(exportPath).map((r) => (r.text as string).length)
    }
    expect(await keptLengths('inside', '')).toEqual([8, 10, 12, 15])
    // Data-Juicer flips both closed flags before it negates, so the bounds themselves stay.
    expect(await keptLengths('reversed', ', reversed_range: true')).toEqual([1, 5, 8, 15, 20, 40])
    expect(await keptLengths('complement', ', reversed_range: true, min_closed_interval: false, max_closed_interval: false')).toEqual([1, 5, 20, 40])
  })

  it('skip_op_error: a general_field_filter condition a row cannot be compared by makes that row a bad record, not a failed partition', async () => {
    const input = jsonl('meta', [
      { text: 'a', num: 5, meta: { src: 'web' } },
      { text: 'b', num: 1, meta: { src: 'book' } },
      { text: 'c', num: 7, meta: { src: 'wiki' } }
    ])
    const process = `  - general_field_filter:\n      filter_condition: "num > 3 or meta.src > 3"\n`
    const skipped = await run('skip', input, `${process}      skip_op_error: true\n`)
    expect(skipped.status).toBe('completed')
    expect(lines(skipped.exportPath).map((r) => r.text)).toEqual(['a', 'c'])
    const errors = lines(join(skipped.workDir, 'errors', 'partition_000000_op_000_general_field_filter.jsonl'))
    expect(errors.map((e) => [e.text, e.__sieve_error__])).toEqual([
      ['b', `general_field_filter failed on this row: '>' cannot compare "book" (a string) with 3 (a number) in "num > 3 or meta.src > 3".`]
    ])
    const failed = await run('fail', input, `${process}      skip_op_error: false\n`)
    expect(failed.status).toBe('completed_with_failures')
  })
})
