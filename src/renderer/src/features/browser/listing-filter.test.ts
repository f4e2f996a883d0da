import { describe, expect, it } from 'vitest'
import type { DirectoryEntry } from '../../../../shared/dataset'
import { defaultTypeFilter, liveTarget, visibleEntries } from './listing-filter'

const entry = (name: string, kind: 'file' | 'directory' = 'file'): DirectoryEntry => ({ name, path: `/d/${name}`, kind, sizeBytes: 1, modifiedMs: 0 })
const FOLDER = [
  entry('text', 'directory'),
  entry('Tables', 'directory'),
  entry('a.jsonl'),
  entry('b.csv.zst'),
  entry('c.parquet'),
  entry('recipe.yaml'),
  entry('notes.pdf'),
  entry('train.JSONL.gz'),
  entry('main.py'),
  entry('Dockerfile'),
  entry('.bashrc')
]
const names = (entries: DirectoryEntry[]): string[] => entries.map((e) => e.name)

describe('the path browser listing', () => {
  it('lists the folder a typed path is in, narrowed to the names it starts', () => {
    expect(liveTarget('/work/shared/data/te')).toEqual({ dir: '/work/shared/data', prefix: 'te' })
    expect(liveTarget('/work/shared/data/')).toEqual({ dir: '/work/shared/data', prefix: '' })
    expect(liveTarget('/wo')).toEqual({ dir: '/', prefix: 'wo' })
    expect(liveTarget('C:\\Users\\me\\Do')).toEqual({ dir: 'C:\\Users\\me', prefix: 'Do' })
    expect(liveTarget('C:\\')).toEqual({ dir: 'C:\\', prefix: '' })
    expect(liveTarget('relative.jsonl')).toEqual({ dir: '', prefix: '' })
  })

  it('shows folders and the files of the chosen type', () => {
    expect(names(visibleEntries(FOLDER, 'datasets', ''))).toEqual([
      'text',
      'Tables',
      'a.jsonl',
      'b.csv.zst',
      'c.parquet',
      'train.JSONL.gz',
      'main.py',
      'Dockerfile'
    ])
    expect(names(visibleEntries(FOLDER, 'parquet', ''))).toEqual(['text', 'Tables', 'c.parquet'])
    expect(names(visibleEntries(FOLDER, 'recipes', ''))).toEqual(['text', 'Tables', 'recipe.yaml'])
    expect(visibleEntries(FOLDER, 'all', '')).toHaveLength(FOLDER.length)
  })

  it('narrows to a typed start in any case', () => {
    expect(names(visibleEntries(FOLDER, 'all', 't'))).toEqual(['text', 'Tables', 'train.JSONL.gz'])
    expect(names(visibleEntries(FOLDER, 'datasets', 'TR'))).toEqual(['train.JSONL.gz'])
    expect(visibleEntries(FOLDER, 'all', 'zzz')).toEqual([])
  })

  it('opens with the type its purpose chooses', () => {
    expect(defaultTypeFilter('open')).toBe('datasets')
    expect(defaultTypeFilter('open-recipe')).toBe('recipes')
    expect(defaultTypeFilter('save-recipe')).toBe('recipes')
  })
})
