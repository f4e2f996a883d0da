import { writeFileSync } from 'node:fs'
import { basename, join } from 'node:path'
import { dropFiles, expect, SHARED_DATA, snapshot, test } from './fixtures'

const GSM8K = join(SHARED_DATA, 'text', 'gsm8k_train.jsonl')
const COSQA = join(SHARED_DATA, 'text', 'cosqa_corpus-00000-of-00001.parquet')

test('opens with the bundled sample so a newcomer sees data at once', async ({ app }, testInfo) => {
  await expect(app.getByRole('note')).toContainText('bundled sample')
  await expect(app.getByTestId('dataset-rows')).toHaveText('3,000')
  await expect(app.getByRole('table', { name: 'First rows of the dataset' })).toContainText('gsm8k-train-00000')
  await snapshot(app, testInfo, 'sample')
})

test('drop GSM8K: its schema and first rows appear', async ({ app }, testInfo) => {
  await expect(app.getByTestId('dataset-rows')).toBeVisible()
  await dropFiles(app, [GSM8K])
  await expect(app.getByRole('heading', { level: 1 })).toContainText('gsm8k_train.jsonl')
  await expect(app.getByTestId('dataset-format')).toHaveText('JSONL')
  await expect(app.getByTestId('dataset-rows')).toHaveText('7,473')
  const schema = app.getByRole('region', { name: 'Schema' })
  await expect(schema.getByRole('row')).toHaveText([/Column\s*Type/, /question\s*Utf8/, /answer\s*Utf8/])
  const rows = app.getByRole('table', { name: 'First rows of the dataset' })
  await expect(rows.getByRole('row').nth(1)).toContainText('Natalia sold clips to 48 of her friends in April')
  await expect(rows.getByRole('row')).toHaveCount(101)
  await snapshot(app, testInfo, 'dropped-gsm8k')
})

test('Open path… opens a typed path: a Parquet file, asked about, opens in the inspector', async ({ app }, testInfo) => {
  await app.getByRole('button', { name: 'Open path…' }).first().click()
  const dialog = app.getByRole('dialog', { name: 'Open path' })
  await dialog.getByRole('textbox', { name: 'Path to a dataset file or folder' }).fill(COSQA)
  await dialog.getByRole('button', { name: 'Open', exact: true }).click()
  await dialog
    .getByRole('group', { name: `Open ${basename(COSQA)}` })
    .getByRole('button', { name: 'Inspect it' })
    .click()
  await expect(dialog).toBeHidden()
  await expect(app.getByRole('region', { name: 'Parquet inspector' })).toBeVisible()
  await expect(app.getByTestId('parquet-rows')).toHaveText('20,604')
  await snapshot(app, testInfo, 'parquet')
})

test('the server-side file browser walks folders and opens the file double-clicked', async ({ app }, testInfo) => {
  await app.getByRole('button', { name: 'Open path…' }).first().click()
  const dialog = app.getByRole('dialog', { name: 'Open path' })
  const listing = dialog.getByRole('listbox', { name: 'Folder contents' })
  await expect(listing).toBeVisible()
  await dialog.getByRole('textbox', { name: 'Path to a dataset file or folder' }).fill(SHARED_DATA)
  await dialog.getByRole('button', { name: 'Browse' }).click()
  await listing.getByRole('button', { name: /text/ }).dblclick()
  await expect(listing.getByRole('button', { name: /gsm8k_train\.jsonl/ })).toBeVisible()
  await dialog.getByRole('button', { name: '↑ Up' }).click()
  await expect(listing.getByRole('button', { name: /parquet-testing/ })).toBeVisible()
  await listing.getByRole('button', { name: /text/ }).dblclick()
  await snapshot(app, testInfo, 'file-browser')
  await listing.getByRole('button', { name: /gsm8k_train\.jsonl/ }).dblclick()
  await expect(dialog).toBeHidden()
  await expect(app.getByTestId('dataset-rows')).toHaveText('7,473')
})

test('bad input gets one clear message: unknown format, empty file', async ({ app }, testInfo) => {
  const unknown = testInfo.outputPath('photo.jsonl')
  writeFileSync(unknown, Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13]))
  await dropFiles(app, [unknown])
  await expect(app.getByRole('alert')).toContainText('binary file that Sieve does not know')
  await expect(app.getByRole('alert')).toContainText('JSONL, JSON, CSV/TSV, Parquet and Arrow')
  await snapshot(app, testInfo, 'unknown-format')
  const empty = testInfo.outputPath('empty.csv')
  writeFileSync(empty, '')
  await dropFiles(app, [empty])
  await expect(app.getByRole('alert')).toContainText('is empty (0 bytes)')
})

test('a malformed JSONL line is named with its line number; the good rows still show', async ({ app }, testInfo) => {
  const malformed = testInfo.outputPath('malformed.jsonl')
  writeFileSync(malformed, '{"text":"first"}\n{"text": broken\n{"text":"third"}\n')
  await dropFiles(app, [malformed])
  await expect(app.getByRole('list', { name: 'Warnings' })).toContainText('Line 2: not valid JSON')
  const rows = app.getByRole('table', { name: 'First rows of the dataset' })
  await expect(rows.getByRole('row')).toHaveText([/text/, /first/, /third/])
  await snapshot(app, testInfo, 'malformed-jsonl')
})
