import { execFileSync } from 'node:child_process'
import { writeFileSync } from 'node:fs'
import { join, resolve } from 'node:path'
import type { Page } from '@playwright/test'
import { ROOT } from './fixtures'

/** What the job specs share: a generated corpus, a recipe file written for it, and that file opened in the window. */
const GEN_CORPUS = resolve(ROOT, '..', 'shared', 'tools', 'gen-corpus.mjs')

/** A web-like JSONL corpus of `rows` documents at `path` (the same for the same seed). */
export function generateCorpus(path: string, rows: number, seed: number): string {
  execFileSync(process.execPath, [GEN_CORPUS, '--rows', String(rows), '--seed', String(seed), '--out', path])
  return path
}

/** A recipe file `<name>.yaml` in `dir` over `dataset`, with these settings (lines of YAML) and operators. */
export function writeRecipe(dir: string, name: string, dataset: string, settings: string[], operators: string[]): string {
  const path = join(dir, `${name}.yaml`)
  writeFileSync(path, [`dataset_path: ${dataset}`, ...settings, 'process:', ...operators.map((op) => `  - ${op}`)].join('\n') + '\n')
  return path
}

/** Opens a recipe file through the recipe builder's Open recipe… dialog (what the window then shows is the caller's to check). */
export async function openRecipeFile(app: Page, path: string): Promise<void> {
  await app.getByRole('button', { name: 'Recipe', exact: true }).click()
  await app.getByRole('button', { name: 'Open recipe…' }).click()
  const dialog = app.getByRole('dialog', { name: 'Open a recipe' })
  await dialog.getByRole('textbox', { name: 'Path to a recipe file' }).fill(path)
  await dialog.getByRole('button', { name: 'Open', exact: true }).click()
}

/** The Run view's Start button. */
export const startButton = (app: Page) => app.getByRole('region', { name: 'Run' }).getByRole('button', { name: 'Start' })
