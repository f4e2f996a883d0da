import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { Field, Schema, Struct, Utf8 } from 'apache-arrow'
import { afterAll, describe, expect, it } from 'vitest'
import { parquetRows, recipeFrom, runToEnd } from '../../job/testing-jobs'
import { scratchDir } from '../../testing'
import { rowsToBatch } from '../../io/schema'
import { readStrings, rowObjects } from '../batch'
import { resolveParams } from '../registry'
import { extractTablesFromHtmlMapper } from './extract_tables_from_html_mapper'
import cases from './data-juicer-html-tables-cases.json'

const schema = new Schema([new Field('text', new Utf8(), true)])

/** The mapper as a recipe sets it up: each row's __dj__meta__ after it, and the texts. */
function run(params: Record<string, unknown>, texts: string[], input = schema, rows: unknown[][] = texts.map((t) => [t])) {
  const op = extractTablesFromHtmlMapper.create(resolveParams(extractTablesFromHtmlMapper.info, params), { textKey: 'text' })
  const out = op.process(rowsToBatch(rows, input)).batch
  return { meta: rowObjects(out).map((r) => r.__dj__meta__ as Record<string, unknown>), texts: readStrings(out, 'text') }
}

/**
 * The inputs are the HTML of Data-Juicer's own test (tests/ops/mapper/test_extract_tables_from_html_mapper.py),
 * once and twice, and HTML written to reach the parser's corners (unclosed cells, nested tables,
 * comments, scripts, references, attributes); the expected tables were produced by Data-Juicer's
 * definition with BeautifulSoup 4.11 (Debian's python3-bs4).
 */
describe('extract_tables_from_html_mapper', () => {
  it.each(cases.map(([html, retain, header, tables], i) => [i, String(html).slice(0, 40), { html, retain, header, tables }] as const))(
    'case %i (%s…) as BeautifulSoup and Data-Juicer extract it',
    (_, __, { html, retain, header, tables }) => {
      const { meta, texts } = run({ retain_html_tags: retain, include_header: header }, [html as string])
      expect(meta[0]!.html_tables).toEqual(tables)
      expect(texts).toEqual([html])
    }
  )

  it('writes under its own field name beside the metadata a row has, and leaves a field already there alone', () => {
    const withMeta = new Schema([
      new Field('text', new Utf8(), true),
      new Field('__dj__meta__', new Struct([new Field('source', new Utf8(), true)]), true)
    ])
    const html = '<table><tr><td>x</td></tr></table>'
    const { meta } = run({ tables_field_name: 'tables' }, [], withMeta, [[html, { source: 'web' }]])
    expect(meta).toEqual([{ source: 'web', tables: [[['x']]] }])
    const again = run({ tables_field_name: 'source' }, [], withMeta, [[html, { source: 'web' }]])
    expect(again.meta).toEqual([{ source: 'web' }])
  })
})

describe('extract_tables_from_html_mapper in a job', () => {
  const scratch = scratchDir('html-tables')
  afterAll(() => scratch.remove())

  it('exports the tables in __dj__meta__ beside the text, through Parquet', async () => {
    const input = join(scratch.path, 'pages.jsonl')
    const pages = ['<table><tr><th>k</th><th>v</th></tr><tr><td>a</td><td>1</td></tr></table>', '<p>none</p>']
    writeFileSync(input, pages.map((text) => JSON.stringify({ text })).join('\n') + '\n')
    const recipe = recipeFrom(
      `dataset_path: ${input}\nexport_path: ${scratch.path}/out.parquet\nprocess:\n  - extract_tables_from_html_mapper:\n`,
      scratch.path
    )
    await runToEnd(recipe)
    expect(await parquetRows(recipe.export_path)).toEqual([
      {
        text: pages[0],
        __dj__meta__: {
          html_tables: [
            [
              ['k', 'v'],
              ['a', '1']
            ]
          ]
        }
      },
      { text: pages[1], __dj__meta__: { html_tables: [] } }
    ])
  })
})
