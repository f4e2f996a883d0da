// A custom Sieve operator (custom_operator_paths): keeps rows whose share of upper-case letters
// among all letters is between min_ratio and max_ratio. Sieve calls the default export with its
// building blocks; the module imports nothing from Sieve.
export default ({ defineOp, RangeFilter }) => {
  class UppercaseRatioFilter extends RangeFilter {
    statKind = 'float'

    computeStat(text) {
      const letters = text.match(/\p{L}/gu) ?? []
      if (letters.length === 0) return 0
      return letters.filter((c) => c !== c.toLowerCase() && c === c.toUpperCase()).length / letters.length
    }
  }

  return defineOp({
    name: 'uppercase_ratio_filter',
    kind: 'filter',
    description: 'Keeps rows whose share of upper-case letters (of all letters) is between min_ratio and max_ratio.',
    statsKey: 'uppercase_ratio',
    params: [
      { name: 'min_ratio', type: 'float', default: 0, min: 0, max: 1, description: 'Lowest share kept.' },
      { name: 'max_ratio', type: 'float', default: 0.5, min: 0, max: 1, description: 'Highest share kept.' }
    ],
    create: (info, params, context) => new UppercaseRatioFilter(info, params, context)
  })
}
