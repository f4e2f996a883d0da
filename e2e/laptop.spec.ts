import { mkdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { dropFiles, expect, SHARED_DATA, sidewaysScrollers, snapshot, test } from './fixtures'

const COSQA = join(SHARED_DATA, 'text', 'cosqa_corpus-00000-of-00001.parquet')

/**
 * Every view, at the project's window size (1280×800 in `web`, 1024×640 in `web-laptop`): each screenshot
 * fails if the view scrolls sideways as a whole, and lands in the test artifacts named after the size.
 */
test('every view fits the window: jobs, dataset, recipe with its preview, run, monitor, report, inspector, dialogs', async ({ app }, testInfo) => {
  test.setTimeout(120_000)
  await expect(app.getByTestId('dataset-rows')).toHaveText('3,000')
  await snapshot(app, testInfo, 'laptop-dataset')

  await app.getByRole('button', { name: 'Jobs', exact: true }).click()
  await expect(app.getByRole('heading', { name: 'Jobs', level: 1 })).toBeVisible()
  await snapshot(app, testInfo, 'laptop-jobs')

  // The recipe builder: the starter's chain, an operator's parameters, the preview beside them.
  await app.getByRole('button', { name: 'Recipe', exact: true }).click()
  await expect(app.getByTestId('recipe-check')).toContainText('3 operators')
  const chain = app.getByRole('list', { name: 'Chain' })
  await app.getByRole('button', { name: 'Add alphanumeric_filter' }).click()
  await expect(chain.getByRole('listitem')).toHaveCount(4)
  await chain.getByText('text_length_filter', { exact: true }).click()
  await expect(app.getByRole('region', { name: 'Parameters' }).getByLabel('min_len', { exact: true })).toBeVisible()
  await expect(app.getByTestId('kept-share-1')).toContainText('keeps')
  // Every operator's whole name is on screen, in the chain, the palette and the preview: wrapped, never cut.
  for (const name of await app.locator('.chain-name, .palette-op-name, .funnel-name, .step-name').all()) {
    const cut = await name.evaluate((el) => el.scrollWidth > el.clientWidth + 1 || el.scrollHeight > el.clientHeight + 1)
    expect(cut, `${await name.textContent()} is cut off`).toBe(false)
  }
  await snapshot(app, testInfo, 'laptop-recipe')
  // The preview is on screen, not cut off at the window's right edge.
  const preview = (await app.getByRole('region', { name: 'Preview' }).boundingBox())!
  expect(preview.x + preview.width).toBeLessThanOrEqual(app.viewportSize()!.width)
  await app.getByRole('tab', { name: 'YAML' }).click()
  await snapshot(app, testInfo, 'laptop-recipe-yaml')
  await app.getByRole('tab', { name: 'Chain' }).click()

  // Run: into the test's folder.
  await app.getByRole('button', { name: 'Continue to Run →' }).click()
  const run = app.getByRole('region', { name: 'Run' })
  await run.getByLabel('Output', { exact: true }).fill(testInfo.outputPath('laptop', 'out.parquet'))
  await run.getByLabel('Work directory', { exact: true }).fill(testInfo.outputPath('laptop', 'work'))
  await run.getByLabel('Partition size (rows)').fill('500')
  await snapshot(app, testInfo, 'laptop-run')
  await run.getByRole('button', { name: 'Start' }).click()

  // The monitor with its event log, then the report.
  await expect(app.getByTestId('job-status')).toBeVisible()
  await expect(app.getByRole('list', { name: 'Event log' }).getByRole('listitem').first()).toBeVisible()
  await snapshot(app, testInfo, 'laptop-monitor')
  // The event log's messages have room to read: a column of their own, not a sliver beside the others.
  const log = app.getByRole('list', { name: 'Event log' })
  await log.scrollIntoViewIfNeeded()
  const message = (await log.getByRole('listitem').first().locator('.event-message').boundingBox())!
  expect(message.width).toBeGreaterThanOrEqual(180)
  await snapshot(app, testInfo, 'laptop-monitor-events')
  await expect(app.getByTestId('job-status')).toHaveText('completed', { timeout: 60_000 })
  await expect(app.getByRole('table', { name: 'Operators' })).toBeVisible()
  await snapshot(app, testInfo, 'laptop-report')
  // Scrolled back, the log offers to follow the newest events again, below the log rather than over its lines.
  await log.evaluate((el) => {
    el.scrollTop = 0
  })
  const follow = app.getByRole('button', { name: 'Follow newest ↓' })
  await expect(follow).toBeVisible()
  const logBox = (await log.boundingBox())!
  expect((await follow.boundingBox())!.y).toBeGreaterThanOrEqual(logBox.y + logBox.height)
  await snapshot(app, testInfo, 'laptop-monitor-follow')
  // The report's numbers stay on one line.
  for (const cell of await app.getByRole('table', { name: 'Operators' }).locator('td.num').all()) {
    expect(await lineCount(cell), `${await cell.textContent()} wraps`).toBe(1)
  }
  await app.getByRole('button', { name: 'Jobs', exact: true }).click()
  const jobs = app.getByRole('table', { name: 'Jobs' })
  await expect(jobs).toContainText('completed')
  // The jobs table fits the view: no column past the window's edge, and its figures each on one line.
  for (const header of await jobs.getByRole('columnheader').all()) {
    const box = (await header.boundingBox())!
    expect(box.x + box.width, `${await header.textContent()} is past the window's edge`).toBeLessThanOrEqual(app.viewportSize()!.width)
  }
  const first = jobs.getByRole('row').nth(1).getByRole('cell')
  for (const cell of [first.nth(4), first.nth(5), first.nth(6)]) expect(await lineCount(cell), `${await cell.textContent()} wraps`).toBe(1)
  await snapshot(app, testInfo, 'laptop-jobs-list')

  // The inspector, each tab.
  await app.getByRole('button', { name: 'Open path…' }).first().click()
  const dialog = app.getByRole('dialog', { name: 'Open path' })
  await snapshot(app, testInfo, 'laptop-open-path')
  await dialog.getByRole('textbox', { name: 'Path to a dataset file or folder' }).fill(COSQA)
  await dialog.getByRole('button', { name: 'Open', exact: true }).click()
  await expect(dialog.getByRole('button', { name: 'Inspect it' })).toBeVisible()
  await snapshot(app, testInfo, 'laptop-open-parquet-asks')
  await dialog.getByRole('button', { name: 'Inspect it' }).click()
  await inspect(app, testInfo)

  await app.keyboard.press('?')
  await expect(app.getByRole('dialog', { name: 'Keyboard shortcuts' })).toBeVisible()
  await snapshot(app, testInfo, 'laptop-shortcuts')
  await app.keyboard.press('Escape')
  await app.getByRole('button', { name: 'Recipe', exact: true }).click()
  await app.getByRole('button', { name: 'Export for Ray…' }).click()
  await expect(app.getByRole('textbox', { name: 'Ray recipe YAML' })).toHaveValue(/executor_type/)
  await snapshot(app, testInfo, 'laptop-export-dialog')
  await app.getByRole('button', { name: 'Close', exact: true }).click()

  // Last, as it changes the open dataset: long column names wrap after their underscores; type names stay whole on one line.
  const wide = testInfo.outputPath('wide.jsonl')
  mkdirSync(testInfo.outputPath(), { recursive: true })
  // An id of 18 digits, as in the tweets, is written as JSON has it: JavaScript would round it.
  const row = '{"airline_sentiment_confidence":0.6838,"negativereason_confidence":0.7033,"tweet_id":570306133677760513,"text":"ok"}'
  writeFileSync(wide, `${row}\n`.repeat(20))
  await dropFiles(app, [wide])
  await expect(app.getByTestId('dataset-rows')).toHaveText('20')
  const schema = app.getByRole('region', { name: 'Schema' })
  await expect(schema.getByRole('row')).toHaveCount(5)
  for (const type of await schema.locator('td.schema-type').all()) expect(await lineCount(type), `${await type.textContent()} wraps`).toBe(1)
  await expect(schema.getByRole('cell', { name: 'airline_sentiment_confidence' })).toBeVisible()
  await snapshot(app, testInfo, 'laptop-dataset-schema')
  expect(await sidewaysScrollers(app)).toEqual([])
})

async function inspect(app: import('@playwright/test').Page, testInfo: import('@playwright/test').TestInfo): Promise<void> {
  await expect(app.getByTestId('verdict')).toHaveText('Valid')
  await expect(app.getByTestId('grid').locator('[data-row="0"]')).toContainText('d1')
  await snapshot(app, testInfo, 'laptop-inspector')
  await app.getByRole('tab', { name: 'Schema' }).click()
  await snapshot(app, testInfo, 'laptop-inspector-schema')
  await app.getByRole('tab', { name: /Row groups/ }).click()
  await app.getByRole('table', { name: 'Row groups' }).locator('tbody > tr.clickable').first().click()
  // Every column of a row group's chunk table is in sight, not past the window's edge.
  const headers = app.getByRole('table', { name: 'Columns of row group 0' }).getByRole('columnheader')
  await expect(headers).toHaveText(['Column', 'Type', 'Codec', 'Encodings', 'Values', 'Compressed', 'Uncompressed', 'Min', 'Max', 'Nulls'])
  for (const header of await headers.all()) {
    const box = (await header.boundingBox())!
    expect(box.x + box.width, `${await header.textContent()} is past the window's edge`).toBeLessThanOrEqual(app.viewportSize()!.width)
  }
  await snapshot(app, testInfo, 'laptop-inspector-row-groups')
  await app.getByRole('tab', { name: /Metadata/ }).click()
  await snapshot(app, testInfo, 'laptop-inspector-metadata')
  await app.getByRole('tab', { name: 'Data', exact: true }).click()
}

/** How many lines an element's text takes on screen. */
async function lineCount(element: import('@playwright/test').Locator): Promise<number> {
  return element.evaluate((el) => {
    const range = document.createRange()
    range.selectNodeContents(el)
    return new Set([...range.getClientRects()].filter((r) => r.width > 0).map((r) => Math.round(r.bottom))).size
  })
}
