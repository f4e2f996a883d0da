import { mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { basename, join } from 'node:path'
import type { Page } from '@playwright/test'
import { expect, SHARED_DATA, snapshot, test } from './fixtures'
import { generateCorpus, openRecipeFile, startButton, writeRecipe } from './recipes'

async function openRecipeAndStart(app: Page, path: string): Promise<void> {
  await expect(app.getByTestId('dataset-rows')).toBeVisible()
  await openRecipeFile(app, path)
  // The starter recipe is open before this one loads, and its check also counts operators: wait for this file.
  await expect(app.getByRole('heading', { level: 1 })).toHaveText(basename(path))
  await expect(app.getByTestId('recipe-check')).toContainText('operator')
  await app.getByRole('button', { name: 'Continue to Run →' }).click()
  await startButton(app).click()
}

/** A recipe in `dir` over `dataset`, exporting and working beside it, with the given settings and operators. */
function writeMonitorRecipe(dir: string, name: string, dataset: string, settings: string[], operators: string[]): string {
  const placed = [`project_name: ${name}`, `export_path: ${join(dir, 'out.parquet')}`, `work_dir: ${join(dir, 'work')}`]
  return writeRecipe(dir, name, dataset, [...placed, ...settings], operators)
}

/** The count the partition legend gives for a state. */
async function legendCount(app: Page, state: string): Promise<number> {
  const text = await app
    .getByRole('list', { name: 'Partition states' })
    .getByRole('listitem')
    .filter({ hasText: new RegExp(`^${state}`) })
    .textContent()
  return Number((text ?? '').replace(/\D/g, ''))
}

test('the monitor while a job runs: pause holds new partitions, the log filters, a partition opens, cancel then resume completes', async ({
  app
}, testInfo) => {
  test.setTimeout(180_000)
  const dir = testInfo.outputPath('monitor')
  mkdirSync(dir, { recursive: true })
  const corpus = join(dir, 'corpus.jsonl')
  generateCorpus(corpus, 30000, 11)
  const recipe = writeMonitorRecipe(
    dir,
    'monitor',
    corpus,
    ['np: 1', 'partition_size: 1000'],
    ['whitespace_normalization_mapper:', 'text_length_filter: {min_len: 50}', 'document_deduplicator:']
  )
  // The browser's notifications, granted and recorded: what the window shows the desktop when a job ends.
  await app.evaluate(() => {
    const shown: { title: string; body: string }[] = []
    class RecordedNotification {
      static permission = 'granted'
      static requestPermission = (): Promise<string> => Promise.resolve('granted')
      onclick: (() => void) | null = null
      constructor(title: string, options?: { body?: string }) {
        shown.push({ title, body: options?.body ?? '' })
      }
    }
    Object.assign(window, { Notification: RecordedNotification, shownNotifications: shown })
  })
  const notifications = (): Promise<{ title: string; body: string }[]> =>
    app.evaluate(() => (window as unknown as { shownNotifications: { title: string; body: string }[] }).shownNotifications)
  await openRecipeAndStart(app, recipe)
  await expect(app.getByTestId('job-status')).toHaveText('running')

  // Pause: the running partition finishes its stage, then nothing new starts until Continue (that the
  // workers wait at the pause gate is proven in src/main/service/workflow-api.test.ts; here, what the monitor shows).
  await app.getByRole('button', { name: 'Pause' }).click()
  await expect(app.getByRole('button', { name: 'Continue' })).toBeVisible()
  const stats = app.getByRole('definition').filter({ hasText: 'paused' })
  await expect(stats).toHaveCount(1)
  await expect.poll(() => legendCount(app, 'running'), { timeout: 30_000 }).toBe(0)
  const held = (await legendCount(app, 'done')) + (await legendCount(app, 'waiting'))
  await snapshot(app, testInfo, 'monitor-paused')

  // The event log, filtered by type, then by a level nothing reached.
  const log = app.getByRole('list', { name: 'Event log' })
  await app.getByRole('combobox', { name: 'Event type' }).selectOption('partition_start')
  await expect(log.getByRole('listitem').first()).toContainText('partition_start')
  const types = await log.getByRole('listitem').allTextContents()
  expect(types.length).toBeGreaterThan(0)
  expect(types.every((t) => t.includes('partition_start'))).toBe(true)
  await app.getByRole('combobox', { name: 'Level' }).selectOption('ERROR')
  await expect(app.getByText('No event matches these filters')).toBeVisible()
  await app.getByRole('combobox', { name: 'Event type' }).selectOption('all')
  await app.getByRole('combobox', { name: 'Level' }).selectOption('INFO')

  // A partition past its first stage opens: its attempts and the checkpoint it waits on.
  const waiting = app.getByRole('button', { name: /^Partition \d+: waiting$/ }).first()
  const label = (await waiting.getAttribute('aria-label'))!
  const id = Number(/Partition (\d+)/.exec(label)![1])
  await waiting.click()
  const panel = app.getByRole('region', { name: `Partition ${id}` })
  await expect(panel).toContainText('Attempts')
  await expect(panel.getByRole('table', { name: `Checkpoints of partition ${id}` })).toContainText('document_deduplicator')
  await snapshot(app, testInfo, 'monitor-partition')
  await panel.getByRole('button', { name: 'Close partition details' }).click()
  // Still paused after all of that: no partition started or finished meanwhile.
  expect(await legendCount(app, 'running')).toBe(0)
  expect((await legendCount(app, 'done')) + (await legendCount(app, 'waiting'))).toBe(held)

  // Continue, then cancel: the job stops short, cancelled, and Resume completes it.
  await app.getByRole('button', { name: 'Continue' }).click()
  await expect(app.getByRole('button', { name: 'Pause' })).toBeVisible()
  await app.getByRole('button', { name: 'Cancel job' }).click()
  await expect(app.getByTestId('job-status')).toHaveText('cancelled', { timeout: 30_000 })
  await app.getByRole('button', { name: 'Resume monitor' }).click()
  const confirm = app.getByRole('dialog', { name: /^Resume/ })
  await expect(confirm.getByRole('list', { name: 'What resume will do' })).toBeVisible()
  await confirm.getByRole('button', { name: 'Resume', exact: true }).click()
  await expect(app.getByTestId('job-status')).toHaveText('completed', { timeout: 120_000 })
  await expect(app.getByRole('table', { name: 'Published chunks' })).toContainText('out.parquet')
  // One notification when the cancel ended the job, one when the resumed run completed.
  await expect.poll(notifications).toEqual([
    { title: 'monitor was cancelled', body: expect.any(String) },
    { title: 'monitor completed', body: expect.stringContaining('rows exported') }
  ])
  // In a browser there is no file manager: Reveal says which folder holds the output.
  await app.getByRole('button', { name: 'Reveal in folder' }).click()
  await expect(app.getByText('The output is in')).toContainText(dir)
})

test('failed partitions show each failed attempt; once the input is fixed, Resume says what changed and Start fresh completes on it', async ({
  app
}, testInfo) => {
  test.setTimeout(120_000)
  const dir = testInfo.outputPath('failing')
  mkdirSync(dir, { recursive: true })
  const input = join(dir, 'input.jsonl')
  const lines = readFileSync(join(SHARED_DATA, 'text', 'gsm8k_train.jsonl'), 'utf8')
    .trimEnd()
    .split('\n')
    .slice(0, 6000)
  writeFileSync(input, lines.join('\n') + '\n')
  const recipe = writeMonitorRecipe(
    dir,
    'failing',
    input,
    ['text_keys: question', 'partition_size: 3000'],
    ['specified_field_filter: {field_key: meta.source, target_value: [gsm8k]}']
  )
  await openRecipeAndStart(app, recipe)
  // Both partitions fail the same way, at once: a missing field is not retried.
  await expect(app.getByTestId('job-status')).toHaveText(/failed|failures/, { timeout: 60_000 })
  const failed = app.getByRole('button', { name: /^Partition \d+: failed$/ })
  await expect(failed).toHaveCount(2)
  await failed.first().click()
  const attempts = app.getByRole('list', { name: /^Failed attempts of partition \d+$/ })
  await expect(attempts.getByRole('listitem')).toHaveCount(1)
  await expect(attempts.getByRole('listitem').first()).toContainText('Attempt 1')
  await expect(attempts.getByRole('listitem').first()).toContainText("the dataset has no field 'meta'")
  await expect(app.getByText('No partition finished a stage in the last run, so there is no throughput to draw.')).toBeVisible()
  await snapshot(app, testInfo, 'monitor-failed-attempts')

  // The input gains the field. Resume names the change and offers to start fresh, which runs on the new input.
  writeFileSync(input, lines.map((l) => JSON.stringify({ ...(JSON.parse(l) as object), meta: { source: 'gsm8k' } })).join('\n') + '\n')
  await app.getByRole('button', { name: 'Resume failing' }).click()
  const dialog = app.getByRole('dialog', { name: /^Resume/ })
  await expect(dialog.getByRole('list', { name: 'What changed' })).toContainText('input.jsonl')
  await snapshot(app, testInfo, 'resume-changed-input')
  await dialog.getByRole('button', { name: 'Start fresh' }).click()
  await expect(app.getByTestId('job-status')).toHaveText('completed', { timeout: 60_000 })
  const report = app.getByRole('table', { name: 'Operators' })
  await expect(report.getByRole('row').nth(1)).toContainText('6,000')
  await expect(app.getByRole('table', { name: 'Published chunks' })).toContainText('out.parquet')
})
