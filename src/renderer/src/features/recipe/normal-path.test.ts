import { describe, expect, it } from 'vitest'
import { normalPath } from './normal-path'

describe('normalPath', () => {
  it('walks . and .. so a recipe-relative dataset path matches the open dataset', () => {
    expect(normalPath('/work/main/resources/recipes/../sample/gsm8k.jsonl')).toBe('/work/main/resources/sample/gsm8k.jsonl')
    expect(normalPath('/a/./b//c')).toBe('/a/b/c')
    expect(normalPath('C:\\data\\x\\..\\y.csv')).toBe('C:/data/y.csv')
    expect(normalPath('../../x')).toBe('../../x')
  })
})
