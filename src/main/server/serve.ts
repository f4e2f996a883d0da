import { randomBytes, timingSafeEqual } from 'node:crypto'
import { open, type FileHandle } from 'node:fs/promises'
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import { pipeline, type Duplex } from 'node:stream'
import { resolve } from 'node:path'
import { WebSocketServer, type RawData, type WebSocket } from 'ws'
import { CONTENT_SECURITY_POLICY } from '../../shared/csp'
import { decodeFrame, encodeFrame } from '../../shared/wire'
import type { Backend } from '../service/backend'
import { contentTypeOf, fileUnder } from '../service/static-files'
import { MAX_UPLOAD_CHUNK } from '../service/validate'

export interface ServeOptions {
  backend: Pick<Backend, 'call' | 'onEvent' | 'releaseClient'>
  /** The built renderer (out/renderer). */
  rendererDir: string
  port?: number
  /** At least 16 characters; a random one is made when absent. */
  token?: string
  /** Bytes queued for one socket beyond which its client is taken as not reading, and dropped. */
  maxBufferedBytes?: number
}

/** Far above any reply (a preview's table is tens of MB): only a client that stopped reading gets there. */
const MAX_BUFFERED_BYTES = 512 << 20

export interface RunningServer {
  url: string
  port: number
  token: string
  close(): Promise<void>
}

/** Cookies are shared by every port of a host: each server names its own, so two never overwrite or read each other's. */
export function tokenCookieName(port: number): string {
  return `sieve_token_${port}`
}
const HOST = '127.0.0.1'

export function newToken(): string {
  return randomBytes(24).toString('base64url')
}

function sameToken(given: string | undefined, token: string): boolean {
  if (given === undefined) return false
  const a = Buffer.from(given)
  const b = Buffer.from(token)
  return a.length === b.length && timingSafeEqual(a, b)
}

function tokenOf(req: IncomingMessage, url: URL, cookie: string): { token: string | undefined; fromQuery: boolean } {
  const query = url.searchParams.get('token')
  if (query !== null) return { token: query, fromQuery: true }
  const auth = req.headers.authorization
  if (auth?.startsWith('Bearer ')) return { token: auth.slice(7), fromQuery: false }
  for (const part of (req.headers.cookie ?? '').split(';')) {
    const [name, ...value] = part.trim().split('=')
    if (name === cookie) return { token: value.join('='), fromQuery: false }
  }
  return { token: undefined, fromQuery: false }
}

/**
 * `sieve serve`: the renderer and the API for a browser, on 127.0.0.1 only. Every request and
 * every socket must carry the token (query, cookie or bearer header); the Host header must name
 * this server, which stops DNS-rebinding pages from reaching it.
 */
export async function startServer(options: ServeOptions): Promise<RunningServer> {
  const token = options.token ?? newToken()
  const rendererDir = resolve(options.rendererDir)
  if (token.length < 16) throw new Error('the serve token must be at least 16 characters')
  let port = options.port ?? 0
  const allowedHosts = (): Set<string> => new Set([`${HOST}:${port}`, `localhost:${port}`])

  const authorize = (req: IncomingMessage): { ok: boolean; fromQuery: boolean; reason: string } => {
    if (!allowedHosts().has(req.headers.host ?? '')) return { ok: false, fromQuery: false, reason: 'unexpected Host header' }
    const url = new URL(req.url ?? '/', `http://${HOST}`)
    const { token: given, fromQuery } = tokenOf(req, url, tokenCookieName(port))
    if (!sameToken(given, token)) return { ok: false, fromQuery, reason: 'missing or wrong token' }
    return { ok: true, fromQuery, reason: '' }
  }

  const server = createServer((req, res) => {
    const auth = authorize(req)
    if (!auth.ok) {
      res.writeHead(401, { 'Content-Type': 'text/plain; charset=utf-8' })
      res.end(`401 Unauthorized: ${auth.reason}. Open the URL that \`sieve serve\` printed, with its token.\n`)
      return
    }
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.writeHead(405, { Allow: 'GET, HEAD' }).end()
      return
    }
    void serveStatic(rendererDir, req, res, auth.fromQuery ? `${tokenCookieName(port)}=${token}` : undefined)
  })

  const sockets = new WebSocketServer({ noServer: true, maxPayload: MAX_UPLOAD_CHUNK + (1 << 20) })
  let clients = 0
  server.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    // A peer that resets during the handshake must not raise an unhandled 'error'.
    socket.on('error', () => socket.destroy())
    const auth = authorize(req)
    const url = new URL(req.url ?? '/', `http://${HOST}`)
    const origin = req.headers.origin
    const originOk = origin === undefined || [...allowedHosts()].some((h) => origin === `http://${h}`)
    if (!auth.ok || !originOk || url.pathname !== '/api') {
      socket.end(`HTTP/1.1 ${auth.ok && originOk ? '404 Not Found' : '401 Unauthorized'}\r\nConnection: close\r\n\r\n`)
      socket.destroy()
      return
    }
    sockets.handleUpgrade(req, socket, head, (ws) =>
      attach(ws, options.backend, `websocket-${++clients}`, options.maxBufferedBytes ?? MAX_BUFFERED_BYTES)
    )
  })

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(port, HOST, () => resolve())
  })
  port = (server.address() as AddressInfo).port
  return {
    url: `http://${HOST}:${port}/?token=${encodeURIComponent(token)}`,
    port,
    token,
    close: async () => {
      for (const ws of sockets.clients) ws.terminate()
      sockets.close()
      server.closeAllConnections()
      await new Promise<void>((resolve) => server.close(() => resolve()))
    }
  }
}

type Request = { id?: unknown; method?: unknown; params?: unknown }

/** Sends unless the client has let too much pile up unread: then it is dropped instead of growing the server's memory. */
function sendTo(ws: WebSocket, message: unknown, maxBuffered: number): void {
  if (ws.readyState !== ws.OPEN) return
  if (ws.bufferedAmount > maxBuffered) {
    ws.terminate()
    return
  }
  try {
    ws.send(encodeFrame(message))
  } catch {
    ws.close(1011, 'the message could not be encoded')
  }
}

/**
 * Requests one socket may have unanswered at once. The window has a handful at a time; a client
 * that sends thousands without waiting is answered "busy" instead of queueing work without end.
 */
export const MAX_REQUESTS_IN_FLIGHT = 64

function attach(ws: WebSocket, backend: ServeOptions['backend'], client: string, maxBuffered: number): void {
  const unsubscribe = backend.onEvent((event, payload) => sendTo(ws, { event, payload }, maxBuffered))
  let inFlight = 0
  // Protocol errors (an unknown opcode, an oversized payload): ws has already destroyed this socket;
  // the listener keeps the error from ending the whole server.
  ws.on('error', () => ws.terminate())
  ws.on('close', () => {
    unsubscribe()
    void backend.releaseClient(client)
  })
  ws.on('message', (data: RawData, isBinary: boolean) => {
    const message = isBinary ? requestOf(toBytes(data)) : undefined
    if (message === undefined) {
      ws.close(1003, 'frames must be binary Sieve frames')
      return
    }
    if (inFlight >= MAX_REQUESTS_IN_FLIGHT) {
      const busy = `Too many requests in progress on this connection (${MAX_REQUESTS_IN_FLIGHT}). Wait for some to finish.`
      sendTo(ws, { id: message.id, reply: { ok: false, error: { code: 'BAD_REQUEST', message: busy } } }, maxBuffered)
      return
    }
    inFlight++
    void backend
      .call(message.method, message.params, 'websocket', client)
      .then((reply) => sendTo(ws, { id: message.id, reply }, maxBuffered))
      .finally(() => inFlight--)
  })
}

/** A request is a frame whose header is an object; anything else (null, a number, bad lengths) is not. */
function requestOf(bytes: Uint8Array): Request | undefined {
  let decoded: unknown
  try {
    decoded = decodeFrame(bytes)
  } catch {
    return undefined
  }
  if (typeof decoded !== 'object' || decoded === null || Array.isArray(decoded) || decoded instanceof Uint8Array) return undefined
  return decoded as Request
}

function toBytes(data: RawData): Uint8Array {
  if (Array.isArray(data)) return Buffer.concat(data)
  if (data instanceof ArrayBuffer) return new Uint8Array(data)
  return data
}

async function serveStatic(root: string, req: IncomingMessage, res: ServerResponse, setCookie: string | undefined): Promise<void> {
  const file = fileUnder(root, new URL(req.url ?? '/', `http://${HOST}`).pathname)
  if (file === undefined) {
    res.writeHead(404).end()
    return
  }
  let handle: FileHandle
  let size: number
  try {
    handle = await open(file, 'r')
  } catch (err) {
    const busy = ['EMFILE', 'ENFILE'].includes((err as NodeJS.ErrnoException).code ?? '')
    res.writeHead(busy ? 503 : 404, { 'Content-Type': 'text/plain; charset=utf-8' }).end(busy ? 'Too many open files; try again\n' : 'Not found\n')
    return
  }
  try {
    const s = await handle.stat()
    if (!s.isFile()) throw new Error('not a file')
    size = s.size
  } catch {
    await handle.close()
    res.writeHead(404, { 'Content-Type': 'text/plain; charset=utf-8' }).end('Not found\n')
    return
  }
  const headers: Record<string, string | number> = {
    'Content-Type': contentTypeOf(file),
    'Content-Length': size,
    'Content-Security-Policy': CONTENT_SECURITY_POLICY,
    'X-Content-Type-Options': 'nosniff',
    'Referrer-Policy': 'no-referrer',
    'Cache-Control': 'no-store'
  }
  if (setCookie !== undefined) headers['Set-Cookie'] = `${setCookie}; HttpOnly; SameSite=Strict; Path=/`
  res.writeHead(200, headers)
  if (req.method === 'HEAD') {
    await handle.close()
    res.end()
    return
  }
  // A read that fails midway (EIO, a file cut short) ends this response only.
  pipeline(handle.createReadStream(), res, () => undefined)
}
