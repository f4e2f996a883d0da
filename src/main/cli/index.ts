import { readFileSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { parseArgs, type ParseArgsConfig } from 'node:util'
import { SieveError } from '../../shared/errors'
import { Backend } from '../service/backend'
import { formatInspect, inspectJson } from './format'
import { createEngineWorker, workerPath } from '../service/engine-worker'
import { rendererDir, resourcesDir } from '../service/paths'
import { startServer } from '../server/serve'
import { EXIT, resumeCommand, runCommand, statusCommand } from './jobs'
import { opsCommand } from './ops'
import { validateCommand } from './validate'
import { analyzeCommand } from './analyze'
import { compareCommand } from './compare'
import { outcomesCommand } from './outcomes'
import { loadRecipe, exportRecipe, defaultSieveHome, loadCustomOps } from '../../engine'
import { modelsAddCommand, modelsFetchCommand, modelsListCommand } from './models'

const HELP = `Sieve — clean, filter and deduplicate text datasets on your own machine.

Usage:
  sieve run RECIPE.yaml [--work-dir DIR] [--export PATH] [--np N] [--json] [--force]
                                           run a recipe (Data-Juicer YAML) as a partitioned, checkpointed job
  sieve analyze RECIPE.yaml [--work-dir DIR] [--np N] [--json]
                                           every stat of the recipe's filters over the whole input, as a
                                           resumable job in WORK_DIR/analysis (analysis.json, report.html)
  sieve compare WORK_DIR_A WORK_DIR_B [--json]
                                           two finished jobs side by side: funnel per operator, rows,
                                           time, and the stats of their outputs (when kept)
  sieve outcomes WORK_DIR [--json]         what each filter of a run kept and dropped: its stat on either
                                           side and dropped rows with why (WORK_DIR/outcomes.html)
  sieve resume WORK_DIR [--json] [--force] continue an interrupted or failed job from its manifest
  sieve status WORK_DIR [--json]           what a job has done and what is left
  sieve validate PATH... [--deep] [--json] check Parquet files (footer and row counts; --deep decodes
                                           every row group); files in a work directory also against
                                           its manifest (size, sha256, rows)
  sieve inspect FILE [--json] [--rows N]   format, schema, size, row count and first rows of a dataset;
                                           for Parquet also row groups, codecs and key-value metadata
  sieve ops [--coverage] [--json] [--custom PATH]... [--recipe RECIPE.yaml]
                                           the operators and their parameters, then Data-Juicer's operators
                                           and which of them Sieve has (--coverage: only that table); with
                                           the custom operators of these modules or folders (--custom), or of
                                           the recipe's custom_operator_paths (--recipe)
  sieve models [--json]                    the model files operators need, and which the model store has
  sieve models add FILE [--name NAME] [--force]
                                           copy a model file into the model store (checked to be that kind of model)
  sieve models fetch NAME [--url URL] [--force]
                                           download a model into the store (resumable; run again to continue)
  sieve export-recipe RECIPE.yaml --to data-juicer|ray
                                           the recipe in Data-Juicer's YAML, or for its partitioned Ray executor
  sieve serve [--port P]                   the Sieve app in a browser, on 127.0.0.1 with a random token
  sieve --version
  sieve --help

--json prints one JSON object per line (ops: one per operator; with --coverage, one per Data-Juicer operator;
run: its events and progress, then the outcome with the recipe's notes; analyze: run's event and progress
lines, then {rows, stats, columns, workDir, notes} once it is done). An np (or --np) above the
machine's cores runs one worker per core, with a warning. --force on run starts over in a work directory that already
holds a job (removing only the files its manifest lists) and replaces an existing file at the export
path; on resume it continues even though the inputs or the recipe changed.

The model store is models/ in SIEVE_HOME (default ~/.sieve). A recipe whose operators need a model
that is not there is refused before any work, naming the file and the command that gets it.

Exit codes: 0 success, 1 finished with failed partitions or invalid files, 2 usage or config error,
130 interrupted.
`

function version(): string {
  const pkg = JSON.parse(readFileSync(join(__dirname, '..', '..', 'package.json'), 'utf8')) as { version: string }
  return pkg.version
}

class UsageError extends Error {}

function parse(argv: string[], options: NonNullable<ParseArgsConfig['options']>): ReturnType<typeof parseArgs> {
  try {
    return parseArgs({ args: argv, options, allowPositionals: true, strict: true })
  } catch (err) {
    throw new UsageError((err as Error).message)
  }
}

async function inspectCommand(argv: string[]): Promise<number> {
  const { values, positionals } = parse(argv, { json: { type: 'boolean' }, rows: { type: 'string' } })
  if (positionals.length !== 1) throw new UsageError('inspect takes exactly one FILE')
  const rows = values.rows === undefined ? 5 : Number(values.rows)
  if (!Number.isInteger(rows) || rows < 1 || rows > 10_000) throw new UsageError('--rows must be an integer from 1 to 10000')
  const engine = createEngineWorker()
  try {
    const result = await engine.run('inspect', { path: positionals[0]!, rows }, `Inspecting ${positionals[0]}`)
    process.stdout.write(values.json === true ? `${JSON.stringify(inspectJson(result))}\n` : formatInspect(result))
    return EXIT.ok
  } finally {
    await engine.close()
  }
}

async function serveCommand(argv: string[]): Promise<number> {
  const { values, positionals } = parse(argv, { port: { type: 'string' } })
  if (positionals.length > 0) throw new UsageError(`serve takes no arguments, got '${positionals[0]}'`)
  const port = values.port === undefined ? 0 : Number(values.port)
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new UsageError('--port must be an integer from 0 to 65535')
  const envToken = process.env.SIEVE_TOKEN
  if (envToken !== undefined && envToken.length < 16) throw new UsageError('SIEVE_TOKEN must be at least 16 characters')
  const backend = new Backend({
    version: version(),
    dataDir: defaultSieveHome(),
    resourcesDir: resourcesDir(__dirname),
    engine: createEngineWorker(),
    workerPath
  })
  await backend.init()
  let server
  try {
    server = await startServer({ backend, rendererDir: rendererDir(__dirname), port, ...(envToken ? { token: envToken } : {}) })
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'EADDRINUSE') {
      throw new SieveError('BAD_REQUEST', `Port ${port} is already in use. Choose another with --port, or 0 for any free port.`)
    }
    throw err
  }
  process.stdout.write(`Sieve ${version()} is serving on ${server.url}\nOpen that URL in a browser. Press Ctrl+C to stop.\n`)
  return new Promise<number>((resolve) => {
    const stop = (code: number) => () => {
      void server
        .close()
        .then(() => backend.close())
        .then(() => resolve(code))
    }
    process.once('SIGINT', stop(EXIT.interrupted))
    process.once('SIGTERM', stop(EXIT.ok))
  })
}

async function modelsCommand(argv: string[]): Promise<number> {
  const { values, positionals } = parse(argv, {
    json: { type: 'boolean' },
    name: { type: 'string' },
    url: { type: 'string' },
    force: { type: 'boolean' }
  })
  const [sub, ...args] = positionals
  const json = values.json === true
  const force = values.force === true
  if (sub === undefined) {
    if (values.name !== undefined || values.url !== undefined || force) throw new UsageError('models takes --name with add, --url with fetch')
    return modelsListCommand(json)
  }
  if (sub === 'add') {
    if (args.length !== 1) throw new UsageError('models add takes exactly one FILE')
    if (values.url !== undefined) throw new UsageError('models add takes no --url (use models fetch)')
    return modelsAddCommand(args[0]!, values.name as string | undefined, force, json)
  }
  if (sub === 'fetch') {
    if (args.length !== 1) throw new UsageError('models fetch takes exactly one NAME (run sieve models to see them)')
    if (values.name !== undefined) throw new UsageError('models fetch takes no --name: NAME is the model to fetch')
    return modelsFetchCommand(args[0]!, values.url as string | undefined, force, json)
  }
  throw new UsageError(`unknown models command '${sub}' (models, models add FILE, models fetch NAME)`)
}

function parseNp(value: unknown): number | undefined {
  const np = value === undefined ? undefined : Number(value)
  if (np !== undefined && (!Number.isInteger(np) || np < 1 || np > 256)) throw new UsageError('--np must be an integer from 1 to 256')
  return np
}

export async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv
  try {
    switch (command) {
      case undefined:
      case '--help':
      case '-h':
      case 'help':
        process.stdout.write(HELP)
        return command === undefined ? EXIT.usage : EXIT.ok
      case '--version':
      case '-v':
        process.stdout.write(`${version()}\n`)
        return EXIT.ok
      case 'inspect':
        return await inspectCommand(rest)
      case 'run': {
        const { values, positionals } = parse(rest, {
          'work-dir': { type: 'string' },
          export: { type: 'string' },
          np: { type: 'string' },
          json: { type: 'boolean' },
          force: { type: 'boolean' }
        })
        if (positionals.length !== 1) throw new UsageError('run takes exactly one RECIPE.yaml')
        const np = parseNp(values.np)
        return await runCommand({
          recipe: positionals[0]!,
          json: values.json === true,
          force: values.force === true,
          ...(values['work-dir'] !== undefined ? { workDir: values['work-dir'] as string } : {}),
          ...(values.export !== undefined ? { exportPath: values.export as string } : {}),
          ...(np !== undefined ? { np } : {})
        })
      }
      case 'analyze': {
        const { values, positionals } = parse(rest, { 'work-dir': { type: 'string' }, np: { type: 'string' }, json: { type: 'boolean' } })
        if (positionals.length !== 1) throw new UsageError('analyze takes exactly one RECIPE.yaml')
        const np = parseNp(values.np)
        return await analyzeCommand({
          recipe: positionals[0]!,
          json: values.json === true,
          ...(values['work-dir'] !== undefined ? { workDir: values['work-dir'] as string } : {}),
          ...(np !== undefined ? { np } : {})
        })
      }
      case 'compare': {
        const { values, positionals } = parse(rest, { json: { type: 'boolean' } })
        if (positionals.length !== 2) throw new UsageError('compare takes exactly two WORK_DIRs')
        return await compareCommand(positionals[0]!, positionals[1]!, values.json === true)
      }
      case 'outcomes': {
        const { values, positionals } = parse(rest, { json: { type: 'boolean' } })
        if (positionals.length !== 1) throw new UsageError('outcomes takes exactly one WORK_DIR')
        return await outcomesCommand(positionals[0]!, values.json === true)
      }
      case 'resume': {
        const { values, positionals } = parse(rest, { json: { type: 'boolean' }, force: { type: 'boolean' } })
        if (positionals.length !== 1) throw new UsageError('resume takes exactly one WORK_DIR')
        return await resumeCommand(positionals[0]!, values.json === true, values.force === true)
      }
      case 'status': {
        const { values, positionals } = parse(rest, { json: { type: 'boolean' } })
        if (positionals.length !== 1) throw new UsageError('status takes exactly one WORK_DIR')
        return await statusCommand(positionals[0]!, values.json === true)
      }
      case 'validate': {
        const { values, positionals } = parse(rest, { deep: { type: 'boolean' }, json: { type: 'boolean' } })
        if (positionals.length === 0) throw new UsageError('validate takes one or more PATHs')
        return await validateCommand(positionals, values.deep === true, values.json === true)
      }
      case 'export-recipe': {
        const { values, positionals } = parse(rest, { to: { type: 'string' } })
        if (positionals.length !== 1) throw new UsageError('export-recipe takes exactly one RECIPE.yaml')
        if (values.to !== 'data-juicer' && values.to !== 'ray') throw new UsageError('--to must be data-juicer or ray')
        const exported = exportRecipe(await loadRecipe(positionals[0]!), values.to)
        for (const warning of exported.warnings) process.stderr.write(`warning: ${warning}\n`)
        process.stdout.write(exported.yaml)
        return EXIT.ok
      }
      case 'ops': {
        const { values, positionals } = parse(rest, {
          json: { type: 'boolean' },
          coverage: { type: 'boolean' },
          custom: { type: 'string', multiple: true },
          recipe: { type: 'string' }
        })
        if (positionals.length > 0) throw new UsageError('ops takes no arguments')
        const custom = (values.custom as string[] | undefined) ?? []
        if (custom.length > 0 && values.recipe !== undefined) throw new UsageError('ops takes --custom or --recipe, not both')
        if (custom.length > 0) await loadCustomOps(custom.map((path) => resolve(path)))
        if (typeof values.recipe === 'string') await loadRecipe(values.recipe)
        return opsCommand(values.json === true, values.coverage === true)
      }
      case 'models':
        return await modelsCommand(rest)
      case 'serve':
        return await serveCommand(rest)
      default:
        throw new UsageError(`unknown command '${command}'`)
    }
  } catch (err) {
    if (err instanceof UsageError) {
      process.stderr.write(`sieve: ${err.message}\nRun 'sieve --help' for usage.\n`)
      return EXIT.usage
    }
    if (err instanceof SieveError) {
      process.stderr.write(`sieve: ${err.message}\n`)
      // A job's own failures end in its outcome; what escapes run/resume is a problem with the recipe or the input.
      if (command === 'run' || command === 'resume' || command === 'analyze') return EXIT.usage
      const usage = ['NOT_FOUND', 'BAD_REQUEST', 'IS_A_DIRECTORY', 'NOT_A_DIRECTORY', 'PERMISSION_DENIED']
      return usage.includes(err.code) ? EXIT.usage : EXIT.failed
    }
    process.stderr.write(`sieve: unexpected failure: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`)
    return EXIT.failed
  }
}

// A reader that stops early (`sieve ops --json | head -1`) closes the pipe: that ends the output, it is no failure.
process.stdout.on('error', (err: NodeJS.ErrnoException) => {
  if (err.code !== 'EPIPE') throw err
  process.exit(EXIT.ok)
})

void main(process.argv.slice(2)).then((code) => {
  process.exitCode = code
})
