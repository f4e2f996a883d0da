import { listOps, opsCoverage, type OpsCoverage } from '../../engine'

/** Each Data-Juicer operator, by kind: whether Sieve has it, and why not. */
function coverageLines(coverage: OpsCoverage): string[] {
  const lines = [
    `Data-Juicer's operators (ops.json at commit ${coverage.data_juicer_commit.slice(0, 9)}): ${coverage.in_sieve} of ${coverage.total} in Sieve.`
  ]
  const width = Math.max(...coverage.ops.map((op) => op.name.length))
  for (const { kind, total, in_sieve } of coverage.kinds) {
    lines.push('', `${kind}s: ${in_sieve} of ${total} in Sieve`)
    for (const op of coverage.ops.filter((o) => o.kind === kind)) {
      const missingParams =
        op.params_not_in_sieve !== undefined && op.params_not_in_sieve.length > 0 ? ` (lacks ${op.params_not_in_sieve.join(', ')})` : ''
      lines.push(`  ${op.name.padEnd(width)}  ${op.in_sieve ? `in Sieve${missingParams}` : `missing: ${op.missing_because}`}`)
    }
  }
  if (coverage.sieve_only.length > 0) lines.push('', `Sieve only: ${coverage.sieve_only.join(', ')}`)
  return lines
}

export function opsCommand(json: boolean, coverageOnly = false): number {
  if (json) {
    // One object per line, as every --json output is one object per line.
    const objects = coverageOnly ? opsCoverage().ops : listOps()
    for (const o of objects) process.stdout.write(`${JSON.stringify(o)}\n`)
    return 0
  }
  const lines: string[] = []
  if (!coverageOnly) {
    for (const op of listOps()) {
      const custom = op.source !== undefined ? `, custom: ${op.source}` : ''
      lines.push(`${op.name}  (${op.kind}${op.statsKey !== undefined ? `, stat ${op.statsKey}` : ''}${custom})`)
      lines.push(`    ${op.description}`)
      for (const p of op.params) {
        const range = [p.min !== undefined ? `≥ ${p.min}` : '', p.max !== undefined ? `≤ ${p.max}` : ''].filter(Boolean).join(', ')
        const choices = p.choices !== undefined ? ` one of ${p.choices.join('|')}` : ''
        const ignored = p.noEffect !== undefined ? ' [ignored in Sieve]' : ''
        lines.push(`    ${p.name}: ${p.type} = ${JSON.stringify(p.default)}${range ? ` (${range})` : ''}${choices}${ignored} — ${p.description}`)
      }
    }
    lines.push('')
  }
  lines.push(...coverageLines(opsCoverage()))
  process.stdout.write(`${lines.join('\n')}\n`)
  return 0
}
