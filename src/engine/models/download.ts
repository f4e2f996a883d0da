import { createHash } from 'node:crypto'
import { existsSync } from 'node:fs'
import { mkdir, open, rm, stat, type FileHandle } from 'node:fs/promises'
import { get as httpGet, type IncomingMessage } from 'node:http'
import { get as httpsGet } from 'node:https'
import { join } from 'node:path'
import { SieveError } from '../../shared/errors'
import { fileError } from '../io/fs-errors'
import { publishRename, writeFully } from '../io/publish'
import type { ModelSpec } from './catalog'
import { checkModelFile } from './check-file'
import { sha256Of, type ModelStore } from './store'

export interface DownloadProgress {
  received: number
  /** Bytes in the whole file, when the server says. */
  total: number | undefined
  /** Bytes that were already there from an earlier, interrupted download. */
  resumedFrom: number
}

export interface DownloadResult {
  path: string
  bytes: number
  sha256: string
  url: string
  resumedFrom: number
}

const MAX_REDIRECTS = 5
const IDLE_TIMEOUT_MS = 30_000

/** The partial download of `url`: its name carries the url, so bytes of another source are never continued. */
function partialPath(store: ModelStore, spec: ModelSpec, url: string): string {
  return join(store.temp, `${spec.file}.${createHash('sha256').update(url).digest('hex').slice(0, 16)}.download`)
}

function request(url: string, headers: Record<string, string>, redirects = 0): Promise<{ response: IncomingMessage; url: string }> {
  return new Promise((resolvePromise, reject) => {
    let parsed: URL
    try {
      parsed = new URL(url)
    } catch {
      reject(new SieveError('BAD_REQUEST', `'${url}' is not a URL.`, { url }))
      return
    }
    if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') {
      reject(new SieveError('BAD_REQUEST', `${url}: only http and https downloads are supported.`, { url }))
      return
    }
    const get = parsed.protocol === 'https:' ? httpsGet : httpGet
    const req = get(parsed, { headers }, (response) => {
      const status = response.statusCode ?? 0
      const location = response.headers.location
      if (status >= 300 && status < 400 && location !== undefined) {
        response.resume()
        if (redirects >= MAX_REDIRECTS) reject(new SieveError('UNREADABLE', `${url} redirects more than ${MAX_REDIRECTS} times.`, { url }))
        else request(new URL(location, parsed).toString(), headers, redirects + 1).then(resolvePromise, reject)
        return
      }
      resolvePromise({ response, url })
    })
    req.setTimeout(IDLE_TIMEOUT_MS, () => req.destroy(new Error(`no answer for ${IDLE_TIMEOUT_MS / 1000} s`)))
    req.on('error', (err) => reject(new SieveError('UNREADABLE', `Cannot download ${url}: ${err.message}.`, { url })))
  })
}

/** The total size from `Content-Range: bytes a-b/total` or, for a whole answer, Content-Length. */
function totalOf(response: IncomingMessage, offset: number): number | undefined {
  const range = /\/(\d+)\s*$/.exec(response.headers['content-range'] ?? '')
  if (range !== null) return Number(range[1])
  const length = response.headers['content-length']
  return length === undefined ? undefined : offset + Number(length)
}

/**
 * Downloads a model into the store: bytes go to a partial file under temp/ that a later call
 * continues with an HTTP Range request (a server that ignores it sends the whole file again, and
 * the partial file starts over), are fsynced, checked against the known size and sha256 and
 * against the model's kind, and only then renamed to the model's name.
 */
export async function downloadModel(
  store: ModelStore,
  spec: ModelSpec,
  url: string,
  onProgress: (progress: DownloadProgress) => void = () => {}
): Promise<DownloadResult> {
  const partial = partialPath(store, spec, url)
  try {
    await mkdir(store.temp, { recursive: true })
  } catch (err) {
    throw fileError(err, store.temp, 'write')
  }
  let offset = existsSync(partial) ? (await stat(partial)).size : 0
  const { response } = await request(url, offset > 0 ? { range: `bytes=${offset}-` } : {})
  const status = response.statusCode ?? 0
  if (status === 416 && offset > 0) {
    // The partial file already holds every byte (or more than the file has): start over.
    response.resume()
    await rm(partial, { force: true })
    return downloadModel(store, spec, url, onProgress)
  }
  if (status !== 200 && status !== 206) {
    response.resume()
    throw new SieveError('UNREADABLE', `Cannot download ${url}: the server answered ${status} ${response.statusMessage ?? ''}.`.replace(' .', '.'), {
      url,
      status
    })
  }
  const resumedFrom = status === 206 ? offset : 0
  if (status === 200) offset = 0
  const total = totalOf(response, offset)
  let handle: FileHandle
  try {
    handle = await open(partial, status === 206 ? 'a' : 'w')
  } catch (err) {
    response.resume()
    throw fileError(err, partial, 'write')
  }
  let received = offset
  try {
    onProgress({ received, total, resumedFrom })
    for await (const chunk of response) {
      await writeFully(handle, chunk as Buffer)
      received += (chunk as Buffer).byteLength
      onProgress({ received, total, resumedFrom })
    }
    await handle.sync()
  } catch (err) {
    throw err instanceof SieveError
      ? err
      : new SieveError(
          'UNREADABLE',
          `The download of ${url} stopped at ${received} of ${total ?? 'unknown'} bytes (${(err as Error).message}). Run the same command again to continue it.`,
          {
            url,
            received
          }
        )
  } finally {
    await handle.close()
  }
  if (!response.complete || (total !== undefined && received !== total)) {
    throw new SieveError(
      'UNREADABLE',
      `The download of ${url} stopped at ${received} of ${total ?? 'unknown'} bytes. Run the same command again to continue it.`,
      { url, received }
    )
  }
  return finish(store, spec, url, partial, received, resumedFrom)
}

async function finish(store: ModelStore, spec: ModelSpec, url: string, partial: string, bytes: number, resumedFrom: number): Promise<DownloadResult> {
  const sha256 = await sha256Of(partial)
  const wrong =
    spec.size !== undefined && bytes !== spec.size
      ? `it has ${bytes} bytes, not the ${spec.size} expected`
      : spec.sha256 !== undefined && sha256 !== spec.sha256
        ? `its sha256 is ${sha256}, not the expected ${spec.sha256}`
        : undefined
  if (wrong !== undefined) {
    await rm(partial, { force: true })
    throw new SieveError('UNREADABLE', `The file downloaded from ${url} is not ${spec.name}: ${wrong}. It was removed; check the URL.`, {
      url,
      sha256
    })
  }
  try {
    await checkModelFile(partial, spec)
  } catch (err) {
    await rm(partial, { force: true })
    throw new SieveError('BAD_REQUEST', `The file downloaded from ${url} ${(err as Error).message.replace(/^\S+ is /, 'is ')}`, { url })
  }
  const path = store.path(spec)
  await publishRename(partial, path)
  return { path, bytes, sha256, url, resumedFrom }
}
