import { describe, expect, it } from 'vitest'
import { datasetStem } from './dataset-output'

describe('the name an output is named after', () => {
  it('is the file name without its data and compression extensions', () => {
    expect(datasetStem(['/data/Tweets.csv'])).toBe('Tweets')
    expect(datasetStem(['/data/gsm8k_train.jsonl'])).toBe('gsm8k_train')
    expect(datasetStem(['/data/part.jsonl.gz'])).toBe('part')
    expect(datasetStem(['C:\\data\\web.parquet'])).toBe('web')
    expect(datasetStem(['/data/notes.v2.jsonl.zst'])).toBe('notes.v2')
  })

  it("is a folder's or a glob's folder name, and the first path's of several", () => {
    expect(datasetStem(['/data/corpus/'])).toBe('corpus')
    expect(datasetStem(['/data/corpus/*.jsonl'])).toBe('corpus')
    expect(datasetStem(['/data/a.csv', '/data/b.csv'])).toBe('a')
  })

  it('makes a name a file can carry', () => {
    expect(datasetStem(['/data/my tweets (2024).csv'])).toBe('my-tweets-2024')
    expect(datasetStem(['/data/.csv'])).toBe('dataset')
    expect(datasetStem([])).toBe('dataset')
  })
})
