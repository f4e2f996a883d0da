import { mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import type { Locator, Page, TestInfo } from '@playwright/test'
import { dropFiles, expect, snapshot, test } from './fixtures'
import { openRecipeFile } from './recipes'

/**
 * The recipe builder and the Run view tell the truth (issue 17): they never run something other
 * than what they show, lose nothing the user made, and start a recipe on a dataset from that dataset.
 */

const FRENCH = ['Le vol a été annulé sans aucune explication, je suis très déçu.', 'Merci pour le service, le personnel était vraiment charmant.']
const GERMAN = ['Der Flug hatte drei Stunden Verspätung und niemand hat uns informiert.']

/** A small airline-tweets CSV: 18-digit ids, three text columns, short English tweets and a few in French and German. */
function writeTweets(testInfo: TestInfo): string {
  const path = testInfo.outputPath('data', 'tweets.csv')
  mkdirSync(dirname(path), { recursive: true })
  const texts = [
    ...Array.from({ length: 40 }, (_, i) => `@united flight ${i + 100} was delayed again and the crew never told us why, thanks for nothing`),
    ...FRENCH,
    ...GERMAN
  ]
  const lines = texts.map((t, i) => `${570306133677760513n + BigInt(i)},${i % 3 === 0 ? 'negative' : 'neutral'},United,"${t.replace(/"/g, '""')}"`)
  writeFileSync(path, ['tweet_id,airline_sentiment,airline,text', ...lines].join('\n') + '\n')
  return path
}

const chainOf = (app: Page) => app.getByRole('list', { name: 'Chain' })

async function openStarterRecipe(app: Page): Promise<void> {
  await expect(app.getByTestId('dataset-rows')).toBeVisible()
  await app.getByRole('button', { name: 'Recipe', exact: true }).click()
  await expect(app.getByTestId('recipe-check')).toContainText('3 operators')
}

test('a value flagged red blocks Continue and Start and says why, in the Run view too; fixed, the job runs exactly what the form shows', async ({
  app
}, testInfo) => {
  await openStarterRecipe(app)
  await chainOf(app).getByText('text_length_filter', { exact: true }).click()
  const minLen = app.getByRole('region', { name: 'Parameters' }).getByLabel('min_len', { exact: true })
  await minLen.fill('-5')
  await expect(app.getByRole('region', { name: 'Parameters' }).getByRole('alert')).toHaveText('Below the minimum, 0.')
  const continueToRun = app.getByRole('button', { name: 'Continue to Run →' })
  await expect(continueToRun).toBeDisabled()
  await expect(app.getByTestId('recipe-blockers')).toContainText(
    'min_len of text_length_filter “-5”: Below the minimum, 0. It is not in the recipe until fixed.'
  )
  await snapshot(app, testInfo, 'recipe-invalid-blocks-run')

  // The sidebar still reaches Run: it says why it cannot start, and Start stays off.
  await app.getByRole('button', { name: 'Run', exact: true }).click()
  const run = app.getByRole('region', { name: 'Run' })
  await expect(app.getByTestId('run-check')).toContainText('min_len of text_length_filter “-5”')
  await expect(run.getByRole('button', { name: 'Start' })).toBeDisabled()
  await snapshot(app, testInfo, 'run-blocked')
  // Ctrl+Enter does not start it either.
  await app.keyboard.press('Control+Enter')
  await expect(app.getByRole('region', { name: 'Run' })).toBeVisible()

  // The way back leads to the field, which still shows what was typed.
  await run.getByRole('button', { name: 'Show the field' }).click()
  await expect(minLen).toHaveValue('-5')
  await minLen.fill('46')
  await expect(continueToRun).toBeEnabled()
  await continueToRun.click()
  await expect(app.getByTestId('run-check')).toContainText('3 operators')

  // A run setting typed wrong blocks Start the same way.
  await run.getByLabel('Workers').fill('0')
  await expect(app.getByTestId('run-check')).toContainText('Workers “0”: Must be at least 1.')
  await expect(run.getByRole('button', { name: 'Start' })).toBeDisabled()
  await run.getByLabel('Workers').fill('2')

  const work = testInfo.outputPath('blocked', 'work')
  await run.getByLabel('Output', { exact: true }).fill(testInfo.outputPath('blocked', 'out.parquet'))
  await run.getByLabel('Work directory', { exact: true }).fill(work)
  await expect(app.getByTestId('run-check')).toContainText('3 operators')
  await run.getByRole('button', { name: 'Start' }).click()
  await expect(app.getByTestId('job-status')).toHaveText('completed', { timeout: 90_000 })
  expect(readFileSync(join(work, 'recipe.yaml'), 'utf8')).toMatch(/min_len: 46\b/)
})

test('Build a recipe on this dataset: its dataset, text field and an output named after it; the old chain only when asked; 0% kept is said loudly', async ({
  app
}, testInfo) => {
  const tweets = writeTweets(testInfo)
  await openStarterRecipe(app)

  await dropFiles(app, [tweets])
  await expect(app.getByRole('heading', { name: 'tweets.csv' })).toBeVisible()
  const keep = app.getByRole('checkbox', { name: /Keep the current recipe's chain \(3 operators\)/ })
  await expect(keep).not.toBeChecked()
  await app.getByRole('button', { name: 'Build a recipe on this dataset →' }).click()

  // A new recipe on the tweets: empty chain, their text column, an output named after them.
  await expect(chainOf(app).getByRole('listitem')).toHaveCount(0)
  const textField = app.getByRole('combobox', { name: 'Text field' })
  await expect(textField).toHaveValue('text')
  await expect(textField.getByRole('option')).toHaveText(['text', 'airline_sentiment', 'airline'])
  await expect(app.locator('#recipe-text-field-help')).toContainText('tweets.csv has text, airline_sentiment, airline')
  // No operators yet is said plainly, not as an error.
  await expect(app.getByTestId('recipe-check')).toContainText('No operators yet')
  await expect(app.getByTestId('recipe-check')).not.toHaveClass(/error/)
  await expect(app.getByRole('img', { name: 'unsaved changes' })).toBeHidden()
  await snapshot(app, testInfo, 'recipe-built-on-tweets')
  await app.getByRole('button', { name: 'Run', exact: true }).click()
  await expect(app.getByRole('region', { name: 'Run' }).getByLabel('Output', { exact: true })).toHaveValue(/\/sieve-output\/tweets-clean\.parquet$/)
  await expect(app.getByTestId('run-check')).toContainText('No operators yet')

  // Asked to keep the starter's chain: kept, and its min_len 250 keeps none of the short tweets — said loudly.
  await app.getByRole('button', { name: 'Dataset', exact: true }).click()
  await openRecipeFile(app, join(__dirname, '..', 'resources', 'recipes', 'starter.yaml'))
  await expect(app.getByTestId('recipe-check')).toContainText('3 operators')
  await app.getByRole('button', { name: 'Dataset', exact: true }).click()
  await keep.check()
  await app.getByRole('button', { name: 'Build a recipe on this dataset →' }).click()
  await expect(chainOf(app).getByRole('listitem')).toHaveCount(3)
  await expect(app.getByRole('combobox', { name: 'Text field' })).toHaveValue('text')
  const nothingKept = app.getByTestId('nothing-kept')
  await expect(nothingKept).toContainText('This chain keeps none of the 43 sample rows')
  await expect(nothingKept).toContainText('text_length_filter drops the last 43 of them')
  await expect(nothingKept).toHaveAttribute('role', 'alert')
  await snapshot(app, testInfo, 'recipe-nothing-kept')
  await app.getByRole('button', { name: 'Continue to Run →' }).click()
  await expect(app.getByTestId('run-keeps-nothing')).toContainText('keeps none of the sample rows')

  // The text field lists the recipe's dataset's columns even when another dataset is open.
  await app.getByRole('button', { name: 'Dataset', exact: true }).click()
  await dropFiles(app, [join(__dirname, '..', '..', 'shared', 'data', 'text', 'gsm8k_train.jsonl')])
  await expect(app.getByTestId('dataset-rows')).toHaveText('7,473')
  await app.getByRole('button', { name: 'Recipe', exact: true }).click()
  await expect(app.locator('#recipe-text-field-help')).toContainText('tweets.csv has text, airline_sentiment, airline')
  await expect(app.getByRole('combobox', { name: 'Text field' }).getByRole('option')).toHaveText(['text', 'airline_sentiment', 'airline'])
  await app.getByRole('combobox', { name: 'Text field' }).selectOption('airline')
  await app.getByRole('tab', { name: 'YAML' }).click()
  await expect(app.getByRole('textbox', { name: 'Recipe YAML' })).toHaveValue(/text_keys: airline\b/)
})

test('the language filter’s dropped rows show the language detected and its score', async ({ app }, testInfo) => {
  const tweets = writeTweets(testInfo)
  await expect(app.getByTestId('dataset-rows')).toBeVisible()
  await dropFiles(app, [tweets])
  await expect(app.getByRole('heading', { name: 'tweets.csv' })).toBeVisible()
  await app.getByRole('button', { name: 'Build a recipe on this dataset →' }).click()
  await app.getByRole('button', { name: 'Add language_id_score_filter' }).click()
  await app.getByRole('region', { name: 'Parameters' }).getByLabel('lang', { exact: true }).fill('en')
  const card = app.getByRole('region', { name: /language_id_score_filter/ })
  await expect(card).toContainText('43 → 40 rows')
  await card.getByText('Dropped rows').click()
  await expect(card.getByText(/^lang fr \(score 0\.\d+\) not in en$/)).toHaveCount(2)
  await expect(card.getByText(/^lang de \(score 0\.\d+\) not in en$/)).toHaveCount(1)
  await snapshot(app, testInfo, 'recipe-language-dropped')
})

test('a reload keeps the unsaved recipe (asking first), a recipe with no dataset is not an error, and Undo/Redo cover chain and parameter edits', async ({
  app
}, testInfo) => {
  await openStarterRecipe(app)
  const items = chainOf(app).getByRole('listitem')
  await app.getByRole('button', { name: 'Add alphanumeric_filter' }).click()
  await expect(items).toHaveCount(4)
  await app.getByRole('checkbox', { name: 'Enable alphanumeric_filter' }).uncheck()
  await expect(app.getByRole('img', { name: 'unsaved changes' })).toBeVisible()

  // Reloading asks first (the browser's own prompt); the draft is back after it, disabled operator and all.
  let asked = ''
  app.once('dialog', (dialog) => {
    asked = dialog.type()
    void dialog.accept()
  })
  await app.reload()
  expect(asked).toBe('beforeunload')
  await expect(app.getByTestId('dataset-rows')).toBeVisible()
  await app.getByRole('button', { name: 'Recipe', exact: true }).click()
  await expect(items).toHaveCount(4)
  await expect(items.nth(3)).toHaveAccessibleName('4. alphanumeric_filter (disabled)')
  await expect(app.getByRole('img', { name: 'unsaved changes' })).toBeVisible()
  await expect(app.getByTestId('recipe-check')).toContainText('3 operators')

  // Undo and redo over removes (the Delete key too), from the keyboard.
  await app.getByRole('button', { name: 'Remove document_deduplicator' }).click()
  await expect(items).toHaveCount(3)
  // In a text field (nothing typed since the reload, so the field's own undo has nothing to do) Ctrl+Z is the field's: the chain stays.
  await app
    .getByRole('searchbox', { name: 'Search operators' })
    .or(app.getByRole('textbox', { name: 'Search operators' }))
    .press('Control+z')
  await expect(app.getByRole('button', { name: 'Undo', exact: true })).toBeEnabled()
  await expect(items).toHaveCount(3)
  await items.first().focus()
  await app.keyboard.press('Delete')
  await expect(items).toHaveCount(2)
  await app.keyboard.press('Control+z')
  await expect(items).toHaveCount(3)
  await expect(items.first()).toHaveAccessibleName('1. whitespace_normalization_mapper')
  await app.keyboard.press('Control+z')
  await expect(items).toHaveCount(4)
  await app.keyboard.press('Control+Shift+z')
  await expect(items).toHaveCount(3)
  await app.keyboard.press('Control+y')
  await expect(items).toHaveCount(2)
  await app.keyboard.press('Control+z')
  await app.keyboard.press('Control+z')
  await expect(items).toHaveCount(4)

  // A parameter edit is undone and redone; Ctrl+Z in a text field is the field's own and leaves the recipe alone.
  await chainOf(app).getByText('text_length_filter', { exact: true }).click()
  const minLen = app.getByRole('region', { name: 'Parameters' }).getByLabel('min_len', { exact: true })
  await minLen.fill('99')
  await expect(items.nth(1)).toContainText('min_len 99')
  await app.getByRole('button', { name: 'Undo', exact: true }).click()
  await expect(items.nth(1)).toContainText('min_len 250')
  await expect(minLen).toHaveValue('250')
  await app.getByRole('button', { name: 'Redo', exact: true }).click()
  await expect(minLen).toHaveValue('99')
  await snapshot(app, testInfo, 'recipe-undo-redo')

  // A recipe without a dataset yet is unfinished, not wrong: no red error, and Run says what it needs.
  await app.getByRole('tab', { name: 'YAML' }).click()
  const yaml = app.getByRole('textbox', { name: 'Recipe YAML' })
  await yaml.fill((await yaml.inputValue()).replace(/^dataset_path: .*$/m, "dataset_path: ''"))
  await expect(app.getByTestId('recipe-check')).toContainText('No dataset yet')
  await expect(app.getByTestId('recipe-check')).not.toHaveClass(/error/)
  await expect(app.getByRole('alert')).toHaveCount(0)
  await snapshot(app, testInfo, 'recipe-no-dataset-yet')
})

test('Browse picks the output and the work directory in the path browser', async ({ app }, testInfo) => {
  await openStarterRecipe(app)
  await app.getByRole('button', { name: 'Continue to Run →' }).click()
  const run = app.getByRole('region', { name: 'Run' })
  const folder = testInfo.outputPath('browse')
  mkdirSync(join(folder, 'work-here'), { recursive: true })

  await run.getByLabel('Output', { exact: true }).fill(join(folder, 'first.parquet'))
  await run.getByRole('button', { name: 'Browse for the output' }).click()
  const output = app.getByRole('dialog', { name: 'Choose the output file' })
  const outputPath = output.getByRole('textbox', { name: 'Path of the output file' })
  await expect(outputPath).toHaveValue(join(folder, 'first.parquet'))
  await outputPath.fill(join(folder, 'tweets-clean.parquet'))
  await output.getByRole('button', { name: 'Use this path' }).click()
  await expect(run.getByLabel('Output', { exact: true })).toHaveValue(join(folder, 'tweets-clean.parquet'))

  // Unset, the work directory is browsed from its default, beside the output.
  await expect(app.getByTestId('run-check')).toContainText('tweets-clean.parquet')
  await run.getByRole('button', { name: 'Browse for the work directory' }).click()
  const workDir = app.getByRole('dialog', { name: 'Choose the work directory' })
  await expect(workDir.getByRole('textbox', { name: 'Path of the work directory' })).toHaveValue(join(folder, 'sieve-starter.sieve-work'))
  await workDir.getByRole('textbox', { name: 'Path of the work directory' }).fill(folder)
  await workDir.getByRole('button', { name: 'Browse', exact: true }).click()
  await workDir.getByRole('button', { name: /work-here/ }).dblclick()
  await expect(workDir.getByText(join(folder, 'work-here'))).toBeVisible()
  await snapshot(app, testInfo, 'run-browse-work-dir')
  await workDir.getByRole('button', { name: 'Use this folder' }).click()
  await expect(run.getByLabel('Work directory', { exact: true })).toHaveValue(join(folder, 'work-here'))

  // An output whose folder does not exist yet: the field keeps the path as it is; the listing shows the nearest folder that does.
  const deep = join(folder, 'not', 'yet', 'out.parquet')
  await run.getByLabel('Output', { exact: true }).fill(deep)
  await run.getByRole('button', { name: 'Browse for the output' }).click()
  await expect(output.getByRole('textbox', { name: 'Path of the output file' })).toHaveValue(deep)
  await expect(output.getByRole('button', { name: /work-here/ })).toBeVisible()
  await output.getByRole('button', { name: 'Cancel' }).click()
  await expect(run.getByLabel('Output', { exact: true })).toHaveValue(deep)
})

test('the threshold histogram has axes: the stat’s values along x, row counts up y, in both themes', async ({ app }, testInfo) => {
  await openStarterRecipe(app)
  const card = app.getByRole('region', { name: /text_length_filter/ })
  // The sample's histogram; a whole-dataset one sits beside it when an earlier test analysed this dataset.
  const sample = card.locator('figure.threshold-figure:not(.whole)')
  const xTicks = sample.getByTestId('histogram-x-axis').locator('.histogram-tick')
  await expect.poll(() => xTicks.count()).toBeGreaterThanOrEqual(3)
  const xs = (await xTicks.allTextContents()).map((t) => Number(t.replace(/,/g, '')))
  expect(xs.every((x) => Number.isFinite(x))).toBe(true)
  expect(xs).toEqual([...xs].sort((a, b) => a - b))
  const steps = xs.slice(1).map((x, i) => x - xs[i]!)
  expect(new Set(steps).size).toBe(1)
  const ys = (await sample.getByTestId('histogram-y-axis').locator('.histogram-tick').allTextContents()).map((t) => Number(t.replace(/,/g, '')))
  expect(ys[0]).toBe(0)
  expect(ys.length).toBeGreaterThanOrEqual(2)
  // Ticks sit in order along the axis, left to right and bottom to top.
  const xBoxes = await Promise.all((await xTicks.all()).map((t) => t.boundingBox()))
  expect(xBoxes.map((b) => b!.x)).toEqual(xBoxes.map((b) => b!.x).sort((a, b) => a - b))
  expect(await tickContrast(card)).toBeGreaterThanOrEqual(4.5)
  await snapshot(app, testInfo, 'recipe-histogram-axes')
  await app.emulateMedia({ colorScheme: 'dark' })
  expect(await tickContrast(card)).toBeGreaterThanOrEqual(4.5)
  await snapshot(app, testInfo, 'recipe-histogram-axes-dark')
})

/** The contrast ratio (WCAG) of the histogram's tick labels against the card they are drawn on. */
async function tickContrast(card: Locator): Promise<number> {
  const [text, background] = await card.evaluate((element) => {
    const tick = element.querySelector('.histogram-tick')!
    return [getComputedStyle(tick).color, getComputedStyle(element).backgroundColor]
  })
  const luminance = (css: string): number => {
    const [r, g, b] = (css.match(/[\d.]+/g) ?? []).slice(0, 3).map((v) => {
      const c = Number(v) / 255
      return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4
    })
    return 0.2126 * r! + 0.7152 * g! + 0.0722 * b!
  }
  const [hi, lo] = [luminance(text), luminance(background)].sort((a, b) => b - a)
  return (hi! + 0.05) / (lo! + 0.05)
}
