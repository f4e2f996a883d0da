// A custom Sieve operator in TypeScript: keeps rows whose share of digits among all characters is
// between min_ratio and max_ratio. Sieve compiles a .ts or .mts module when it loads it (types are
// removed, not checked). The module imports nothing from Sieve, so it types the building blocks it
// uses itself.
interface Building {
  defineOp(declaration: object): unknown
  RangeFilter: abstract new (info: unknown, params: unknown, context: unknown) => object
}

export default ({ defineOp, RangeFilter }: Building): unknown => {
  class DigitRatioFilter extends RangeFilter {
    readonly statKind = 'float'

    computeStat(text: string): number {
      const characters = [...text].length
      return characters === 0 ? 0 : (text.match(/\p{Nd}/gu) ?? []).length / characters
    }
  }

  return defineOp({
    name: 'digit_ratio_filter',
    kind: 'filter',
    description: 'Keeps rows whose share of digits (any script) among all characters is between min_ratio and max_ratio.',
    statsKey: 'digit_ratio',
    params: [
      { name: 'min_ratio', type: 'float', default: 0, min: 0, max: 1, description: 'Lowest share kept.' },
      { name: 'max_ratio', type: 'float', default: 0.2, min: 0, max: 1, description: 'Highest share kept.' }
    ],
    create: (info: unknown, params: unknown, context: unknown) => new DigitRatioFilter(info, params, context)
  })
}
