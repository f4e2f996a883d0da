import { join } from 'node:path'
import { DuckDBInstance } from '@duckdb/node-api'
import { dropFiles, expect, SHARED_DATA, snapshot, test } from './fixtures'

const GSM8K = join(SHARED_DATA, 'text', 'gsm8k_train.jsonl')

/** The share a kept-share line states, e.g. "keeps 74.7% of the sample …" → 74.7. */
function keptPercent(text: string | null): number {
  const match = /keeps ([\d.]+)%/.exec(text ?? '')
  if (match === null) throw new Error(`no kept share in '${text}'`)
  return Number(match[1])
}

test('the whole flow on GSM8K: drop, text field, a 4-operator chain from the palette, a dragged threshold, run, watch, inspect a valid chunk', async ({
  app
}, testInfo) => {
  await expect(app.getByTestId('dataset-rows')).toBeVisible()
  await dropFiles(app, [GSM8K])
  await expect(app.getByTestId('dataset-rows')).toHaveText('7,473')
  await expect(app.getByRole('heading', { name: 'gsm8k_train.jsonl' })).toBeVisible()

  // The text field: GSM8K has question and answer; the operators read the question.
  const question = app.getByRole('checkbox', { name: 'Use question as text' })
  await question.check()
  await app.getByRole('checkbox', { name: 'Use answer as text' }).uncheck()
  await snapshot(app, testInfo, 'view-dataset')
  await app.getByRole('button', { name: 'Build a recipe on this dataset →' }).click()

  // One mapper, two filters and a deduplicator, from the palette; the search narrows it.
  const search = app.getByRole('searchbox', { name: 'Search operators' }).or(app.getByRole('textbox', { name: 'Search operators' }))
  await search.fill('length')
  await expect(app.getByRole('button', { name: 'Add text_length_filter' })).toBeVisible()
  await expect(app.getByRole('button', { name: 'Add document_deduplicator' })).toBeHidden()
  await search.fill('')
  for (const op of ['whitespace_normalization_mapper', 'text_length_filter', 'alphanumeric_filter', 'document_deduplicator']) {
    await app.getByRole('button', { name: `Add ${op}` }).click()
  }
  const chain = app.getByRole('list', { name: 'Chain' })
  await expect(chain.getByRole('listitem')).toHaveCount(4)
  await expect(app.getByTestId('recipe-check')).toContainText('4 operators')

  // The histogram of text_length_filter: drag its minimum to the right; the kept share falls as it moves.
  const handle = app.getByRole('slider', { name: 'text_length_filter min_len' })
  await expect(handle).toBeVisible()
  const kept = app.getByTestId('kept-share-1')
  await expect(kept).toContainText('keeps')
  const before = keptPercent(await kept.textContent())
  // On a laptop's window the histogram may be below the preview's fold: scrolled to, as a person would.
  await app.getByRole('img', { name: 'text_length_filter text_len histogram' }).scrollIntoViewIfNeeded()
  const box = (await handle.boundingBox())!
  const histogram = (await app.getByRole('img', { name: 'text_length_filter text_len histogram' }).boundingBox())!
  await app.mouse.move(box.x + box.width / 2, box.y + box.height / 2)
  await app.mouse.down()
  await app.mouse.move(histogram.x + histogram.width * 0.35, box.y + box.height / 2, { steps: 8 })
  const during = keptPercent(await kept.textContent())
  expect(during).toBeLessThan(before)
  await snapshot(app, testInfo, 'view-recipe-dragging')
  await app.mouse.up()
  const minLen = Number(await handle.getAttribute('aria-valuenow'))
  expect(minLen).toBeGreaterThan(10)
  // The preview reruns with the new threshold and agrees with what the drag showed.
  await expect.poll(async () => keptPercent(await kept.textContent()), { timeout: 30_000 }).toBeCloseTo(during, 0)
  await chain.getByText('text_length_filter', { exact: true }).click()
  await expect(app.getByRole('region', { name: 'Parameters' }).getByLabel('min_len', { exact: true })).toHaveValue(String(minLen))
  await snapshot(app, testInfo, 'view-recipe')
  await app.getByRole('tab', { name: 'YAML' }).click()
  await expect(app.getByRole('textbox', { name: 'Recipe YAML' })).toHaveValue(new RegExp(`min_len: ${minLen}\\b`))
  await snapshot(app, testInfo, 'view-recipe-yaml')

  // Run: output into the test's folder, two workers, partitions small enough to watch several.
  await app.getByRole('button', { name: 'Continue to Run →' }).click()
  const run = app.getByRole('region', { name: 'Run' })
  const out = testInfo.outputPath('flow', 'gsm8k-clean.parquet')
  await run.getByLabel('Output', { exact: true }).fill(out)
  await run.getByLabel('Work directory', { exact: true }).fill(testInfo.outputPath('flow', 'work'))
  await run.getByLabel('Partition size (rows)').fill('1000')
  await run.getByLabel('Workers').fill('2')
  await expect(app.getByTestId('run-check')).toContainText('4 operators')
  await snapshot(app, testInfo, 'view-run')
  await run.getByRole('button', { name: 'Start' }).click()

  // Watch it to completion in the monitor, then its report.
  await expect(app.getByTestId('job-status')).toBeVisible()
  await snapshot(app, testInfo, 'view-monitor')
  await expect(app.getByTestId('job-status')).toHaveText('completed', { timeout: 90_000 })
  const operators = app.getByRole('table', { name: 'Operators' })
  await expect(operators.getByRole('row')).toHaveCount(1 + 4)
  await snapshot(app, testInfo, 'view-report')

  // A result chunk opens in the inspector, valid.
  const chunks = app.getByRole('table', { name: 'Published chunks' })
  await chunks.getByRole('button', { name: 'Inspect partition_000002_processed.parquet' }).click()
  await expect(app.getByTestId('verdict')).toHaveText('Valid')
  await snapshot(app, testInfo, 'view-inspector')

  // The export holds the rows the chain keeps, and DuckDB reads it.
  const db = await DuckDBInstance.create(':memory:')
  const c = await db.connect()
  const rows = (await c.runAndReadAll(`SELECT count(*), min(length(question)) FROM read_parquet('${out}')`)).getRows()
  expect(Number(rows[0]![0])).toBeGreaterThan(0)
  expect(Number(rows[0]![1])).toBeGreaterThanOrEqual(minLen)

  await app.getByRole('button', { name: 'Jobs', exact: true }).click()
  await expect(app.getByRole('table', { name: 'Jobs' }).or(app.getByRole('list', { name: 'Jobs' }))).toContainText('completed')
  await snapshot(app, testInfo, 'view-jobs')
  await app.keyboard.press('?')
  await expect(app.getByRole('dialog', { name: 'Keyboard shortcuts' })).toBeVisible()
  await snapshot(app, testInfo, 'view-shortcuts')
  await app.keyboard.press('Escape')
  await app.emulateMedia({ colorScheme: 'dark' })
  await app.getByRole('button', { name: 'Recipe', exact: true }).click()
  await snapshot(app, testInfo, 'view-recipe-dark')
  await app.getByRole('button', { name: 'Monitor', exact: true }).click()
  await snapshot(app, testInfo, 'view-report-dark')
})

test('a recipe with unsaved changes is replaced only when the user says so; a file that is no recipe leaves it as it was', async ({
  app
}, testInfo) => {
  await expect(app.getByTestId('dataset-rows')).toBeVisible()
  await app.getByRole('button', { name: 'Recipe', exact: true }).click()
  await expect(app.getByTestId('recipe-check')).toContainText('3 operators')
  await app.getByRole('button', { name: 'Add alphanumeric_filter' }).click()
  await expect(app.getByTestId('recipe-check')).toContainText('4 operators')
  await expect(app.getByRole('img', { name: 'unsaved changes' })).toBeVisible()
  const chain = app.getByRole('list', { name: 'Chain' })

  // A dataset picked as a recipe by mistake: asked first, then refused with the reason; the recipe and its check stay.
  app.once('dialog', (dialog) => void dialog.accept())
  await app.getByRole('button', { name: 'Open recipe…' }).click()
  const open = app.getByRole('dialog', { name: 'Open a recipe' })
  await open.getByRole('textbox', { name: 'Path to a recipe file' }).fill(GSM8K)
  await open.getByRole('button', { name: 'Open', exact: true }).click()
  await expect(app.getByRole('alert').filter({ hasText: 'Cannot open' })).toContainText('gsm8k_train.jsonl is not a recipe: a recipe is a .yaml file')
  await expect(chain.getByRole('listitem')).toHaveCount(4)
  await expect(app.getByTestId('recipe-check')).toContainText('4 operators')
  await snapshot(app, testInfo, 'recipe-open-refused')

  // New recipe, declined: nothing changes. Accepted: an empty chain.
  let asked = ''
  app.once('dialog', (dialog) => {
    asked = dialog.message()
    void dialog.dismiss()
  })
  await app.getByRole('button', { name: 'New recipe' }).click()
  await expect.poll(() => asked).toContain('has unsaved changes. Discard them and start a new one?')
  await expect(chain.getByRole('listitem')).toHaveCount(4)
  app.once('dialog', (dialog) => void dialog.accept())
  await app.getByRole('button', { name: 'New recipe' }).click()
  await expect(chain.getByRole('listitem')).toHaveCount(0)
})

test('the chain from the keyboard and by drag; a disabled operator stays in the chain but not in the run; Export for Ray', async ({
  app
}, testInfo) => {
  await expect(app.getByTestId('dataset-rows')).toBeVisible()
  await app.getByRole('button', { name: 'Recipe', exact: true }).click()
  await expect(app.getByTestId('recipe-check')).toContainText('3 operators')
  const chain = app.getByRole('list', { name: 'Chain' })
  const items = chain.getByRole('listitem')
  const order = async (): Promise<string[]> =>
    (await items.allTextContents()).map((t) => /([a-z_]+_(?:mapper|filter|deduplicator|selector))/.exec(t)?.[1] ?? t)

  // Alt+↓ moves the focused operator down, and focus stays on it.
  await items.first().focus()
  await app.keyboard.press('Alt+ArrowDown')
  await expect.poll(order).toEqual(['text_length_filter', 'whitespace_normalization_mapper', 'document_deduplicator'])
  await app.keyboard.press('Alt+ArrowUp')
  await expect.poll(order).toEqual(['whitespace_normalization_mapper', 'text_length_filter', 'document_deduplicator'])

  // Dragged onto the first item, the deduplicator lands before it.
  await items.nth(2).dragTo(items.nth(0), { targetPosition: { x: 20, y: 4 } })
  await expect.poll(order).toEqual(['document_deduplicator', 'whitespace_normalization_mapper', 'text_length_filter'])

  // A duplicate, disabled: in the chain, out of the recipe that runs.
  await app.getByRole('button', { name: 'Duplicate text_length_filter' }).click()
  await expect(items).toHaveCount(4)
  await expect(app.getByTestId('recipe-check')).toContainText('4 operators')
  await app.getByRole('checkbox', { name: 'Enable text_length_filter' }).nth(1).uncheck()
  await expect(items.nth(3)).toHaveAccessibleName('4. text_length_filter (disabled)')
  await expect(app.getByTestId('recipe-check')).toContainText('3 operators')
  await snapshot(app, testInfo, 'chain-edited')

  // The Ray export holds the enabled operators, in the chain's order.
  await app.getByRole('button', { name: 'Export for Ray…' }).click()
  const exported = app.getByRole('textbox', { name: 'Ray recipe YAML' })
  await expect(exported).toHaveValue(/executor_type: ray$/m)
  await expect(app.getByRole('list', { name: 'Export warnings' })).toContainText('every node of the Ray cluster must see it')
  const yaml = await exported.inputValue()
  const ops = [...yaml.matchAll(/^\s*- ([a-z_]+):/gm)].map((m) => m[1])
  expect(ops.filter((op) => /_(mapper|filter|deduplicator)$/.test(op!))).toEqual([
    'ray_document_deduplicator',
    'whitespace_normalization_mapper',
    'text_length_filter'
  ])
  await snapshot(app, testInfo, 'export-ray')
  await app.getByRole('button', { name: 'Close', exact: true }).click()
})
