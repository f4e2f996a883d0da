import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import './ops/testing-throw-op'
import { runPreview } from './preview'
import { scratchDir } from './testing'

const scratch = scratchDir('preview-common')
afterAll(() => scratch.remove())

describe("the preview honours operators' common arguments", () => {
  it('shows the rows an operator failed on as dropped, with the error, and reads an operator’s own text_key', async () => {
    const path = join(scratch.path, 'in.jsonl')
    const rows = ['fine one', 'a BOOM here', 'fine two'].map((text, id) => ({ id, text, title: `title ${id}` }))
    writeFileSync(path, rows.map((r) => JSON.stringify(r)).join('\n') + '\n')
    const result = await runPreview({
      path,
      textKey: 'text',
      rows: 100,
      process: [
        { name: 'testing_throw_mapper', params: null },
        { name: 'testing_throw_mapper', params: { text_key: 'title', marker: 'never' } }
      ]
    })
    const [failing, titled] = result.steps
    expect(failing).toMatchObject({
      rowsIn: 3,
      rowsOut: 2,
      dropped: [{ text: 'a BOOM here', reason: "testing_throw_mapper failed on this row: cannot take 'BOOM'" }]
    })
    expect(titled!.changed).toEqual([
      { before: 'title 0', after: 'TITLE 0' },
      { before: 'title 2', after: 'TITLE 2' }
    ])
  })
})
