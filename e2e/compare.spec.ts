import { mkdirSync } from 'node:fs'
import { basename, join } from 'node:path'
import type { Dialog, Page } from '@playwright/test'
import { expect, ROOT, snapshot, test } from './fixtures'
import { openRecipeFile, startButton, writeRecipe } from './recipes'

const SAMPLE = join(ROOT, 'resources', 'sample', 'gsm8k-sample.jsonl')

/** Opens a recipe file (yes to discarding the one open) and runs it to completion; returns its report's Rows out. */
async function runToCompletion(app: Page, path: string): Promise<number> {
  const discard = (dialog: Dialog): void => void dialog.accept()
  app.on('dialog', discard)
  await openRecipeFile(app, path)
  await expect(app.getByRole('heading', { level: 1 })).toHaveText(basename(path))
  app.off('dialog', discard)
  await app.getByRole('button', { name: 'Continue to Run →' }).click()
  await startButton(app).click()
  await expect(app.getByTestId('job-status')).toHaveText('completed', { timeout: 90_000 })
  const rowsOut = app
    .getByRole('region', { name: 'Report' })
    .getByRole('term')
    .filter({ hasText: /^Rows out$/ })
  return Number((await rowsOut.locator('xpath=following-sibling::dd[1]').textContent())!.replace(/,/g, ''))
}

/** A row of a table by the text of its first cell (a header cell in the totals). */
function line(table: ReturnType<Page['getByRole']>, first: string): ReturnType<Page['getByRole']> {
  return table.getByRole('row').filter({ has: table.page().getByRole('rowheader', { name: first, exact: true }) })
}

test('compare two runs of the sample dataset with different thresholds: both funnels, the rows each kept, their text_len side by side; a report’s filter outcomes', async ({
  app
}, testInfo) => {
  test.setTimeout(180_000)
  const dir = testInfo.outputPath('compare')
  mkdirSync(dir, { recursive: true })
  const recipe = (name: string, minLen: number): string =>
    writeRecipe(
      dir,
      name,
      SAMPLE,
      [`export_path: ${join(dir, `${name}.parquet`)}`, `work_dir: ${join(dir, `work-${name}`)}`, 'np: 1', 'keep_stats_in_res_ds: true'],
      ['whitespace_normalization_mapper:', `text_length_filter: {min_len: ${minLen}}`]
    )
  await expect(app.getByTestId('dataset-rows')).toBeVisible()
  const looseOut = await runToCompletion(app, recipe('loose', 300))
  const strictOut = await runToCompletion(app, recipe('strict', 400))
  expect(strictOut).toBeLessThan(looseOut)
  expect(strictOut).toBeGreaterThan(0)

  // The Jobs list: tick the two runs, then Compare; a third box waits until one is unticked.
  await app.getByRole('button', { name: 'Jobs', exact: true }).click()
  const jobs = app.getByRole('table', { name: 'Jobs' })
  const looseRow = jobs.getByRole('row').filter({ hasText: join(dir, 'work-loose') })
  const strictRow = jobs.getByRole('row').filter({ hasText: join(dir, 'work-strict') })
  const compare = app.getByRole('button', { name: /^Compare/ })
  await expect(compare).toBeDisabled()
  await looseRow.getByRole('checkbox', { name: 'Compare loose' }).check()
  await strictRow.getByRole('checkbox', { name: 'Compare strict' }).check()
  await expect(compare).toHaveText('Compare (2 of 2)')
  const others = jobs.getByRole('checkbox', { checked: false })
  if ((await others.count()) > 0) await expect(others.first()).toBeDisabled()
  await snapshot(app, testInfo, 'compare-picked')
  await compare.click()

  // Totals: the same rows in, each job's rows out as its report said, B − A between them.
  const view = app.getByRole('region', { name: 'Compare jobs' })
  const totals = view.getByRole('table', { name: 'Totals of both jobs' })
  await expect(line(totals, 'Rows in')).toHaveText(/Rows in\s*3,000\s*3,000\s*0/, { timeout: 60_000 })
  const fmt = (n: number): string => n.toLocaleString('en-US')
  await expect(line(totals, 'Rows out')).toHaveText(`Rows out${fmt(looseOut)}${fmt(strictOut)}−${fmt(looseOut - strictOut)}`)
  await expect(line(totals, 'Run time')).toHaveText(/^Run time[\d.]+ (ms|s)[\d.]+ (ms|s)[+−]?[\d.]+ (ms|s)$/)

  // The funnel, operator by operator: both keep every row through the mapper, then the filter drops more in B.
  const funnel = view.getByRole('table', { name: 'Operator funnel of both jobs' })
  await expect(funnel.getByRole('row')).toHaveCount(3)
  await expect(funnel.getByRole('row').nth(1)).toContainText('whitespace_normalization_mapper')
  await expect(funnel.getByRole('row').nth(1)).toContainText(/3,000 → 3,000.*3,000 → 3,000/)
  const filterRow = funnel.getByRole('row').nth(2)
  await expect(filterRow).toContainText(`3,000 → ${fmt(looseOut)} (−${fmt(3000 - looseOut)})3,000 → ${fmt(strictOut)} (−${fmt(3000 - strictOut)})`)

  // The text_len of each output as bins on one x range, each summing to its job's rows out; the keys read the bins.
  const barsA = view.getByRole('group', { name: /^text_len of job A’s output/ })
  const barsB = view.getByRole('group', { name: /^text_len of job B’s output/ })
  await expect(barsA).toHaveAttribute('aria-label', new RegExp(`^text_len of job A’s output: ${fmt(looseOut)} rows in \\d+ bins`))
  await expect(barsB).toHaveAttribute('aria-label', new RegExp(`^text_len of job B’s output: ${fmt(strictOut)} rows in \\d+ bins`))
  expect(await barsA.locator('rect.bar.a').count()).toBeGreaterThan(1)
  await barsB.focus()
  await app.keyboard.press('Home')
  await expect(barsB.getByText(/^[\d,.]+ to [\d,.]+: [\d,]+ rows$/)).toBeVisible()
  // B dropped everything under 400 characters: its lowest bin starts there.
  const lowest = Number((await barsB.getByText(/ to /).textContent())!.split(' to ')[0]!.replace(/,/g, ''))
  expect(lowest).toBeGreaterThanOrEqual(400)
  await snapshot(app, testInfo, 'compare-jobs')
  await app.getByRole('combobox', { name: 'Theme' }).selectOption('Dark')
  await snapshot(app, testInfo, 'compare-jobs-dark')
  await app.getByRole('combobox', { name: 'Theme' }).selectOption('System')

  // Swap makes B A; Back shows the list with both still ticked.
  await view.getByRole('button', { name: 'Swap A and B' }).click()
  await expect(line(totals, 'Rows out')).toHaveText(`Rows out${fmt(strictOut)}${fmt(looseOut)}+${fmt(looseOut - strictOut)}`)
  await view.getByRole('button', { name: 'Back to the jobs' }).click()
  await expect(looseRow.getByRole('checkbox', { name: 'Compare loose' })).toBeChecked()

  // From a report: Compare with… another finished job, from the keyboard.
  await strictRow.getByRole('button', { name: 'Open strict' }).click()
  const report = app.getByRole('region', { name: 'Report' })

  // Its report's filter outcomes: the one filter's rows kept and dropped, its text_len among each, the first rows it dropped.
  const outcomes = report.getByRole('region', { name: 'Filter outcomes' })
  const filter = outcomes.getByRole('article', { name: /text_length_filter/ })
  await expect(filter.getByTestId('outcome-rows-1')).toHaveText(
    new RegExp(`^kept ${fmt(strictOut)} · dropped ${fmt(3000 - strictOut)} \\(\\d+\\.\\d%\\)$`),
    { timeout: 60_000 }
  )
  const keptBars = filter.getByRole('group', { name: /^text_len of the rows text_length_filter kept/ })
  const droppedBars = filter.getByRole('group', { name: /^text_len of the rows text_length_filter dropped/ })
  await expect(keptBars).toHaveAttribute('aria-label', new RegExp(`: ${fmt(strictOut)} rows in \\d+ bins`))
  await expect(droppedBars).toHaveAttribute('aria-label', new RegExp(`: ${fmt(3000 - strictOut)} rows in \\d+ bins`))
  // Every dropped row is shorter than min_len: the dropped bins end at 400, the kept ones start there.
  await droppedBars.focus()
  await app.keyboard.press('End')
  const highestDropped = (await droppedBars.getByText(/ to /).textContent())!
  expect(Number(highestDropped.split(' to ')[1]!.split(':')[0]!.replace(/,/g, ''))).toBeLessThanOrEqual(400)
  await keptBars.focus()
  await app.keyboard.press('Home')
  expect(Number((await keptBars.getByText(/ to /).textContent())!.split(' to ')[0]!.replace(/,/g, ''))).toBeGreaterThanOrEqual(400)
  // The dropped rows open from the keyboard, each with its text_len under 400 and the reason it was dropped.
  await filter.getByText(/^The first \d+ rows it dropped$/).focus()
  await app.keyboard.press('Enter')
  const examples = filter.getByRole('table', { name: 'Rows text_length_filter dropped' })
  await expect(examples).toBeVisible()
  const exampleRows = examples.getByRole('row')
  expect(await exampleRows.count()).toBeGreaterThan(1)
  for (const row of (await exampleRows.all()).slice(1)) {
    const cells = row.getByRole('cell')
    expect(Number((await cells.nth(0).textContent())!.replace(/,/g, ''))).toBeLessThan(400)
    expect((await cells.nth(1).textContent())!.length).toBeGreaterThan(0)
    expect((await cells.nth(2).textContent())!.length).toBeGreaterThan(0)
  }
  await filter.scrollIntoViewIfNeeded()
  await snapshot(app, testInfo, 'report-filter-outcomes')
  await app.getByRole('combobox', { name: 'Theme' }).selectOption('Dark')
  await snapshot(app, testInfo, 'report-filter-outcomes-dark')
  await app.getByRole('combobox', { name: 'Theme' }).selectOption('System')

  await report.getByRole('combobox', { name: 'Compare with' }).selectOption(join(dir, 'work-loose'))
  await report.getByRole('button', { name: 'Compare', exact: true }).focus()
  await app.keyboard.press('Enter')
  await expect(view.getByRole('definition').first()).toContainText('strict')
  await expect(line(totals, 'Rows out')).toHaveText(`Rows out${fmt(strictOut)}${fmt(looseOut)}+${fmt(looseOut - strictOut)}`)
})
