import { describe, expect, it } from 'vitest'
import { textColumns } from './dataset-fields'
import type { DatasetSummary } from './features/dataset/dataset-slice'

const summary = (schema: [string, string][]): DatasetSummary =>
  ({ schema: schema.map(([name, type]) => ({ name, type, nullable: true })) }) as DatasetSummary

describe('the text columns of a dataset', () => {
  it('are its string columns, `text` first; a struct or list holding strings is not one', () => {
    const columns = textColumns(
      summary([
        ['id', 'Int64'],
        ['title', 'Utf8'],
        ['meta', 'Struct<{text:Utf8}>'],
        ['tags', 'List<Utf8>'],
        ['text', 'LargeUtf8'],
        ['lang', 'Dictionary<Int32, Utf8>']
      ])
    )
    expect(columns).toEqual(['text', 'title', 'lang'])
  })
})
