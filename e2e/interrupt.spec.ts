import { spawnSync } from 'node:child_process'
import { existsSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { DuckDBInstance } from '@duckdb/node-api'
import { expect, openBrowserPage, ROOT, snapshot, startServe, test } from './fixtures'
import { generateCorpus, openRecipeFile, startButton } from './recipes'

const PORT = 47393
const TOKEN = 'e2e-interrupt-token-7d1c55'

async function exportRows(path: string): Promise<unknown[]> {
  const db = await DuckDBInstance.create(':memory:')
  const c = await db.connect()
  return (await c.runAndReadAll(`SELECT text FROM read_parquet('${path}', file_row_number = true) ORDER BY file_row_number`)).getRows()
}

test('kill the backend mid-job: after a restart the job is listed as interrupted, Resume completes it, and its export equals an uninterrupted run', async () => {
  const testInfo = test.info()
  test.setTimeout(240_000)
  const dir = testInfo.outputPath('killed-backend')
  mkdirSync(dir, { recursive: true })
  const corpus = join(dir, 'corpus.jsonl')
  generateCorpus(corpus, 30000, 5)
  const recipe = (name: string): string => {
    const path = join(dir, `${name}.yaml`)
    writeFileSync(
      path,
      [
        `project_name: ${name}`,
        `dataset_path: ${corpus}`,
        `export_path: ${join(dir, name, 'out.parquet')}`,
        `work_dir: ${join(dir, name, 'work')}`,
        'np: 1',
        'partition_size: 1500',
        'process:',
        '  - whitespace_normalization_mapper:',
        '  - text_length_filter: {min_len: 50}',
        '  - alphanumeric_filter: {min_ratio: 0.25}',
        '  - document_deduplicator:'
      ].join('\n')
    )
    return path
  }
  const reference = spawnSync(process.execPath, [join(ROOT, 'bin', 'sieve'), 'run', recipe('reference')], { encoding: 'utf8' })
  expect(reference.status, reference.stderr).toBe(0)

  const home = join(dir, 'home')
  let server = await startServe(home, PORT, TOKEN)
  let window = await openBrowserPage(`http://127.0.0.1:${PORT}/?token=${TOKEN}`)
  try {
    // Start the job from the window: open its recipe, run it.
    const app = window.page
    await expect(app.getByTestId('dataset-rows')).toBeVisible()
    await openRecipeFile(app, recipe('killed'))
    await expect(app.getByTestId('recipe-check')).toContainText('4 operators')
    await app.getByRole('button', { name: 'Continue to Run →' }).click()
    await startButton(app).click()
    await expect(app.getByTestId('job-status')).toHaveText('running')

    // SIGKILL the backend once a few partitions have published their keys, well before the end.
    const results = join(dir, 'killed', 'work', 'checkpoints')
    await expect.poll(() => (existsSync(results) ? readdirSync(results).length : 0), { timeout: 60_000, intervals: [20] }).toBeGreaterThanOrEqual(4)
    server.kill('SIGKILL')
    await new Promise((r) => server.once('exit', r))
    await snapshot(app, testInfo, 'backend-killed')
    await window.close()

    // Start it again: the window opens on the jobs, the killed one interrupted, with Resume.
    server = await startServe(home, PORT, TOKEN)
    window = await openBrowserPage(`http://127.0.0.1:${PORT}/?token=${TOKEN}`)
    const again = window.page
    const jobs = again.getByRole('table', { name: 'Jobs' })
    const row = jobs.getByRole('row', { name: /killed/ })
    await expect(row).toContainText('interrupted')
    await snapshot(again, testInfo, 'jobs-interrupted')
    await row.getByRole('button', { name: /^Resume/ }).click()
    const confirm = again.getByRole('dialog', { name: /^Resume/ })
    await expect(confirm.getByRole('list', { name: 'What resume will do' })).toBeVisible()
    await snapshot(again, testInfo, 'resume-plan')
    await confirm.getByRole('button', { name: 'Resume', exact: true }).click()
    await expect(again.getByTestId('job-status')).toHaveText('completed', { timeout: 120_000 })
    await snapshot(again, testInfo, 'resumed-report')
  } finally {
    await window.close()
    server.kill('SIGTERM')
  }
  expect(await exportRows(join(dir, 'killed', 'out.parquet'))).toEqual(await exportRows(join(dir, 'reference', 'out.parquet')))
})
