import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { parseRecipe } from '../job/recipe'
import { corpusRecipe, parquetRows, recipeFrom, runToEnd } from '../job/testing-jobs'
import { scratchDir } from '../testing'
import { ARXIV_CHAIN_RESULTS, ICML_TEX, SIGCONF_TEX } from './mappers/testing-latex'

const scratch = scratchDir('dj-configs')
afterAll(() => scratch.remove())

/** The operators of Data-Juicer's configs/reproduced_redpajama/redpajama-arxiv.yaml, as written there. */
const ARXIV_PROCESS = `process:
  - remove_header_mapper:
      drop_no_head: true
  - remove_comments_mapper:
      doc_type: ['md', 'tex']
      inline: true
      multiline: true
  - remove_bibliography_mapper:
  - expand_macro_mapper:
  - text_length_filter:
      min_len: 1
`

/** The operators of Data-Juicer's configs/demo/dedup-ray-bts.yaml, as written there. */
const RAY_BTS_PROCESS = `  - language_id_score_filter:
      lang: en
      min_score: 0.5
  - ray_bts_minhash_deduplicator:
      tokenization: 'character'
      lowercase: true
      union_find_parallel_num: 2
`

describe("Data-Juicer's own configs that use the LaTeX mappers and the Ray deduplicator", () => {
  it('redpajama-arxiv cleans LaTeX papers as the Data-Juicer operators chained do', async () => {
    const input = join(scratch.path, 'papers.jsonl')
    writeFileSync(input, [SIGCONF_TEX, ICML_TEX, 'no LaTeX here'].map((text) => JSON.stringify({ text })).join('\n') + '\n')
    const recipe = recipeFrom(
      `project_name: arXiv\ndataset_path: ${input}\nexport_path: ${scratch.path}/arxiv.parquet\nnp: 2\n${ARXIV_PROCESS}`,
      scratch.path
    )
    await runToEnd(recipe)
    expect((await parquetRows(recipe.export_path)).map((r) => r.text)).toEqual([...ARXIV_CHAIN_RESULTS, 'no LaTeX here'])
  })

  it('dedup-ray-bts runs on this machine and says its cluster setting is ignored', async () => {
    const yaml = `project_name: demo-dedup-ray-bts\ndataset_path: data.jsonl\nexport_path: out.jsonl\nprocess:\n${RAY_BTS_PROCESS}`
    expect(parseRecipe(yaml, scratch.path).notes).toEqual([
      "'ray_bts_minhash_deduplicator.union_find_parallel_num' has no effect in Sieve (a setting of Data-Juicer's distributed union-find on a Ray cluster: Sieve clusters on this machine); it is kept in the recipe and ignored."
    ])
    const recipe = corpusRecipe(scratch.path, 'bts', 2, RAY_BTS_PROCESS)
    const { outcome } = await runToEnd(recipe)
    expect(outcome.failed).toEqual([])
    const rows = await parquetRows(recipe.export_path)
    expect(rows.length).toBeGreaterThan(0)
    expect(new Set(rows.map((r) => r.text)).size).toBe(rows.length)
  })
})
