import type { JobComparison } from '../../shared/analysis'
import { compareJobs } from '../../engine'
import { EXIT } from './jobs'

function comparisonText({ jobs: [a, b] }: JobComparison): string {
  const lines = [`A ${a.name}: ${a.rowsIn} → ${a.rowsOut} rows in ${(a.millis / 1000).toFixed(1)} s  (${a.workDir})`]
  lines.push(
    `B ${b.name}: ${b.rowsIn} → ${b.rowsOut} rows in ${(b.millis / 1000).toFixed(1)} s  (${b.workDir})`,
    '',
    'operator funnel (rows out, ms):'
  )
  const steps = Math.max(a.funnel.length, b.funnel.length)
  for (let i = 0; i < steps; i++) {
    const side = (s: JobComparison['jobs'][0]['funnel'][number] | undefined): string =>
      s === undefined ? '–'.padEnd(44) : `${s.name} ${s.rowsOut} (${Math.round(s.millis)} ms)`.padEnd(44)
    lines.push(`  ${String(i).padStart(2)}  A ${side(a.funnel[i])}  B ${side(b.funnel[i])}`.trimEnd())
  }
  const stats = [...new Set([...Object.keys(a.outputStats), ...Object.keys(b.outputStats)])].sort()
  if (stats.length > 0) lines.push('', 'output stats (mean / p50):')
  for (const name of stats) {
    const show = (s: JobComparison['jobs'][0]['outputStats'][string] | undefined): string =>
      s?.kind === 'numeric'
        ? `${s.mean.toPrecision(5)} / ${s.quantiles.p50.toPrecision(5)}`
        : s?.kind === 'categorical'
          ? `${s.distinct} values`
          : '–'
    lines.push(`  ${name.padEnd(24)} A ${show(a.outputStats[name]).padEnd(24)} B ${show(b.outputStats[name])}`)
  }
  return lines.join('\n')
}

/** `sieve compare A B`: two finished jobs side by side (with --json, one JobComparison line). */
export async function compareCommand(a: string, b: string, json: boolean): Promise<number> {
  const comparison = await compareJobs(a, b)
  process.stdout.write(`${json ? JSON.stringify(comparison) : comparisonText(comparison)}\n`)
  return EXIT.ok
}
