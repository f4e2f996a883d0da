import { spawn, spawnSync } from 'node:child_process'
import { mkdirSync, rmSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { DuckDBInstance } from '@duckdb/node-api'
import { dropFiles, expect, ROOT, SHARED_DATA, snapshot, test } from './fixtures'
import { openRecipeFile } from './recipes'

const COSQA = join(SHARED_DATA, 'text', 'cosqa_corpus-00000-of-00001.parquet')
const BAD = join(SHARED_DATA, 'parquet-testing', 'bad', 'ARROW-GH-45185.parquet')

async function lastId(): Promise<string> {
  const db = await DuckDBInstance.create(':memory:')
  const c = await db.connect()
  const rows = (
    await c.runAndReadAll(`SELECT _id FROM read_parquet('${COSQA}', file_row_number = true) ORDER BY file_row_number DESC LIMIT 1`)
  ).getRows()
  return String(rows[0]![0])
}

test('drop a Parquet file: verdict, schema tree, row groups, metadata, and a grid that scrolls to the last row', async ({ app }, testInfo) => {
  await expect(app.getByTestId('dataset-rows')).toBeVisible()
  await dropFiles(app, [COSQA])
  const inspector = app.getByRole('region', { name: 'Parquet inspector' })
  await expect(inspector).toBeVisible()
  await expect(app.getByTestId('parquet-rows')).toHaveText('20,604')
  await expect(app.getByTestId('verdict')).toHaveText('Valid')
  const grid = app.getByTestId('grid')
  await expect(grid.locator('[data-row="0"]')).toContainText('d1')
  await snapshot(app, testInfo, 'inspector-data')

  const expected = await lastId()
  await grid.evaluate((el) => {
    el.scrollTop = el.scrollHeight
  })
  await expect(grid.locator('[data-row="20603"]')).toContainText(expected)
  await snapshot(app, testInfo, 'inspector-last-row')

  await app.getByRole('tab', { name: 'Schema' }).click()
  const tree = app.getByRole('tree', { name: 'Schema' })
  await expect(tree).toContainText('meta_information')
  await expect(tree).toContainText('dummy_field')
  await snapshot(app, testInfo, 'inspector-schema')

  await app.getByRole('tab', { name: /Row groups/ }).click()
  const groups = app.getByRole('table', { name: 'Row groups' })
  await expect(groups.locator('tbody > tr.clickable')).toHaveCount(21)
  await groups.locator('tbody > tr.clickable').first().click()
  await expect(app.getByRole('table', { name: 'Columns of row group 0' })).toContainText('SNAPPY')
  await snapshot(app, testInfo, 'inspector-row-groups')

  await app.getByRole('tab', { name: /Metadata/ }).click()
  await expect(app.getByRole('table', { name: 'ARROW:schema decoded' })).toContainText('meta_information')
  await expect(app.getByText('"features"')).toBeVisible()
  await snapshot(app, testInfo, 'inspector-metadata')
})

test('a corrupt Parquet file: the badge says invalid and names the problem', async ({ app }, testInfo) => {
  await expect(app.getByTestId('dataset-rows')).toBeVisible()
  await dropFiles(app, [BAD])
  await expect(app.getByTestId('verdict')).toHaveText(/Invalid · \d+ finding/)
  await expect(app.getByRole('list', { name: 'Findings' })).toContainText('PAGE_DECODE_FAILED')
  await snapshot(app, testInfo, 'inspector-invalid')
})

test('a work directory opens as its job; a finished chunk opens in the inspector', async ({ app }, testInfo) => {
  const dir = testInfo.outputPath('job')
  mkdirSync(dir, { recursive: true })
  const recipe = join(dir, 'recipe.yaml')
  writeFileSync(
    recipe,
    `dataset_path: ${join(SHARED_DATA, 'text', 'gsm8k_train.jsonl')}\nexport_path: ${join(dir, 'out.parquet')}\nwork_dir: ${join(dir, 'work')}\ntext_keys: question\npartition_size: 3000\nprocess:\n  - text_length_filter: {min_len: 100}\n`
  )
  const run = spawnSync(process.execPath, [join(ROOT, 'bin', 'sieve'), 'run', recipe], { encoding: 'utf8' })
  expect(run.status, run.stderr).toBe(0)

  await expect(app.getByTestId('dataset-rows')).toBeVisible()
  await app.getByRole('button', { name: 'Open path…' }).first().click()
  const dialog = app.getByRole('dialog', { name: 'Open path' })
  await dialog.getByRole('textbox', { name: 'Path to a dataset file or folder' }).fill(join(dir, 'work'))
  await dialog.getByRole('button', { name: 'Open', exact: true }).click()
  await expect(app.getByTestId('job-status')).toHaveText('completed')
  const chunks = app.getByRole('table', { name: 'Published chunks' })
  await expect(chunks.getByRole('row')).toHaveCount(1 + 1 + 3)
  // A run this window did not watch is drawn from its event log.
  await expect(app.getByRole('img', { name: /^Throughput over time: average [\d,]+ rows\/s, peak/ })).toBeVisible()
  await snapshot(app, testInfo, 'job')
  await chunks.getByRole('button', { name: 'Inspect partition_000001_processed.parquet' }).click()
  await expect(app.getByTestId('verdict')).toHaveText('Valid')
  await expect(app.getByText('matches its work directory’s manifest')).toBeVisible()
  await app.getByRole('button', { name: 'Close the inspector' }).click()
  await expect(app.getByTestId('job-status')).toHaveText('completed')

  // The work directory loses its manifest while it is open: a reread says so and keeps what is shown.
  rmSync(join(dir, 'work', 'metadata', 'manifest.json'))
  await app.getByRole('button', { name: 'Refresh the job' }).click()
  await expect(app.getByRole('status').filter({ hasText: 'Could not reread the work directory' })).toContainText('has a plan but no manifest')
  await expect(app.getByTestId('job-status')).toHaveText('completed')
  await expect(chunks.getByRole('row')).toHaveCount(1 + 1 + 3)
})

test('an interrupted job: listed as interrupted, resumed from the window, its export equal to an uninterrupted run', async ({ app }, testInfo) => {
  const dir = testInfo.outputPath('interrupted')
  mkdirSync(dir, { recursive: true })
  const write = (name: string): string => {
    const recipe = join(dir, `${name}.yaml`)
    writeFileSync(
      recipe,
      `dataset_path: ${join(SHARED_DATA, 'text', 'gsm8k_train.jsonl')}\nexport_path: ${join(dir, name, 'out.parquet')}\nwork_dir: ${join(dir, name, 'work')}\ntext_keys: question\npartition_size: 500\nnp: 1\nprocess:\n  - whitespace_normalization_mapper:\n  - text_length_filter: {min_len: 100}\n  - document_deduplicator:\n`
    )
    return recipe
  }
  expect(spawnSync(process.execPath, [join(ROOT, 'bin', 'sieve'), 'run', write('reference')]).status).toBe(0)
  // A run killed once a few partitions are done.
  await new Promise<void>((resolve) => {
    const child = spawn(process.execPath, [join(ROOT, 'bin', 'sieve'), 'run', write('killed'), '--json'], { stdio: ['ignore', 'pipe', 'ignore'] })
    let seen = 0
    child.stdout.on('data', (chunk: Buffer) => {
      seen += (chunk.toString().match(/"event_type":"checkpoint_save"/g) ?? []).length
      if (seen >= 6) child.kill('SIGKILL')
    })
    child.on('exit', () => resolve())
  })

  await expect(app.getByTestId('dataset-rows')).toBeVisible()
  await app.getByRole('button', { name: 'Open path…' }).first().click()
  const dialog = app.getByRole('dialog', { name: 'Open path' })
  await dialog.getByRole('textbox', { name: 'Path to a dataset file or folder' }).fill(join(dir, 'killed', 'work'))
  await dialog.getByRole('button', { name: 'Open', exact: true }).click()
  await expect(app.getByTestId('job-status')).toHaveText('interrupted')
  await snapshot(app, testInfo, 'job-interrupted')
  await app
    .getByRole('button', { name: /^Resume/ })
    .first()
    .click()
  // Resume first says what it will do, from the manifest.
  const confirm = app.getByRole('dialog', { name: /^Resume/ })
  await expect(confirm.getByRole('list', { name: 'What resume will do' })).toContainText('verified')
  await snapshot(app, testInfo, 'job-resume-plan')
  await confirm.getByRole('button', { name: 'Resume', exact: true }).click()
  await expect(app.getByTestId('job-status')).toHaveText('completed', { timeout: 60_000 })
  await snapshot(app, testInfo, 'job-resumed')

  const rows = async (path: string): Promise<unknown[]> => {
    const db = await DuckDBInstance.create(':memory:')
    const c = await db.connect()
    return (await c.runAndReadAll(`SELECT question FROM read_parquet('${path}', file_row_number = true) ORDER BY file_row_number`)).getRows()
  }
  expect(await rows(join(dir, 'killed', 'out.parquet'))).toEqual(await rows(join(dir, 'reference', 'out.parquet')))
})

test('the starter recipe, opened from a file: checked as typed, a bad parameter keeps Start disabled, run to completion', async ({
  app
}, testInfo) => {
  await expect(app.getByTestId('dataset-rows')).toBeVisible()
  await openRecipeFile(app, join(ROOT, 'resources', 'recipes', 'starter.yaml'))
  await expect(app.getByRole('list', { name: 'Chain' }).getByRole('listitem')).toHaveCount(3)
  await expect(app.getByTestId('recipe-check')).toContainText('3 operators')
  await app.getByRole('tab', { name: 'YAML' }).click()
  const yaml = app.getByRole('textbox', { name: 'Recipe YAML' })
  await expect(yaml).toHaveValue(/whitespace_normalization_mapper/)
  // A typo is caught with its line and the closest name.
  const text = await yaml.inputValue()
  await yaml.fill(text.replace('text_length_filter', 'text_lenght_filter'))
  await expect(app.getByTestId('recipe-check')).toContainText("Did you mean 'text_length_filter'?")
  await app.getByRole('button', { name: 'Run', exact: true }).click()
  await expect(app.getByRole('region', { name: 'Run' }).getByRole('button', { name: 'Start' })).toBeDisabled()
  await expect(app.getByTestId('run-check')).toContainText('The recipe cannot run')
  await snapshot(app, testInfo, 'run-invalid')
  // A parameter out of its declared range is refused the same way.
  await app.getByRole('button', { name: 'Recipe', exact: true }).click()
  await app.getByRole('tab', { name: 'YAML' }).click()
  await yaml.fill(text.replace('min_len: 250', 'min_len: -5'))
  await expect(app.getByTestId('recipe-check')).toContainText("parameter 'min_len' must be at least 0, got -5")
  await app.getByRole('button', { name: 'Run', exact: true }).click()
  await expect(app.getByRole('region', { name: 'Run' }).getByRole('button', { name: 'Start' })).toBeDisabled()
  // A minimum above its maximum, typed in the form: both fields flagged, the reason said, Start disabled.
  await app.getByRole('button', { name: 'Recipe', exact: true }).click()
  await app.getByRole('tab', { name: 'YAML' }).click()
  await yaml.fill(text)
  await expect(app.getByTestId('recipe-check')).toContainText('3 operators')
  await app.getByRole('tab', { name: 'Chain' }).click()
  await app.getByRole('list', { name: 'Chain' }).getByText('text_length_filter', { exact: true }).click()
  const params = app.getByRole('region', { name: 'Parameters' })
  await params.getByLabel('max_len', { exact: true }).fill('100')
  await expect(params.getByRole('alert')).toHaveText(
    'min_len (250) is above max_len (100), so text_length_filter would drop every row. Lower min_len or raise max_len.'
  )
  await expect(params.getByLabel('min_len', { exact: true })).toHaveAttribute('aria-invalid', 'true')
  await expect(params.getByLabel('max_len', { exact: true })).toHaveAttribute('aria-invalid', 'true')
  await expect(app.getByTestId('recipe-check')).toContainText('min_len (250) is above max_len (100)')
  await snapshot(app, testInfo, 'recipe-min-above-max')
  await app.getByRole('button', { name: 'Run', exact: true }).click()
  await expect(app.getByRole('region', { name: 'Run' }).getByRole('button', { name: 'Start' })).toBeDisabled()
  await app.getByRole('button', { name: 'Recipe', exact: true }).click()
  await app.getByRole('tab', { name: 'YAML' }).click()
  await yaml.fill(text)
  await expect(app.getByTestId('recipe-check')).toContainText('3 operators')
  await app.getByRole('button', { name: 'Continue to Run →' }).click()
  const form = app.getByRole('region', { name: 'Run' })
  const out = testInfo.outputPath('run', 'clean.parquet')
  await form.getByLabel('Output', { exact: true }).fill(out)
  await form.getByLabel('Work directory', { exact: true }).fill(testInfo.outputPath('run', 'work'))
  // A number that is not one is said and not written.
  await form.getByLabel('Workers').fill('two')
  await expect(form.getByRole('alert')).toHaveText('Not a number.')
  await form.getByLabel('Workers').fill('2')
  await snapshot(app, testInfo, 'run')
  await form.getByRole('button', { name: 'Start' }).click()
  await expect(app.getByTestId('job-status')).toHaveText('completed', { timeout: 60_000 })
  const chunks = app.getByRole('table', { name: 'Published chunks' })
  await expect(chunks).toContainText('clean.parquet')
  await snapshot(app, testInfo, 'run-completed')
})

test('the grid sizes its columns by their content and shows line breaks; a cell opens with them as written', async ({ app }, testInfo) => {
  const file = testInfo.outputPath('lines.parquet')
  const db = await DuckDBInstance.create(':memory:')
  const c = await db.connect()
  await c.run(
    `COPY (SELECT 'r' || i::VARCHAR AS id, 'first line ' || i::VARCHAR || chr(10) || 'second line' || chr(10) || 'third' AS body,
       repeat('a long note, ', 60) AS note FROM range(50) t(i)) TO '${file}' (FORMAT parquet)`
  )
  await expect(app.getByTestId('dataset-rows')).toBeVisible()
  await app.getByRole('button', { name: 'Open path…' }).first().click()
  const dialog = app.getByRole('dialog', { name: 'Open path' })
  await dialog.getByRole('textbox', { name: 'Path to a dataset file or folder' }).fill(file)
  await dialog.getByRole('button', { name: 'Open', exact: true }).click()
  await dialog.getByRole('button', { name: 'Inspect it' }).click()
  const grid = app.getByTestId('grid')
  const first = grid.locator('[data-row="0"]').getByRole('gridcell')
  await expect(first.nth(1)).toHaveText('first line 0 ⏎ second line ⏎ third')

  // A short column is narrow, a long one wide but bounded.
  const width = async (i: number): Promise<number> => (await grid.getByRole('columnheader').nth(i).boundingBox())!.width
  expect(await width(1)).toBeLessThan(90)
  expect(await width(2)).toBeGreaterThan(200)
  expect(await width(3)).toBeLessThanOrEqual(480)
  expect(await width(3)).toBeGreaterThan(await width(2))
  await snapshot(app, testInfo, 'inspector-content-widths')

  await first.nth(1).click()
  const cell = app.getByRole('dialog', { name: 'body · row 1' })
  expect(await cell.locator('pre').innerText()).toBe('first line 0\nsecond line\nthird')
  await snapshot(app, testInfo, 'inspector-cell-with-breaks')
})
