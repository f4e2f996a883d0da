// `npm run test:mutation -- [MODULE...] [stryker options]`: mutation testing of the modules where a
// silent regression costs data or security. Each module is mutated against only the tests that
// exercise it in-process (mutants in code that runs inside engine worker threads are not switched
// on there, so tests that go through a worker could not kill them anyway).
//   npm run test:mutation -- wire publish        two modules, one after the other
//   npm run test:mutation -- --mutate src/shared/wire.ts   that file, with its module's tests
//   npm run test:mutation                         every module (long: about an hour on 2 cores)
import { spawnSync } from 'node:child_process'
import { existsSync, mkdirSync, realpathSync, symlinkSync } from 'node:fs'
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..')

export const MODULES = {
  wire: { mutate: ['src/shared/wire.ts'], tests: ['src/shared/wire.test.ts', 'src/shared/wire.mutation.test.ts'] },
  publish: { mutate: ['src/engine/io/publish.ts'], tests: ['src/engine/io/publish.mutation.test.ts'] },
  csv: {
    mutate: ['src/engine/io/csv.ts', 'src/engine/io/csv-values.ts', 'src/engine/io/schema.ts:22-86'],
    tests: ['src/engine/io/csv.test.ts', 'src/engine/io/csv-inference.test.ts']
  },
  manifest: { mutate: ['src/engine/job/manifest.ts'], tests: ['src/engine/job/manifest.mutation.test.ts'] },
  paths: {
    mutate: ['src/main/service/paths.ts', 'src/engine/job/recipe.ts:73-190'],
    tests: [
      'src/engine/job/recipe.test.ts',
      'src/engine/job/recipe-export.test.ts',
      'src/main/service/paths.mutation.test.ts',
      'src/engine/job/recipe-resolve.mutation.test.ts'
    ]
  },
  'serve-auth': { mutate: ['src/main/server/serve.ts:36-136'], tests: ['src/main/server/serve-auth.mutation.test.ts'] },
  resume: {
    mutate: ['src/engine/job/resume-plan.ts', 'src/engine/job/reconcile.ts', 'src/engine/job/verify.ts'],
    tests: ['src/engine/job/resume-plan.mutation.test.ts']
  },
  export: {
    mutate: ['src/engine/job/export-task.ts', 'src/engine/job/export-shards.ts', 'src/engine/parquet/merge.ts'],
    tests: ['src/engine/parquet/merge.test.ts', 'src/engine/job/export-task.mutation.test.ts']
  }
}

function run(name, mutate, tests, extra) {
  // Stryker runs the tests in a copy of the project under .stryker-tmp/; the shared test data sits
  // beside the project, so it must sit beside that copy too.
  const temp = join(root, '.stryker-tmp')
  mkdirSync(temp, { recursive: true })
  if (!existsSync(join(temp, 'shared'))) symlinkSync(realpathSync(join(root, '..', 'shared')), join(temp, 'shared'))
  const present = tests.filter((t) => existsSync(join(root, t)))
  const args = ['stryker', 'run', '--mutate', mutate.join(','), ...(present.length > 0 ? ['--testFiles', present.join(',')] : []), ...extra]
  process.stdout.write(`\n== mutation testing: ${name} (${mutate.join(', ')}) against ${present.join(', ') || 'related tests'}\n`)
  const started = Date.now()
  const result = spawnSync('npx', args, { cwd: root, stdio: 'inherit', env: { ...process.env, SIEVE_MUTATION_MODULE: name } })
  process.stdout.write(`== ${name}: ${((Date.now() - started) / 1000).toFixed(0)} s\n`)
  return result.status ?? 1
}

const argv = process.argv.slice(2)
const names = argv.filter((a, i) => !a.startsWith('-') && (i === 0 || !argv[i - 1].startsWith('-')))
const extra = argv.filter((a) => !names.includes(a))
const unknown = names.filter((n) => !(n in MODULES))
if (unknown.length > 0) {
  process.stderr.write(`Unknown module ${unknown.join(', ')}; the modules are: ${Object.keys(MODULES).join(', ')}.\n`)
  process.exit(2)
}
const mutateAt = extra.indexOf('--mutate')
let status = 0
if (mutateAt >= 0) {
  // Files named directly: the tests of whichever modules they belong to, else vitest's related tests.
  const files = extra[mutateAt + 1].split(',')
  const rest = extra.filter((_, i) => i !== mutateAt && i !== mutateAt + 1)
  const owners = Object.values(MODULES).filter((m) => m.mutate.some((f) => files.some((g) => g.split(':')[0] === f)))
  status = run(process.env.SIEVE_MUTATION_MODULE ?? 'custom', files, [...new Set(owners.flatMap((m) => m.tests))], rest)
} else {
  for (const name of names.length > 0 ? names : Object.keys(MODULES)) status = run(name, MODULES[name].mutate, MODULES[name].tests, extra) || status
}
process.exit(status)
