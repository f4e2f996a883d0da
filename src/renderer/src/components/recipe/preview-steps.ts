import type { PreviewStep } from '../../../../shared/preview'
import type { ChainItem } from '../../features/recipe/recipe-draft'

export interface PairedStep {
  step: PreviewStep
  /** The chain item the step previewed, or null when the result is older than the chain's last edit. */
  item: ChainItem | null
  /** Its position in the whole chain, disabled items included. */
  chainIndex: number | null
}

/** The preview ran the enabled items in order: step i is the i-th enabled item, if it still has that name. */
export function pairStepsWithChain(steps: PreviewStep[], chain: ChainItem[]): PairedStep[] {
  const enabled = chain.map((item, chainIndex) => ({ item, chainIndex })).filter((e) => e.item.enabled)
  return steps.map((step, i) => {
    const match = enabled[i]
    return match !== undefined && match.item.name === step.name ? { step, ...match } : { step, item: null, chainIndex: null }
  })
}

/** Milliseconds as a person reads them: one decimal below 10. */
export function formatMillis(ms: number): string {
  return ms < 10 ? ms.toFixed(1) : Math.round(ms).toLocaleString('en-US')
}
