import { loadRecipe, overallTableText, readAnalysis } from '../../engine'
import { workerPath } from '../service/engine-worker'
import { JobsService } from '../service/jobs'
import { drive, printOutcome, reporter } from './jobs'

export interface AnalyzeArgs {
  recipe: string
  workDir?: string
  np?: number
  json: boolean
}

/**
 * `sieve analyze`: every stat of the recipe's filters over the whole input, as a job in the
 * recipe's work directory's `analysis/`. It reports as `run` does (with --json, the same event and
 * progress lines), then prints the overall table, or with --json one last line `{rows, stats}`.
 */
export async function analyzeCommand(args: AnalyzeArgs): Promise<number> {
  const { recipe, notes } = await loadRecipe(args.recipe)
  if (!args.json) for (const note of notes) process.stderr.write(`warning: ${note}\n`)
  const report = reporter(args.json)
  const service = new JobsService(workerPath, report)
  const settings = { ...(args.workDir !== undefined ? { workDir: args.workDir } : {}), ...(args.np !== undefined ? { np: args.np } : {}) }
  return drive(service, await service.startAnalysis(recipe, settings, notes), args.json, report, async ({ outcome, manifest }) => {
    if (outcome.status !== 'completed') return printOutcome(outcome, manifest, args.json)
    const analysis = await readAnalysis(outcome.workDir)
    if (args.json) {
      process.stdout.write(
        `${JSON.stringify({ rows: analysis.rows, stats: analysis.stats, columns: analysis.columns, workDir: outcome.workDir, notes: outcome.notes })}\n`
      )
      return
    }
    const lines = [`${analysis.rows.toLocaleString('en-US')} rows analyzed; every stat over the whole input, quantiles exact.`]
    if (analysis.ops.length === 0) lines.push('The recipe has no filter that computes a stat: only the input columns are analyzed.')
    lines.push('', overallTableText(analysis), '', `  analysis: ${outcome.workDir}/analysis.json`, `  report:   ${outcome.workDir}/report.html`)
    process.stdout.write(`${lines.join('\n')}\n`)
  })
}
