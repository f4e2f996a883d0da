import { basename } from 'node:path'
import { SieveError } from '../../shared/errors'
import {
  defaultSieveHome,
  downloadModel,
  howToGet,
  ModelStore,
  modelSpec,
  modelStoreDir,
  operatorModels,
  type DownloadProgress,
  type ModelSpec
} from '../../engine'
import { humanBytes } from './format'

/** The model store the CLI and `sieve serve` use: models/ in SIEVE_HOME (or ~/.sieve). */
export function cliModelStore(): ModelStore {
  return new ModelStore(modelStoreDir(defaultSieveHome()))
}

const write = (line: string): void => {
  process.stdout.write(`${line}\n`)
}

/** `sieve models`: each model an operator needs, whether the store has it, and how to get it. */
export async function modelsListCommand(json: boolean): Promise<number> {
  const store = cliModelStore()
  const present = new Map((await store.list()).map((m) => [m.file, m.bytes]))
  const needed = operatorModels()
  const alternativesOf = (spec: ModelSpec): ModelSpec[] => (spec.alternatives ?? []).map(modelSpec)
  const known = new Set(needed.flatMap((n) => [n.spec, ...alternativesOf(n.spec)].map((s) => s.file)))
  if (json) {
    for (const { spec, users } of needed) {
      const bytes = present.get(spec.file)
      const alternatives = alternativesOf(spec).map((alt) => {
        const altBytes = present.get(alt.file)
        return {
          name: alt.name,
          kind: alt.kind,
          file: store.path(alt),
          present: altBytes !== undefined,
          ...(altBytes !== undefined ? { bytes: altBytes } : {})
        }
      })
      write(
        JSON.stringify({
          name: spec.name,
          kind: spec.kind,
          file: store.path(spec),
          present: bytes !== undefined,
          ...(bytes !== undefined ? { bytes } : {}),
          ...(spec.size !== undefined ? { size: spec.size } : {}),
          ...(spec.sha256 !== undefined ? { sha256: spec.sha256 } : {}),
          urls: spec.urls,
          ...(alternatives.length > 0 ? { alternatives } : {}),
          needed_by: users
        })
      )
    }
    for (const [file, bytes] of present)
      if (!known.has(file)) write(JSON.stringify({ file: `${store.dir}/${file}`, present: true, bytes, needed_by: [] }))
    return 0
  }
  write(`Model store: ${store.dir}`)
  for (const { spec, users } of needed) {
    const bytes = present.get(spec.file)
    const by = users.map((u) => `${u.op}${u.when !== undefined ? ` (${u.when})` : ''}`).join(', ')
    write('')
    write(`${spec.name}  ${bytes !== undefined ? `present, ${humanBytes(bytes)}` : 'absent'}`)
    write(`    ${spec.description}${spec.size !== undefined ? `, ${humanBytes(spec.size)}` : ''}`)
    write(`    needed by ${by}`)
    if (spec.urls.length > 0) write(`    from ${spec.urls.join(' (or ') + (spec.urls.length > 1 ? ')' : '')}`)
    let instead = false
    for (const alt of alternativesOf(spec)) {
      const altBytes = present.get(alt.file)
      const used: boolean = bytes === undefined && altBytes !== undefined && !instead
      instead ||= used
      write(
        `    or ${alt.name} (${alt.description}): ${altBytes !== undefined ? `present, ${humanBytes(altBytes)}${used ? ', used instead' : ''}` : 'absent'}`
      )
    }
    if (bytes === undefined && !instead) write(`    ${howToGet(spec)}`)
  }
  const others = [...present].filter(([file]) => !known.has(file))
  if (others.length > 0) {
    write('')
    write('Also in the store:')
    for (const [file, bytes] of others) write(`    ${file}  ${humanBytes(bytes)}`)
  }
  write('')
  write("Models for another language are named after it (lang: de needs de.sp.model, de.arpa.bin); 'sieve models fetch NAME' gets one.")
  return 0
}

/** `sieve models add FILE [--name NAME]`: copies a model file into the store, checked to be what its name says. */
export async function modelsAddCommand(file: string, name: string | undefined, force: boolean, json: boolean): Promise<number> {
  const added = await cliModelStore().add(file, name ?? basename(file), force)
  if (json) write(JSON.stringify({ name: added.spec.name, file: added.path, bytes: added.bytes, sha256: added.sha256 }))
  else write(`Added ${added.spec.name} (${humanBytes(added.bytes)}, sha256 ${added.sha256}) as ${added.path}`)
  return 0
}

/** A progress line at most every 200 ms: rewritten in place on a terminal, one JSON object per line with --json. */
function progressPrinter(name: string, json: boolean): (p: DownloadProgress) => void {
  let last = 0
  return (p) => {
    const now = Date.now()
    const done = p.total !== undefined && p.received >= p.total
    if (now - last < 200 && !done) return
    last = now
    if (json) {
      write(JSON.stringify({ event: 'progress', name, received: p.received, total: p.total ?? null, resumed_from: p.resumedFrom }))
      return
    }
    const share = p.total !== undefined && p.total > 0 ? ` (${Math.floor((p.received / p.total) * 100)}%)` : ''
    const of = p.total !== undefined ? ` of ${humanBytes(p.total)}` : ''
    const resumed = p.resumedFrom > 0 ? `, continued from ${humanBytes(p.resumedFrom)}` : ''
    const line = `${name}: ${humanBytes(p.received)}${of}${share}${resumed}`
    process.stderr.write(process.stderr.isTTY ? `\r${line}\x1b[K` : `${line}\n`)
  }
}

/**
 * `sieve models fetch NAME [--url URL]`: downloads a model into the store, from the given URL or
 * from where Data-Juicer gets it (its own link, then its backup). An interrupted download is
 * continued by running the same command again.
 */
export async function modelsFetchCommand(name: string, url: string | undefined, force: boolean, json: boolean): Promise<number> {
  const spec = modelSpec(name)
  const store = cliModelStore()
  if (store.has(spec) && !force) {
    if (json) write(JSON.stringify({ event: 'present', name: spec.name, file: store.path(spec) }))
    else write(`${spec.name} is already in the model store (${store.path(spec)}). Fetch it again with --force.`)
    return 0
  }
  const urls = url !== undefined ? [url] : spec.urls
  if (urls.length === 0)
    throw new SieveError('BAD_REQUEST', `There is no download Sieve knows for ${spec.name}: ${howToGet(spec)}.`, { model: spec.name })
  let failure: unknown
  for (const [i, from] of urls.entries()) {
    if (!json) process.stderr.write(`Downloading ${spec.name} from ${from}\n`)
    try {
      const got = await downloadModel(store, spec, from, progressPrinter(spec.name, json))
      if (!json && process.stderr.isTTY) process.stderr.write('\n')
      if (json) write(JSON.stringify({ event: 'done', name: spec.name, file: got.path, bytes: got.bytes, sha256: got.sha256, url: got.url }))
      else write(`Fetched ${spec.name} (${humanBytes(got.bytes)}, sha256 ${got.sha256}) as ${got.path}`)
      return 0
    } catch (err) {
      failure = err
      if (!json && i < urls.length - 1) process.stderr.write(`${err instanceof Error ? err.message : String(err)} Trying the next source.\n`)
    }
  }
  throw failure
}
