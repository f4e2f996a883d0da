import { expect, snapshot, test } from './fixtures'

/** The share a kept-share line states, e.g. "keeps 74.7% of the whole dataset …" → 74.7. */
function keptPercent(text: string | null): number {
  const match = /keeps ([\d.]+)%/.exec(text ?? '')
  if (match === null) throw new Error(`no kept share in '${text}'`)
  return Number(match[1])
}

test('analyze the sample dataset: its columns over every row, then the recipe’s filter over every row, a threshold dragged on the whole-dataset histogram', async ({
  app
}, testInfo) => {
  await expect(app.getByTestId('dataset-rows')).toHaveText('3,000')

  // The dataset view: Analyze, then each column's nulls, distinct values and lengths over all 3,000 rows.
  const whole = app.getByRole('region', { name: 'Whole dataset' })
  await whole.getByRole('button', { name: /^Analyze/ }).click()
  const columns = whole.getByRole('table', { name: 'Columns over every row' })
  await expect(columns).toBeVisible({ timeout: 60_000 })
  await expect(columns.getByRole('row', { name: /^text\b/ })).toContainText('0')
  await expect(whole.getByTestId('analyze-dataset')).toContainText('3,000 rows')
  await snapshot(app, testInfo, 'view-dataset-analysed')

  // The recipe builder on the starter recipe: its text_length_filter over the sample, then over every row.
  await app.getByRole('button', { name: 'Recipe', exact: true }).click()
  const sampleShare = app.getByTestId('kept-share-1')
  await expect(sampleShare).toContainText('of the sample', { timeout: 30_000 })
  const bar = app.getByTestId('analyze-recipe')
  await bar.getByRole('button', { name: /^Analyze/ }).click()
  const wholeShare = app.getByTestId('whole-share-1')
  await expect(wholeShare).toContainText('of the whole dataset', { timeout: 60_000 })
  await expect(bar).toContainText('3,000 rows')
  const before = keptPercent(await wholeShare.textContent())

  // Drag min_len on the whole-dataset histogram to the right: the whole dataset's kept share falls, from the analysis, while the pointer moves.
  const plot = app.getByRole('img', { name: 'Whole-dataset text_len histogram of text_length_filter' })
  await plot.scrollIntoViewIfNeeded()
  const handle = app.getByRole('slider', { name: 'min_len of text_length_filter on the whole dataset' })
  const box = (await handle.boundingBox())!
  const area = (await plot.boundingBox())!
  await app.mouse.move(box.x + box.width / 2, box.y + box.height / 2)
  await app.mouse.down()
  await app.mouse.move(area.x + area.width * 0.6, box.y + box.height / 2, { steps: 8 })
  const during = keptPercent(await wholeShare.textContent())
  expect(during).toBeLessThan(before)
  // The sample's share moves with it: one drag, both figures.
  await expect(sampleShare).toContainText('not applied yet')
  await snapshot(app, testInfo, 'view-recipe-whole-dragging')
  await app.mouse.up()
  const minLen = Number(await handle.getAttribute('aria-valuenow'))
  expect(minLen).toBeGreaterThan(250)
  // The sample's slider follows the threshold written into the recipe.
  await expect(app.getByRole('slider', { name: 'text_length_filter min_len' })).toHaveAttribute('aria-valuenow', String(minLen))

  // The keys move it too, and the whole-dataset share follows without a rerun.
  await handle.focus()
  await app.keyboard.press('End')
  await expect.poll(async () => keptPercent(await wholeShare.textContent())).toBeLessThan(during)
  await snapshot(app, testInfo, 'view-recipe-analysed')
  // The same charts in the dark theme, for the eye (their colours are the theme's variables).
  await app.getByRole('combobox', { name: 'Theme' }).selectOption('Dark')
  await snapshot(app, testInfo, 'view-recipe-analysed-dark')
  await app.getByRole('combobox', { name: 'Theme' }).selectOption('System')
})
