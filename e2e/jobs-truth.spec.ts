import { existsSync, mkdirSync } from 'node:fs'
import { basename, join } from 'node:path'
import type { Dialog, Page } from '@playwright/test'
import { expect, SHARED_DATA, snapshot, test } from './fixtures'
import { generateCorpus, openRecipeFile, startButton, writeRecipe } from './recipes'

/** The window tells the truth about jobs: paused, cancelled, the progress reached, numbers that agree, outputs it would replace. */
async function openRecipe(app: Page, path: string): Promise<void> {
  await openRecipeFile(app, path)
  await expect(app.getByRole('heading', { level: 1 })).toHaveText(basename(path))
  await expect(app.getByTestId('recipe-check')).toContainText('operator')
  await app.getByRole('button', { name: 'Continue to Run →' }).click()
}

/** The text of a fact (a `dt`/`dd` pair) in a region. */
async function fact(app: Page, region: string, label: string): Promise<string> {
  const term = app
    .getByRole('region', { name: region })
    .getByRole('term')
    .filter({ hasText: new RegExp(`^${label}$`) })
  return (await term.locator('xpath=following-sibling::dd[1]').textContent()) ?? ''
}

async function showJobs(app: Page): Promise<void> {
  await app.getByRole('button', { name: 'Jobs', exact: true }).click()
}

test('paused shows paused, with no frozen rate; Cancel shows cancelled and keeps the progress reached, stage by stage, in the monitor and the list', async ({
  app
}, testInfo) => {
  test.setTimeout(180_000)
  const dir = testInfo.outputPath('truth')
  mkdirSync(dir, { recursive: true })
  const corpus = join(dir, 'corpus.jsonl')
  generateCorpus(corpus, 30000, 7)
  const recipe = writeRecipe(
    dir,
    'tweets-clean',
    corpus,
    [`export_path: ${join(dir, 'out.parquet')}`, `work_dir: ${join(dir, 'work')}`, 'np: 1', 'partition_size: 1000'],
    ['whitespace_normalization_mapper:', 'text_length_filter: {min_len: 50}', 'document_deduplicator:']
  )
  await expect(app.getByTestId('dataset-rows')).toBeVisible()
  await openRecipe(app, recipe)
  await startButton(app).click()
  const status = app.getByTestId('job-status')
  await expect(status).toHaveText('running')
  // Named after its recipe file, not a placeholder shared by every job.
  await expect(app.getByRole('heading', { level: 1 })).toHaveText('tweets-clean')

  // Wait for a partition past its first stage, then pause: the badge says paused, the rate is not a frozen number, no ETA.
  await expect(app.getByRole('button', { name: /^Partition \d+: waiting$/ }).first()).toBeVisible({ timeout: 60_000 })
  await app.getByRole('button', { name: 'Pause' }).click()
  await expect(status).toHaveText('paused')
  // The live progress is stage-aware too: the partitions past stage one, not "0 of 30".
  await expect(app.getByRole('progressbar', { name: 'Job progress' })).toHaveAttribute(
    'aria-valuetext',
    /^\d+% · stage 1 of 2: [1-9]\d* of 30 partitions finished it · 0 done · paused$/
  )
  expect(await fact(app, 'Job', 'Throughput \\(rows/s\\)')).toBe('—')
  expect(await fact(app, 'Job', 'ETA')).toBe('paused')
  // Waiting and done partitions differ by glyph and pattern, not only by a shade of green, and say what they are.
  const waiting = app.getByRole('button', { name: /^Partition \d+: waiting$/ }).first()
  await expect(waiting).toHaveAttribute('aria-description', /waiting for the global step/)
  const look = (el: Element): { glyph: string; image: string } => ({
    glyph: getComputedStyle(el, '::before').content,
    image: getComputedStyle(el).backgroundImage
  })
  expect(await waiting.evaluate(look)).toEqual({ glyph: '"◐"', image: expect.stringContaining('gradient') })
  const swatchDone = app.getByRole('list', { name: 'Partition states' }).getByRole('listitem').filter({ hasText: /^done/ }).locator('.swatch')
  expect(await swatchDone.evaluate(look)).toEqual({ glyph: '"✓"', image: 'none' })
  await snapshot(app, testInfo, 'jobs-truth-paused')

  // The Jobs list says paused too.
  await showJobs(app)
  const row = app.getByRole('table', { name: 'Jobs' }).getByRole('row', { name: /tweets-clean/ })
  await expect(row).toContainText('paused')
  await snapshot(app, testInfo, 'jobs-truth-list-paused')
  await row.getByRole('button', { name: 'Open tweets-clean' }).click()
  await app.getByRole('button', { name: 'Continue' }).click()
  await expect(status).toHaveText('running')

  // Cancel: cancelled (an INFO job_cancelled, no job_failed warning), and the progress reached stays on screen.
  await app.getByRole('button', { name: 'Cancel job' }).click()
  await expect(status).toHaveText('cancelled', { timeout: 30_000 })
  const log = app.getByRole('list', { name: 'Event log' })
  await expect(log).toContainText('job_cancelled')
  await expect(log).not.toContainText('job_failed')
  const reached = app.getByRole('region', { name: 'Progress reached' })
  const bar = reached.getByRole('progressbar', { name: 'Job progress' })
  await expect(bar).toHaveAttribute('aria-valuetext', /^\d+% · stage 1 of 2: [1-9]\d* of 30 partitions finished it · 0 done$/)
  expect(Number(await bar.getAttribute('aria-valuenow'))).toBeGreaterThan(0)
  await snapshot(app, testInfo, 'jobs-truth-cancelled')
  await showJobs(app)
  await expect(row).toContainText('cancelled')
  await expect(row.getByTestId('job-reached')).toHaveText(/^\d+% · stage 1 of 2: [1-9]\d*\/30 · 0\/30 done$/)
  await expect(row).not.toContainText('→ 0')
  await expect(row.getByRole('button', { name: 'Resume tweets-clean' })).toBeVisible()
  await snapshot(app, testInfo, 'jobs-truth-list-cancelled')
})

test('one figure per number; the window asks before replacing another job’s output, names that job, and its report then says the output changed; Remove forgets a job', async ({
  app
}, testInfo) => {
  test.setTimeout(180_000)
  const dir = testInfo.outputPath('agree')
  mkdirSync(dir, { recursive: true })
  const dataset = join(SHARED_DATA, 'text', 'gsm8k_train.jsonl')
  const shared = join(dir, 'shared.parquet')
  const settings = (work: string): string[] => [
    `export_path: ${shared}`,
    `work_dir: ${join(dir, work)}`,
    'text_keys: question',
    'partition_size: 500',
    'np: 1'
  ]
  const first = writeRecipe(dir, 'first', dataset, settings('work-first'), ['whitespace_normalization_mapper:', 'document_deduplicator:'])
  const second = writeRecipe(dir, 'second', dataset, settings('work-second'), ['text_length_filter: {min_len: 100}'])
  await expect(app.getByTestId('dataset-rows')).toBeVisible()
  await openRecipe(app, first)
  await startButton(app).click()
  await expect(app.getByTestId('job-status')).toHaveText('completed', { timeout: 90_000 })

  // The report's throughput is the chart's average; the report's run time is the Jobs list's.
  const throughput = await fact(app, 'Report', 'Throughput')
  expect(throughput).toMatch(/^[\d,]+ rows\/s$/)
  await expect(app.getByRole('img', { name: /^Throughput over time: average / })).toHaveAttribute(
    'aria-label',
    new RegExp(`^Throughput over time: average ${throughput.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}, peak`)
  )
  const runTime = await fact(app, 'Report', 'Run time')
  await expect(app.getByTestId('export-check')).toHaveCount(0)
  await snapshot(app, testInfo, 'jobs-truth-report')
  await showJobs(app)
  const firstRow = app
    .getByRole('table', { name: 'Jobs' })
    .getByRole('row')
    .filter({ hasText: join(dir, 'work-first') })
  await expect(firstRow.getByRole('cell').nth(6)).toHaveText(runTime)

  // The same recipe again: its work directory holds a job. The window names its buttons, not the CLI's flags.
  await app.getByRole('button', { name: 'Run', exact: true }).click()
  await startButton(app).click()
  const refusal = app.getByRole('region', { name: 'Run' }).getByRole('alert')
  await expect(refusal).toContainText('already holds a job. Press Open that job, then Resume, to continue it, press Start over')
  await expect(refusal).not.toContainText('--force')
  await expect(refusal.getByRole('button', { name: 'Start over' })).toBeVisible()

  // Another recipe, another work directory, the same output: the window asks, naming the file and the job that wrote it.
  // (Opening it may ask to discard the open recipe's unsaved state: yes.)
  const discard = (dialog: Dialog): void => void dialog.accept()
  app.on('dialog', discard)
  await openRecipe(app, second)
  app.off('dialog', discard)
  await startButton(app).click()
  const ask = app.getByRole('alertdialog', { name: 'Replace the existing output?' })
  await expect(ask).toContainText(shared)
  await expect(ask).toContainText('written by the job first')
  await expect(ask).toContainText('press Replace to overwrite it')
  await snapshot(app, testInfo, 'jobs-truth-replace')
  await ask.getByRole('button', { name: 'Replace it' }).click()
  await expect(app.getByTestId('job-status')).toHaveText('completed', { timeout: 90_000 })

  // The first job's report now says its output is not what it wrote.
  await showJobs(app)
  await firstRow.getByRole('button', { name: 'Open first' }).click()
  await expect(app.getByTestId('export-check')).toContainText('changed since the job wrote it')
  await snapshot(app, testInfo, 'jobs-truth-output-changed')

  // Remove forgets the job after saying its files stay; they do.
  await showJobs(app)
  app.once('dialog', (dialog) => {
    expect(dialog.message()).toContain('Nothing is deleted')
    void dialog.accept()
  })
  await firstRow.getByRole('button', { name: 'Remove first from the list' }).click()
  await expect(firstRow).toHaveCount(0)
  expect(existsSync(join(dir, 'work-first', 'metadata', 'manifest.json'))).toBe(true)
  expect(existsSync(shared)).toBe(true)
})
