import { createHash } from 'node:crypto'
import { createReadStream, existsSync, statSync } from 'node:fs'
import { copyFile, mkdir, open, readdir, rm, stat } from 'node:fs/promises'
import { homedir } from 'node:os'
import { join, resolve } from 'node:path'
import { randomBytes } from 'node:crypto'
import { SieveError } from '../../shared/errors'
import { fileError } from '../io/fs-errors'
import { publishRename } from '../io/publish'
import { checkModelFile, kenlmSpecByContent } from './check-file'
import { modelSpec, type ModelSpec } from './catalog'

/** Sieve's own folder: SIEVE_HOME, or ~/.sieve (the desktop app passes its user-data folder instead). */
export function defaultSieveHome(): string {
  return process.env.SIEVE_HOME ?? join(homedir(), '.sieve')
}

/** The model store of a Sieve home folder. */
export function modelStoreDir(home: string = defaultSieveHome()): string {
  return join(home, 'models')
}

export interface StoredModel {
  file: string
  bytes: number
}

/**
 * The folder of model files. A file appears under its final name only once complete and checked
 * (copied or downloaded under `temp/`, fsynced, renamed); a download that stopped leaves its
 * bytes in `temp/` to be continued.
 */
export class ModelStore {
  readonly dir: string

  constructor(dir: string) {
    this.dir = resolve(dir)
  }

  get temp(): string {
    return join(this.dir, 'temp')
  }

  path(spec: ModelSpec): string {
    return join(this.dir, spec.file)
  }

  has(spec: ModelSpec): boolean {
    return existsSync(this.path(spec))
  }

  /** The file that serves as this model: its own, or else the first of its alternatives the store has. */
  find(spec: ModelSpec): { spec: ModelSpec; path: string } | undefined {
    for (const candidate of [spec, ...(spec.alternatives ?? []).map(modelSpec)]) {
      if (this.has(candidate)) return { spec: candidate, path: this.path(candidate) }
    }
    return undefined
  }

  /** Model files present, by name (temp/ excluded). */
  async list(): Promise<StoredModel[]> {
    let names: string[]
    try {
      names = await readdir(this.dir)
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return []
      throw fileError(err, this.dir)
    }
    const out: StoredModel[] = []
    for (const file of names.sort()) {
      const info = statSync(join(this.dir, file), { throwIfNoEntry: false })
      if (info?.isFile() === true) out.push({ file, bytes: info.size })
    }
    return out
  }

  /**
   * Copies a model file into the store under `name` (by default its own file name), after checking
   * that it is a model of that kind; a KenLM model is filed under the name of its format (see
   * kenlmSpecByContent). An existing model of that name is replaced only with `replace`.
   */
  async add(source: string, name: string, replace = false): Promise<{ spec: ModelSpec; path: string; bytes: number; sha256: string }> {
    const from = resolve(source)
    let info
    try {
      info = await stat(from)
    } catch (err) {
      throw fileError(err, from)
    }
    if (!info.isFile()) throw new SieveError('BAD_REQUEST', `${from} is not a file.`, { path: from })
    const spec = await kenlmSpecByContent(from, modelSpec(name))
    await checkModelFile(from, spec)
    const target = this.path(spec)
    if (existsSync(target) && !replace) {
      throw new SieveError('BAD_REQUEST', `The model store already has ${spec.name} (${target}). Add it again with --force to replace it.`, {
        model: spec.name
      })
    }
    await mkdir(this.temp, { recursive: true }).catch((err: unknown) => {
      throw fileError(err, this.temp, 'write')
    })
    const temp = join(this.temp, `${randomBytes(8).toString('hex')}.part`)
    try {
      await copyFile(from, temp)
      const handle = await open(temp, 'r+')
      try {
        await handle.sync()
      } finally {
        await handle.close()
      }
      const sha256 = await sha256Of(temp)
      await publishRename(temp, target)
      return { spec, path: target, bytes: info.size, sha256 }
    } catch (err) {
      await rm(temp, { force: true })
      throw err instanceof SieveError ? err : fileError(err, target, 'write')
    }
  }
}

export async function sha256Of(path: string): Promise<string> {
  const hash = createHash('sha256')
  for await (const chunk of createReadStream(path)) hash.update(chunk as Buffer)
  return hash.digest('hex')
}
