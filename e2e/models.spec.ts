import { mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { expect, openBrowserPage, ROOT, startServe, test } from './fixtures'
import { openRecipeFile } from './recipes'

const PORT = 47411
const TOKEN = 'e2e-models-token-3b8e21'
const FIXTURES = join(ROOT, 'src', 'engine', 'models', 'fixtures')

test('a recipe that needs models: the recipe check names them, Choose file adds each to the model store, and the check and preview pass', async () => {
  const testInfo = test.info()
  test.setTimeout(120_000)
  const dir = testInfo.outputPath('models')
  mkdirSync(dir, { recursive: true })
  const dataset = join(dir, 'docs.jsonl')
  const texts = readFileSync(join(FIXTURES, 'eval.txt'), 'utf8').trim().split('\n')
  writeFileSync(dataset, texts.map((text) => JSON.stringify({ text })).join('\n') + '\n')
  const recipe = join(dir, 'ppl.yaml')
  writeFileSync(
    recipe,
    `project_name: ppl\ndataset_path: ${dataset}\nexport_path: ${join(dir, 'out.jsonl')}\nprocess:\n  - perplexity_filter:\n      max_ppl: 100\n`
  )
  const server = await startServe(join(dir, 'home'), PORT, TOKEN)
  const window = await openBrowserPage(`http://127.0.0.1:${PORT}/?token=${TOKEN}`)
  try {
    const app = window.page
    await expect(app.getByTestId('dataset-rows')).toBeVisible()
    await openRecipeFile(app, recipe)

    const check = app.getByTestId('recipe-check')
    await expect(check).toContainText('not in the model store')
    await expect(check).toContainText("get it with 'sieve models fetch en.sp.model'")
    const missing = check.getByRole('list', { name: 'Missing models' })
    await expect(missing.getByRole('listitem')).toHaveCount(2)

    for (const [name, file] of [
      ['en.sp.model', 'tiny.model'],
      ['en.arpa.bin', 'tiny.probing.bin']
    ] as const) {
      await missing.getByRole('listitem').filter({ hasText: name }).getByRole('button', { name: 'Choose file…' }).click()
      const choose = app.getByRole('dialog', { name: `Choose the file of ${name}` })
      await choose.getByRole('textbox', { name: `Path to the model file for ${name}` }).fill(join(FIXTURES, file))
      await choose.getByRole('button', { name: 'Add to the model store' }).click()
    }
    await expect(check).toContainText('1 operator')
    // The preview now scores the rows: as many kept as IRSTLM's perplexities are at most max_ppl
    // (the binary model is KenLM's build_binary of the ARPA file IRSTLM scored, and scores the same).
    const kept = readFileSync(join(FIXTURES, 'eval.ppl.txt'), 'utf8')
      .trim()
      .split('\n')
      .filter((line) => Number(line.split(' ')[1]) <= 100).length
    await expect(app.getByTestId('kept-share-0')).toContainText(`${kept} of ${texts.length} rows reaching it`)
  } finally {
    await window.close()
    server.kill('SIGTERM')
  }
})
