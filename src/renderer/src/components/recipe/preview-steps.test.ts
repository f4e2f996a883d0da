import { describe, expect, it } from 'vitest'
import type { PreviewStep } from '../../../../shared/preview'
import type { ChainItem } from '../../features/recipe/recipe-draft'
import { pairStepsWithChain } from './preview-steps'

const step = (name: string): PreviewStep => ({ name, kind: 'filter', rowsIn: 1, rowsOut: 1, millis: 1, dropped: [], changed: [], clusters: [] })
const item = (id: string, name: string, enabled = true): ChainItem => ({ id, name, params: {}, enabled })

describe('pairing preview steps with chain items', () => {
  it('skips disabled items, giving each step its place in the whole chain', () => {
    const chain = [item('a', 'm'), item('b', 'f', false), item('c', 'd')]
    const paired = pairStepsWithChain([step('m'), step('d')], chain)
    expect(paired.map((p) => [p.item?.id, p.chainIndex])).toEqual([
      ['a', 0],
      ['c', 2]
    ])
  })

  it('leaves a step unpaired when the chain changed since the preview ran', () => {
    const paired = pairStepsWithChain([step('m'), step('f')], [item('a', 'm'), item('c', 'd')])
    expect(paired.map((p) => p.chainIndex)).toEqual([0, null])
    expect(pairStepsWithChain([step('m')], [])[0]!.item).toBeNull()
  })
})
