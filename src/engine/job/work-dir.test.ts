import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs'
import { homedir } from 'node:os'
import { dirname, join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { scratchDir } from '../testing'
import { duckdbRowCount } from '../testing-duckdb'
import { recipeFrom, runToEnd } from './testing-jobs'

const scratch = scratchDir('work-dir')
const root = scratch.path
let input = ''

beforeAll(() => {
  input = join(root, 'input.jsonl')
  writeFileSync(input, Array.from({ length: 40 }, (_, i) => JSON.stringify({ id: i, text: `document ${i} with some words in it` })).join('\n'))
})
afterAll(() => scratch.remove())

function recipe(name: string, extra = '', dataset = input): ReturnType<typeof recipeFrom> {
  return recipeFrom(
    `dataset_path: ${dataset}
export_path: ${join(root, name, 'out.parquet')}
work_dir: ${join(root, name, 'work')}
np: 1
partition_size: 10
process:
  - whitespace_normalization_mapper:
${extra}`,
    root
  )
}

const refusal = async (r: ReturnType<typeof recipeFrom>, force = false): Promise<string> => {
  const err = await runToEnd(r, { force }).then(
    () => undefined,
    (e: unknown) => e
  )
  expect(err, 'the run was not refused').toBeInstanceOf(Error)
  return (err as Error).message
}

/** Every file under a folder with its content. */
function snapshot(dir: string): Record<string, string> {
  const out: Record<string, string> = {}
  for (const e of readdirSync(dir, { withFileTypes: true, recursive: true })) {
    if (e.isFile()) out[join(e.parentPath, e.name)] = readFileSync(join(e.parentPath, e.name), 'utf8')
  }
  return out
}

describe('a work directory never costs the user a file', () => {
  it("a plain run refuses a folder of the user's, even without --force: its temp/ and recipe.yaml stay as they were", async () => {
    const r = recipe('users-folder')
    mkdirSync(join(r.work_dir, 'temp'), { recursive: true })
    writeFileSync(join(r.work_dir, 'temp', 'draft.txt'), 'my draft')
    writeFileSync(join(r.work_dir, 'recipe.yaml'), 'my: recipe\n')
    const before = snapshot(r.work_dir)
    for (const force of [false, true]) {
      expect(await refusal(r, force)).toMatch(/already holds files and is not a Sieve work directory.*new folder/)
      expect(snapshot(r.work_dir)).toEqual(before)
    }
    expect(existsSync(join(r.work_dir, 'metadata'))).toBe(false)
  })

  it('a folder holding only what a start that failed left (empty folders, the lock, temp files) is taken', async () => {
    const r = recipe('left-by-failed-start')
    for (const d of ['metadata', 'logs', 'temp']) mkdirSync(join(r.work_dir, d), { recursive: true })
    writeFileSync(join(r.work_dir, 'metadata', 'job.lock'), '999999')
    writeFileSync(join(r.work_dir, 'temp', '0123456789abcdef.part'), 'half')
    expect((await runToEnd(r)).outcome.status).toBe('completed')
    expect(readdirSync(join(r.work_dir, 'temp'))).toEqual([])
  })

  it('--force on a Sieve work directory removes only the files its manifest lists, and the user’s files in it stay', async () => {
    const r = recipe('force-keeps', 'preserve_intermediate_data: true\n')
    expect((await runToEnd(r)).outcome.status).toBe('completed')
    const mine = [
      'logs/mine.txt',
      'results/mine.parquet',
      'errors/notes.txt',
      'metadata/mine.json',
      'checkpoints/partition_000000/mine.txt',
      'temp/mine.txt',
      'rejected/x/mine.txt'
    ]
    for (const name of mine) {
      mkdirSync(dirname(join(r.work_dir, name)), { recursive: true })
      writeFileSync(join(r.work_dir, name), `kept ${name}`)
    }
    const again = await runToEnd(r, { force: true })
    expect(again.outcome.status).toBe('completed')
    for (const name of mine) expect(readFileSync(join(r.work_dir, name), 'utf8')).toBe(`kept ${name}`)
    expect(await duckdbRowCount(r.export_path)).toBe(40)
  })

  it('refuses an input inside the work directory (so --force cannot delete it), and a work directory inside an input folder', async () => {
    const first = recipe('input-inside')
    await runToEnd(first)
    const result = join(first.work_dir, 'results', 'partition_000000_processed.parquet')
    const bytes = readFileSync(result)
    const rerun = recipe('input-inside', '', result)
    expect(await refusal(rerun, true)).toMatch(/input .*partition_000000_processed\.parquet lies inside work_dir/)
    expect(readFileSync(result)).toEqual(bytes)

    const data = join(root, 'data-folder')
    mkdirSync(data, { recursive: true })
    writeFileSync(join(data, 'a.jsonl'), readFileSync(input))
    const nested = recipeFrom(
      `dataset_path: ${data}\nexport_path: ${join(root, 'nested-out.parquet')}\nwork_dir: ${join(data, 'work')}\nprocess:\n  - whitespace_normalization_mapper:\n`,
      root
    )
    expect(await refusal(nested)).toMatch(/work_dir .* lies inside the input folder/)
    expect(readdirSync(data)).toEqual(['a.jsonl'])
  })

  it('--force with the earlier export now an input: the new job reads it and never removes it', async () => {
    const first = recipe('export-becomes-input')
    await runToEnd(first)
    const second = recipe('export-becomes-input', '', first.export_path)
    second.export_path = join(root, 'export-becomes-input', 'second.parquet')
    const { outcome } = await runToEnd(second, { force: true })
    expect(outcome.status, outcome.message).toBe('completed')
    expect(await duckdbRowCount(first.export_path)).toBe(40)
    expect(await duckdbRowCount(second.export_path)).toBe(40)
  })

  it('refuses a filesystem root or the home folder as work_dir', async () => {
    for (const dir of ['/', homedir(), dirname(homedir())]) {
      // A dataset that does not exist: should the check go, the run fails at planning, before it writes anything there.
      const r = recipe('absurd', '', join(root, 'no-such-input.jsonl'))
      r.work_dir = dir
      expect(await refusal(r, true)).toMatch(/is a filesystem root or holds your home folder/)
    }
  })

  it('project_name ../../x keeps the default work directory beside the export', () => {
    const r = recipeFrom(
      `project_name: ../../x\ndataset_path: ${input}\nexport_path: ${join(root, 'named', 'out.parquet')}\nprocess:\n  - whitespace_normalization_mapper:\n`,
      root
    )
    expect(dirname(r.work_dir)).toBe(join(root, 'named'))
    expect(r.work_dir).toBe(join(root, 'named', '___.._x.sieve-work'))
  })
})

describe('export_path never replaces what it should not', () => {
  it('an export path that is an input is refused before any work, and the input is intact', async () => {
    const copy = join(root, 'own-input.jsonl')
    writeFileSync(copy, readFileSync(input))
    const r = recipeFrom(
      `dataset_path: ${copy}\nexport_path: ${copy}\nwork_dir: ${join(root, 'own-input-work')}\nprocess:\n  - whitespace_normalization_mapper:\n`,
      root
    )
    expect(await refusal(r)).toMatch(/export_path .*own-input\.jsonl would replace the input/)
    expect(readFileSync(copy)).toEqual(readFileSync(input))
    expect(existsSync(r.work_dir)).toBe(false)
  })

  it('refused inside an input folder, under an input glob, or inside the work directory', async () => {
    const data = join(root, 'data-export')
    mkdirSync(data, { recursive: true })
    writeFileSync(join(data, 'a.jsonl'), readFileSync(input))
    const inFolder = recipeFrom(
      `dataset_path: ${data}\nexport_path: ${join(data, 'out.jsonl')}\nwork_dir: ${join(root, 'w1')}\nprocess:\n  - whitespace_normalization_mapper:\n`,
      root
    )
    expect(await refusal(inFolder)).toMatch(/lies inside the input .*data-export, which is being read/)
    const inGlob = recipeFrom(
      `dataset_path: ${data}/*.jsonl\nexport_path: ${join(data, 'out.jsonl')}\nwork_dir: ${join(root, 'w2')}\nprocess:\n  - whitespace_normalization_mapper:\n`,
      root
    )
    expect(await refusal(inGlob)).toMatch(/lies inside the input .*\*\.jsonl/)
    const inWork = recipe('export-in-work')
    inWork.export_path = join(inWork.work_dir, 'out.parquet')
    expect(await refusal(inWork)).toMatch(/overlap/)
    expect(readdirSync(data)).toEqual(['a.jsonl'])
  })

  it('an existing file that is not an earlier export of this job is kept unless --force', async () => {
    const r = recipe('foreign-export')
    mkdirSync(dirname(r.export_path), { recursive: true })
    writeFileSync(r.export_path, 'not yours')
    expect(await refusal(r)).toMatch(/would replace .*out\.parquet, which is not an earlier export of this job.*--force/)
    expect(readFileSync(r.export_path, 'utf8')).toBe('not yours')
    expect(existsSync(r.work_dir)).toBe(false)
    expect((await runToEnd(r, { force: true })).outcome.status).toBe('completed')
    expect(await duckdbRowCount(r.export_path)).toBe(40)

    // Shards of the template in the shard folder count too.
    const sharded = recipe('foreign-shards', 'export: {max_file_size_mb: 1}\n')
    const folder = join(root, 'foreign-shards', 'out')
    mkdirSync(folder, { recursive: true })
    writeFileSync(join(folder, 'part-00000-of-00001.parquet'), 'not yours')
    expect(await refusal(sharded)).toMatch(/part-00000-of-00001\.parquet, which is not an earlier export/)
    expect(readFileSync(join(folder, 'part-00000-of-00001.parquet'), 'utf8')).toBe('not yours')
  })

  it('a resume replaces the shards its own export published before a crash, but not a file someone else put there', async () => {
    const r = recipe('export-crash', 'export: {max_file_size_mb: 0.002}\n')
    const first = await runToEnd(r)
    expect(first.outcome.status).toBe('completed')
    const shards = first.outcome.exportFiles
    expect(shards.length).toBeGreaterThan(1)
    // Killed after the shards were renamed into place, before the manifest recorded them.
    const manifestPath = join(r.work_dir, 'metadata', 'manifest.json')
    const forget = (): void => {
      const manifest = JSON.parse(readFileSync(manifestPath, 'utf8')) as { export?: unknown; status: string }
      delete manifest.export
      manifest.status = 'interrupted'
      writeFileSync(manifestPath, JSON.stringify(manifest))
    }
    forget()
    const resumed = await runToEnd(r, { resume: true })
    expect(resumed.outcome.status, resumed.outcome.message).toBe('completed')
    expect(resumed.outcome.exportFiles).toEqual(shards)

    forget()
    writeFileSync(shards[0]!.path, 'someone else’s')
    const refused = await runToEnd(r, { resume: true })
    expect(refused.outcome.status).toBe('failed')
    expect(refused.outcome.message).toMatch(
      /part-00000-of-\d+\.parquet appeared while the job ran and is not an earlier export of this job; nothing was replaced/
    )
    expect(readFileSync(shards[0]!.path, 'utf8')).toBe('someone else’s')
  })

  it('a shard_template without ${shard} is refused when the export is split', () => {
    expect(() => recipe('template', "export: {max_file_size_mb: 1, shard_template: 'data-${num_shards}'}\n")).toThrow(
      /'export\.shard_template' must contain \$\{shard\}/
    )
    expect(recipe('template', "export: {shard_template: 'data'}\n").export.shard_template).toBe('data')
  })
})
