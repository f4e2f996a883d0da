import { createHash, randomBytes } from 'node:crypto'
import { existsSync, readdirSync, readFileSync } from 'node:fs'
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { scratchDir } from '../testing'
import { sentencePieceModel, type ModelSpec } from './catalog'
import { downloadModel, type DownloadProgress } from './download'
import { ModelStore } from './store'

/** A stand-in SentencePiece model: a ModelProto starts with field 1 (0x0a); the rest is random. */
const MODEL = Buffer.concat([Buffer.from([0x0a, 0x05]), randomBytes(300_000)])
const SHA = createHash('sha256').update(MODEL).digest('hex')

interface Behaviour {
  /** Cut the connection after this many bytes of the first answer. */
  cutAfter?: number
  /** Answer 200 with the whole file even to a Range request. */
  ignoreRange?: boolean
  body?: Buffer
}

let server: Server
let base: string
let behaviour: Behaviour
const ranges: (string | undefined)[] = []
let scratch: ReturnType<typeof scratchDir>

function serve(req: IncomingMessage, res: ServerResponse): void {
  const body = behaviour.body ?? MODEL
  ranges.push(req.headers.range)
  if (req.url === '/moved') {
    res.writeHead(302, { location: '/en.sp.model' }).end()
    return
  }
  if (req.url === '/missing') {
    res.writeHead(404).end()
    return
  }
  const range = /^bytes=(\d+)-$/.exec(req.headers.range ?? '')
  const start = range !== null && behaviour.ignoreRange !== true ? Number(range[1]) : 0
  const part = body.subarray(start)
  res.writeHead(start > 0 ? 206 : 200, {
    'content-length': String(part.length),
    ...(start > 0 ? { 'content-range': `bytes ${start}-${body.length - 1}/${body.length}` } : {})
  })
  if (behaviour.cutAfter !== undefined) {
    const cut = behaviour.cutAfter
    behaviour.cutAfter = undefined
    res.write(part.subarray(0, cut), () => setTimeout(() => res.destroy(), 20))
    return
  }
  res.end(part)
}

beforeEach(async () => {
  scratch = scratchDir('sieve-models-')
  behaviour = {}
  ranges.length = 0
  server = createServer(serve)
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
})

afterEach(async () => {
  await new Promise<void>((resolve) => server.close(() => resolve()))
  scratch.remove()
})

describe('downloadModel', () => {
  it('downloads a model into the store with its progress, and publishes it only when complete', async () => {
    const store = new ModelStore(scratch.path)
    const seen: DownloadProgress[] = []
    const got = await downloadModel(store, sentencePieceModel('en'), `${base}/en.sp.model`, (p) => seen.push({ ...p }))
    expect(got).toMatchObject({ path: store.path(sentencePieceModel('en')), bytes: MODEL.length, sha256: SHA, resumedFrom: 0 })
    expect(readFileSync(got.path).equals(MODEL)).toBe(true)
    expect(seen.at(-1)).toEqual({ received: MODEL.length, total: MODEL.length, resumedFrom: 0 })
    expect(seen.length).toBeGreaterThan(1)
    expect(readdirSync(store.temp)).toEqual([])
  })

  it('continues an interrupted download with a Range request instead of starting over', async () => {
    const store = new ModelStore(scratch.path)
    const spec = sentencePieceModel('en')
    behaviour.cutAfter = 100_000
    await expect(downloadModel(store, spec, `${base}/en.sp.model`)).rejects.toThrow(/stopped at 100000 of 300002 bytes.*again to continue/)
    expect(store.has(spec)).toBe(false)
    const got = await downloadModel(store, spec, `${base}/en.sp.model`)
    expect(ranges).toEqual([undefined, 'bytes=100000-'])
    expect(got.resumedFrom).toBe(100_000)
    expect(got.sha256).toBe(SHA)
    expect(readFileSync(got.path).equals(MODEL)).toBe(true)
  })

  it('starts over when the server ignores the Range request', async () => {
    const store = new ModelStore(scratch.path)
    behaviour.cutAfter = 50_000
    await expect(downloadModel(store, sentencePieceModel('en'), `${base}/en.sp.model`)).rejects.toThrow(/stopped/)
    behaviour.ignoreRange = true
    const got = await downloadModel(store, sentencePieceModel('en'), `${base}/en.sp.model`)
    expect(got.resumedFrom).toBe(0)
    expect(readFileSync(got.path).equals(MODEL)).toBe(true)
  })

  it('follows a redirect', async () => {
    const got = await downloadModel(new ModelStore(scratch.path), sentencePieceModel('en'), `${base}/moved`)
    expect(got.sha256).toBe(SHA)
  })

  it('refuses a file whose checksum is not the declared one, and keeps nothing of it', async () => {
    const store = new ModelStore(scratch.path)
    const spec: ModelSpec = { ...sentencePieceModel('en'), sha256: 'f'.repeat(64) }
    await expect(downloadModel(store, spec, `${base}/en.sp.model`)).rejects.toThrow(`its sha256 is ${SHA}, not the expected ${'f'.repeat(64)}`)
    expect(store.has(spec)).toBe(false)
    expect(readdirSync(store.temp)).toEqual([])
  })

  it('accepts a file whose declared size and checksum match', async () => {
    const spec: ModelSpec = { ...sentencePieceModel('en'), sha256: SHA, size: MODEL.length }
    const got = await downloadModel(new ModelStore(scratch.path), spec, `${base}/en.sp.model`)
    expect(existsSync(got.path)).toBe(true)
  })

  it('refuses a download that is not a model of the kind named (an HTML error page)', async () => {
    const store = new ModelStore(scratch.path)
    behaviour.body = Buffer.from('<html>Access denied</html>')
    await expect(downloadModel(store, sentencePieceModel('en'), `${base}/en.sp.model`)).rejects.toThrow(/is not a SentencePiece tokenizer/)
    expect(store.has(sentencePieceModel('en'))).toBe(false)
  })

  it('says what the server answered when it has no such file', async () => {
    await expect(downloadModel(new ModelStore(scratch.path), sentencePieceModel('en'), `${base}/missing`)).rejects.toThrow(
      /Cannot download .*\/missing: the server answered 404/
    )
  })

  it('names the URL a connection could not be made to', async () => {
    const closed = `http://127.0.0.1:1/en.sp.model`
    await expect(downloadModel(new ModelStore(scratch.path), sentencePieceModel('en'), closed)).rejects.toThrow(
      /Cannot download http:\/\/127.0.0.1:1/
    )
  })
})
