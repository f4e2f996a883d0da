import { copyFileSync, mkdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { expect, SHARED_DATA, snapshot, test } from './fixtures'

const GSM8K = join(SHARED_DATA, 'text', 'gsm8k_train.jsonl')
const COSQA = join(SHARED_DATA, 'text', 'cosqa_corpus-00000-of-00001.parquet')

/** A folder of the test's own: datasets of each kind, a recipe, a file of no known kind, a hidden file and a subfolder. */
function makeFolder(dir: string): void {
  mkdirSync(join(dir, 'sub'), { recursive: true })
  writeFileSync(join(dir, 'tweets.jsonl'), '{"text":"first"}\n{"text":"second"}\n')
  writeFileSync(join(dir, 'table.csv'), 'text\nrow\n')
  copyFileSync(COSQA, join(dir, 'corpus.parquet'))
  writeFileSync(join(dir, 'recipe.yaml'), 'process: []\n')
  writeFileSync(join(dir, 'report.pdf'), '%PDF-1.4\n')
  writeFileSync(join(dir, '.secret.jsonl'), '{"text":"hidden"}\n')
}

test('a wrong path keeps the dataset that is open; the error goes once another file opens', async ({ app }, testInfo) => {
  await expect(app.getByTestId('dataset-rows')).toHaveText('3,000')
  const missing = testInfo.outputPath('no-such-file.jsonl')
  await app.getByRole('button', { name: 'Open path…' }).first().click()
  let dialog = app.getByRole('dialog', { name: 'Open path' })
  await dialog.getByRole('textbox', { name: 'Path to a dataset file or folder' }).fill(missing)
  await dialog.getByRole('button', { name: 'Open', exact: true }).click()
  const problem = app.getByRole('alert').filter({ hasText: 'Cannot open' })
  await expect(problem).toContainText('no-such-file.jsonl')
  // The sample is still open, beneath the message.
  await expect(app.getByTestId('dataset-rows')).toHaveText('3,000')
  await expect(app.getByRole('heading', { level: 1 })).toHaveText('Sample dataset (GSM8K)')
  await expect(app.getByText('The dataset that was open stays open.')).toBeVisible()
  await snapshot(app, testInfo, 'wrong-path-keeps-dataset')

  await app.getByRole('button', { name: 'Open path…' }).first().click()
  dialog = app.getByRole('dialog', { name: 'Open path' })
  await dialog.getByRole('textbox', { name: 'Path to a dataset file or folder' }).fill(GSM8K)
  await dialog.getByRole('button', { name: 'Open', exact: true }).click()
  await expect(app.getByTestId('dataset-rows')).toHaveText('7,473')
  await expect(problem).toHaveCount(0)
})

test('a single Parquet file as a dataset: from Open path…, and from the inspector', async ({ app }, testInfo) => {
  await expect(app.getByTestId('dataset-rows')).toHaveText('3,000')
  await app.getByRole('button', { name: 'Open path…' }).first().click()
  const dialog = app.getByRole('dialog', { name: 'Open path' })
  await dialog.getByRole('textbox', { name: 'Path to a dataset file or folder' }).fill(COSQA)
  await dialog.getByRole('button', { name: 'Open', exact: true }).click()
  const choice = dialog.getByRole('group', { name: 'Open cosqa_corpus-00000-of-00001.parquet' })
  await expect(choice).toContainText('is a Parquet file')
  await snapshot(app, testInfo, 'parquet-asks')
  await choice.getByRole('button', { name: 'Use as dataset' }).click()
  await expect(dialog).toBeHidden()
  await expect(app.getByTestId('dataset-format')).toHaveText('PARQUET')
  await expect(app.getByTestId('dataset-rows')).toHaveText('20,604')
  await expect(app.getByRole('checkbox', { name: 'Use text as text' })).toBeVisible()
  await snapshot(app, testInfo, 'parquet-as-dataset')

  // The inspector offers the same; the dataset view then holds the file, ready for a recipe.
  await app.getByRole('button', { name: 'Inspect this Parquet file' }).click()
  await expect(app.getByTestId('verdict')).toHaveText('Valid')
  await app.getByRole('button', { name: 'Dataset', exact: true }).click()
  await app.getByRole('button', { name: 'Open path…' }).first().click()
  await dialog.getByRole('textbox', { name: 'Path to a dataset file or folder' }).fill(GSM8K)
  await dialog.getByRole('button', { name: 'Open', exact: true }).click()
  await expect(app.getByTestId('dataset-rows')).toHaveText('7,473')
  await app.getByRole('button', { name: 'Inspector', exact: true }).click()
  await app.getByRole('button', { name: 'Use as dataset' }).click()
  await expect(app.getByTestId('dataset-format')).toHaveText('PARQUET')
  await expect(app.getByTestId('dataset-rows')).toHaveText('20,604')
})

test('Open path…: a title, a listing that follows the typed path, type filter, hidden files, double-click, the last folder remembered', async ({
  app
}, testInfo) => {
  const dir = testInfo.outputPath('folder')
  makeFolder(dir)
  await expect(app.getByTestId('dataset-rows')).toHaveText('3,000')
  await app.getByRole('button', { name: 'Open path…' }).first().click()
  const dialog = app.getByRole('dialog', { name: 'Open path' })
  await expect(dialog.getByRole('heading', { name: 'Open path' })).toBeVisible()
  const listing = dialog.getByRole('listbox', { name: 'Folder contents' })
  const names = async (): Promise<string[]> => (await listing.locator('.entry-name').allTextContents()).sort()
  const path = dialog.getByRole('textbox', { name: 'Path to a dataset file or folder' })

  // Typing a folder lists it, with no button pressed; typing on narrows it to the names that start so.
  await path.fill(`${dir}/`)
  await expect.poll(names).toEqual(['corpus.parquet', 'sub', 'table.csv', 'tweets.jsonl'])
  await path.pressSequentially('t')
  await expect.poll(names).toEqual(['table.csv', 'tweets.jsonl'])
  await expect(path).toHaveValue(`${dir}/t`)
  await path.fill(`${dir}/`)

  // The type filter: datasets by default; recipes; everything. Hidden files on request.
  await expect.poll(names).toEqual(['corpus.parquet', 'sub', 'table.csv', 'tweets.jsonl'])
  const types = dialog.getByRole('combobox', { name: 'File types' })
  await types.selectOption({ label: 'Recipes (.yaml)' })
  await expect.poll(names).toEqual(['recipe.yaml', 'sub'])
  await types.selectOption({ label: 'All files' })
  await expect.poll(names).toEqual(['corpus.parquet', 'recipe.yaml', 'report.pdf', 'sub', 'table.csv', 'tweets.jsonl'])
  await dialog.getByRole('checkbox', { name: 'Show hidden files' }).check()
  await expect.poll(names).toContain('.secret.jsonl')
  await snapshot(app, testInfo, 'open-path-all-files')

  // A click selects (the path box takes it, nothing opens); a double-click opens.
  await listing.getByRole('button', { name: /tweets\.jsonl/ }).click()
  await expect(path).toHaveValue(join(dir, 'tweets.jsonl'))
  await expect(listing.getByRole('option', { selected: true })).toContainText('tweets.jsonl')
  await expect(dialog).toBeVisible()
  await listing.getByRole('button', { name: /sub/ }).dblclick()
  await expect(dialog.locator('.listing-path')).toHaveText(join(dir, 'sub'))
  await dialog.getByRole('button', { name: '↑ Up' }).click()
  await listing.getByRole('button', { name: /tweets\.jsonl/ }).dblclick()
  await expect(dialog).toBeHidden()
  await expect(app.getByTestId('dataset-rows')).toHaveText('2')

  // Opened again, even after a reload, the browser starts in the folder it last showed.
  await app.reload()
  await expect(app.getByTestId('dataset-rows')).toBeVisible()
  await app.getByRole('button', { name: 'Open path…' }).first().click()
  await expect(dialog.locator('.listing-path')).toHaveText(dir)
  await expect(path).toHaveValue(`${dir}/`)
})
