/**
 * One numeric stat (or column) of one partition: its values collected, then sorted and summed into
 * the mergeable part (count, sum, mean and M2 for the variance, min, max) and the sorted run that the
 * global step merges with the other partitions' runs for exact quantiles.
 */

export interface NumericPartial {
  kind: 'numeric'
  count: number
  missing: number
  /** Neumaier-compensated sum: the mean of many values stays exact to the last digits. */
  sum: number
  /** Sum of squared deviations from this partition's mean (Welford), merged by Chan's formula. */
  m2: number
  min: number
  max: number
  /** Every value is a whole number: the histogram can give each value its own bin. */
  integers: boolean
  /** Where the sorted run lies in the partial file's data section, in values. */
  offset: number
}

export class NumericValues {
  private values = new Float64Array(1024)
  private length = 0
  private missing = 0

  add(value: unknown): void {
    const v = typeof value === 'number' ? value : typeof value === 'bigint' ? Number(value) : typeof value === 'boolean' ? Number(value) : NaN
    if (Number.isNaN(v)) {
      this.missing++
      return
    }
    if (this.length === this.values.length) {
      const grown = new Float64Array(this.values.length * 2)
      grown.set(this.values)
      this.values = grown
    }
    this.values[this.length++] = v
  }

  addMissing(n = 1): void {
    this.missing += n
  }

  /** The summary and the sorted run; `offset` is where the caller puts the run. */
  finish(offset: number): { partial: NumericPartial; run: Float64Array } {
    const run = this.values.slice(0, this.length).sort()
    let sum = 0
    let compensation = 0
    let integers = true
    for (const v of run) {
      const t = sum + v
      compensation += Math.abs(sum) >= Math.abs(v) ? sum - t + v : v - t + sum
      sum = t
      if (integers && !Number.isInteger(v)) integers = false
    }
    sum += compensation
    const count = run.length
    const mean = count > 0 ? sum / count : 0
    let m2 = 0
    for (const v of run) m2 += (v - mean) * (v - mean)
    const partial: NumericPartial = {
      kind: 'numeric',
      count,
      missing: this.missing,
      sum,
      m2,
      min: count > 0 ? run[0]! : 0,
      max: count > 0 ? run[count - 1]! : 0,
      integers,
      offset
    }
    return { partial, run }
  }
}
