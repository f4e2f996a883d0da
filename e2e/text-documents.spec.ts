import { mkdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { expect, snapshot, test } from './fixtures'

test('Open path… a folder of code and text files: a row per file, its whole content in text', async ({ app }, testInfo) => {
  const dir = testInfo.outputPath('project')
  mkdirSync(join(dir, 'src'), { recursive: true })
  writeFileSync(join(dir, 'Dockerfile'), 'FROM node:22-alpine\n')
  writeFileSync(join(dir, 'README.md'), '# Widget service, über fast\n')
  writeFileSync(join(dir, 'src', 'main.py'), 'print("widgets ready")\n')
  writeFileSync(join(dir, 'build.log'), 'not a document\n')
  await expect(app.getByTestId('dataset-rows')).toHaveText('3,000')
  await app.getByRole('button', { name: 'Open path…' }).first().click()
  const dialog = app.getByRole('dialog', { name: 'Open path' })
  const listing = dialog.getByRole('listbox', { name: 'Folder contents' })
  await dialog.getByRole('textbox', { name: 'Path to a dataset file or folder' }).fill(`${dir}/`)
  // The Datasets filter lists the documents (and not build.log).
  await expect.poll(async () => (await listing.locator('.entry-name').allTextContents()).sort()).toEqual(['Dockerfile', 'README.md', 'src'])
  await dialog.getByRole('textbox', { name: 'Path to a dataset file or folder' }).fill(dir)
  await dialog.getByRole('button', { name: 'Open', exact: true }).click()
  await expect(dialog).toBeHidden()
  await expect(app.getByTestId('dataset-format')).toHaveText('TEXT')
  await expect(app.getByTestId('dataset-rows')).toHaveText('3')
  const rows = app.getByRole('table', { name: 'First rows of the dataset' })
  await expect(rows.getByRole('row')).toHaveCount(4)
  await expect(rows).toContainText('FROM node:22-alpine')
  await expect(rows).toContainText('# Widget service, über fast')
  await expect(rows).toContainText('print("widgets ready")')
  await snapshot(app, testInfo, 'text-documents-folder')
})
