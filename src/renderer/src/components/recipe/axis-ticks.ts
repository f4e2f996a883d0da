import { formatCount } from '../../format'

/** An axis tick: where it is on the axis and what its label says. */
export interface Tick {
  value: number
  label: string
}

/**
 * Round-numbered ticks across [lo, hi]: about `target` of them, a step of 1, 2 or 5 times a power
 * of ten (whole steps for counts), each labelled with as many decimals as the step needs.
 */
export function axisTicks(lo: number, hi: number, target: number, integer = false): Tick[] {
  if (!Number.isFinite(lo) || !Number.isFinite(hi) || hi <= lo) return Number.isFinite(lo) ? [{ value: lo, label: formatCount(lo) }] : []
  const raw = (hi - lo) / Math.max(1, target)
  const magnitude = 10 ** Math.floor(Math.log10(raw))
  const norm = raw / magnitude
  let step = (norm < 1.5 ? 1 : norm < 3 ? 2 : norm < 7 ? 5 : 10) * magnitude
  if (integer) step = Math.max(1, Math.round(step))
  const decimals = Math.max(0, -Math.floor(Math.log10(step) + 1e-9))
  const ticks: Tick[] = []
  // Counted in steps, not summed, so a tenth of a step never creeps in.
  for (let i = Math.ceil(lo / step - 1e-9); i * step <= hi + step * 1e-9; i++) {
    const value = Number((i * step).toFixed(decimals))
    ticks.push({ value, label: decimals === 0 ? formatCount(value) : value.toFixed(decimals) })
  }
  return ticks
}
