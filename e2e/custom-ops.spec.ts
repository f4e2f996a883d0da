import { mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import type { Page } from '@playwright/test'
import { expect, ROOT, test } from './fixtures'
import { openRecipeFile, writeRecipe } from './recipes'

/** The sample custom operators Sieve ships (resources/custom-ops), as a recipe's custom_operator_paths name them. */
const SAMPLES = join(ROOT, 'resources', 'custom-ops')
const STRIP_SIGNATURE = join(SAMPLES, 'strip_signature_mapper.mjs')
const UPPERCASE_RATIO = join(SAMPLES, 'uppercase_ratio_filter.mjs')
const DIGIT_RATIO = join(SAMPLES, 'digit_ratio_filter.ts')

const TEXTS = ['Hello there\n-- \nBob', 'ALL CAPS HERE', 'Plain words', 'Thanks, see you\n-- \nAlice\nSent from my phone']

function writeDataset(dir: string): string {
  mkdirSync(dir, { recursive: true })
  const path = join(dir, 'mail.jsonl')
  writeFileSync(path, TEXTS.map((text) => JSON.stringify({ text })).join('\n') + '\n')
  return path
}

const palette = (app: Page) => app.getByRole('complementary', { name: 'Operators' })
const parameters = (app: Page) => app.getByRole('region', { name: 'Parameters' })
/** An operator's card in the preview: the region its heading (position, name, kind) names. */
const step = (app: Page, name: string) => app.getByRole('region', { name: 'Preview' }).getByRole('region', { name: new RegExp(name) })

test('a recipe with custom_operator_paths: its custom operators are in the palette, with their declared parameters in the form, and the preview runs them', async ({
  app
}, testInfo) => {
  const dir = testInfo.outputPath('custom-ops')
  const recipe = writeRecipe(
    dir,
    'mail',
    writeDataset(dir),
    [`export_path: ${join(dir, 'out.jsonl')}`, `custom_operator_paths: [${STRIP_SIGNATURE}, ${UPPERCASE_RATIO}]`],
    ['strip_signature_mapper:', 'uppercase_ratio_filter:']
  )
  await expect(app.getByTestId('dataset-rows')).toBeVisible()
  await openRecipeFile(app, recipe)
  await expect(app.getByTestId('recipe-check')).toContainText('2 operators')

  // The palette lists each custom operator under its kind, with its module's description, to add like any other.
  const search = palette(app).getByRole('searchbox', { name: 'Search operators' })
  await search.fill('signature')
  const mappers = palette(app).getByRole('region', { name: 'Mappers' })
  await expect(mappers.getByRole('listitem')).toHaveCount(1)
  await expect(mappers.getByRole('listitem')).toContainText('Removes the signature: the line that is exactly the delimiter, and everything after it.')
  await search.fill('upper-case')
  await expect(palette(app).getByRole('region', { name: 'Filters' }).getByRole('button', { name: 'Add uppercase_ratio_filter' })).toBeVisible()
  await search.fill('')
  await expect(palette(app).getByRole('alert')).toHaveCount(0)

  // The form shows the parameters each module declares, with their defaults (as placeholders: the recipe leaves them unset).
  const chain = app.getByRole('list', { name: 'Chain' })
  await chain.getByRole('listitem', { name: '2. uppercase_ratio_filter' }).click()
  await expect(parameters(app)).toContainText('Parameters of uppercase_ratio_filter')
  await expect(parameters(app).getByLabel('min_ratio', { exact: true })).toHaveAttribute('placeholder', '0')
  await expect(parameters(app).getByLabel('max_ratio', { exact: true })).toHaveAttribute('placeholder', '0.5')
  await chain.getByRole('listitem', { name: '1. strip_signature_mapper' }).click()
  const delimiter = parameters(app).getByLabel('delimiter', { exact: true })
  await expect(delimiter).toHaveAttribute('placeholder', '-- ')

  // The preview runs them: the mapper cuts both signatures, the filter drops the shouting row with its stat.
  const mapper = step(app, 'strip_signature_mapper')
  await expect(mapper).toContainText('4 → 4 rows')
  await mapper.getByText('Changed rows').click()
  const changed = mapper.getByRole('listitem')
  await expect(changed).toHaveCount(2)
  await expect(changed.first().locator('del')).toContainText('Bob')
  await expect(changed.first().locator('ins')).toHaveCount(0)
  const filter = step(app, 'uppercase_ratio_filter')
  await expect(filter).toContainText('4 → 3 rows')
  await filter.getByText('Dropped rows').click()
  await expect(filter.getByRole('listitem')).toHaveText([/uppercase_ratio 1 > max_ratio 0\.5\s*ALL CAPS HERE/])

  // A parameter of the custom operator, changed in the form, changes what the preview shows.
  await delimiter.fill('--')
  await expect(mapper).toContainText('Changes none of these rows.')
})

test('a broken custom operator module: the palette still lists Sieve’s operators and the TypeScript module that loads, and names the file', async ({
  app
}, testInfo) => {
  const dir = testInfo.outputPath('broken-custom-op')
  const broken = join(dir, 'broken_op.mjs')
  const recipe = writeRecipe(
    dir,
    'broken',
    writeDataset(dir),
    [`export_path: ${join(dir, 'out.jsonl')}`, `custom_operator_paths: [${DIGIT_RATIO}, ${broken}]`],
    ['whitespace_normalization_mapper:']
  )
  writeFileSync(broken, 'export default () => 42\n')
  await expect(app.getByTestId('dataset-rows')).toBeVisible()
  await openRecipeFile(app, recipe)
  const problem = palette(app).getByRole('alert')
  await expect(problem).toContainText('Custom operators not loaded')
  await expect(problem).toContainText(`Custom operator module ${broken} must return defineOp({ … })`)
  await expect(palette(app).getByRole('button', { name: 'Add text_length_filter' })).toBeVisible()
  await expect(palette(app).getByRole('button', { name: 'Add digit_ratio_filter' })).toBeVisible()
  await expect(app.getByTestId('recipe-check')).toContainText(broken)

  // Fixed on disk, Try again lists its operator; the TypeScript filter, added, runs in the preview.
  writeFileSync(broken, readFileSync(STRIP_SIGNATURE, 'utf8'))
  await problem.getByRole('button', { name: 'Try again' }).click()
  await expect(palette(app).getByRole('alert')).toHaveCount(0)
  await expect(palette(app).getByRole('button', { name: 'Add strip_signature_mapper' })).toBeVisible()
  await palette(app).getByRole('button', { name: 'Add digit_ratio_filter' }).click()
  await app.getByRole('list', { name: 'Chain' }).getByRole('listitem', { name: '2. digit_ratio_filter' }).click()
  await parameters(app).getByLabel('min_ratio', { exact: true }).fill('0.01')
  const filter = step(app, 'digit_ratio_filter')
  await expect(filter).toContainText('4 → 0 rows')
  await filter.getByText('Dropped rows').click()
  await expect(filter.getByRole('listitem').first()).toContainText('digit_ratio 0 < min_ratio 0.01')
})
