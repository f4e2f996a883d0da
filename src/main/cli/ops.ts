import { listOps } from '../../engine'

export function opsCommand(json: boolean): number {
  const ops = listOps()
  if (json) {
    // One operator per line, as every --json output is one object per line.
    for (const op of ops) process.stdout.write(`${JSON.stringify(op)}\n`)
    return 0
  }
  const lines: string[] = []
  for (const op of ops) {
    lines.push(`${op.name}  (${op.kind}${op.statsKey !== undefined ? `, stat ${op.statsKey}` : ''})`)
    lines.push(`    ${op.description}`)
    for (const p of op.params) {
      const range = [p.min !== undefined ? `≥ ${p.min}` : '', p.max !== undefined ? `≤ ${p.max}` : ''].filter(Boolean).join(', ')
      const choices = p.choices !== undefined ? ` one of ${p.choices.join('|')}` : ''
      lines.push(`    ${p.name}: ${p.type} = ${JSON.stringify(p.default)}${range ? ` (${range})` : ''}${choices} — ${p.description}`)
    }
  }
  process.stdout.write(`${lines.join('\n')}\n`)
  return 0
}
