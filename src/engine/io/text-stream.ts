import { createReadStream } from 'node:fs'
import { createGunzip } from 'node:zlib'
import { Transform, type Readable } from 'node:stream'
import { Decompress as ZstdDecompress } from 'fzstd'
import type { Compression } from '../../shared/dataset'
import { SieveError } from '../../shared/errors'
import { fileError } from './fs-errors'

export interface TextStream {
  /** Decompressed bytes, in chunks. */
  chunks: AsyncIterable<Buffer>
  /** Bytes read from the file so far (compressed bytes for a compressed file). */
  bytesRead(): number
  close(): void
}

function zstdTransform(): Transform {
  let decoder: ZstdDecompress
  const transform = new Transform({
    transform(chunk: Buffer, _enc, done) {
      try {
        decoder.push(chunk)
        done()
      } catch (err) {
        done(err as Error)
      }
    },
    flush(done) {
      try {
        decoder.push(new Uint8Array(0), true)
        done()
      } catch (err) {
        done(err as Error)
      }
    }
  })
  decoder = new ZstdDecompress((data) => transform.push(Buffer.from(data.buffer, data.byteOffset, data.byteLength)))
  return transform
}

/** Opens a text file for streaming, decompressing gzip or zstd on the way. */
export function openTextStream(path: string, compression: Compression): TextStream {
  const file = createReadStream(path, { highWaterMark: 1 << 20 })
  let stream: Readable = file
  if (compression === 'gzip') stream = file.pipe(createGunzip())
  else if (compression === 'zstd') stream = file.pipe(zstdTransform())
  file.on('error', (err) => stream.destroy(fileError(err, path)))
  async function* chunks(): AsyncGenerator<Buffer> {
    try {
      for await (const chunk of stream) yield chunk as Buffer
    } catch (err) {
      if (err instanceof SieveError) throw err
      const code = (err as NodeJS.ErrnoException).code
      if (code !== undefined && code.startsWith('Z_')) {
        throw new SieveError('UNREADABLE', `${path} is not a valid ${compression} stream: ${(err as Error).message}.`, { path })
      }
      throw fileError(err, path)
    }
  }
  return {
    chunks: chunks(),
    bytesRead: () => file.bytesRead,
    close: () => {
      stream.destroy()
      file.destroy()
    }
  }
}

export interface Line {
  /** The line's bytes without its terminator (\n or \r\n). */
  bytes: Buffer
  /** 1-based line number. */
  lineNumber: number
  /** Byte offset of the line in the decompressed text. */
  offset: number
}

/**
 * Splits a byte stream into lines without decoding it first, so a line is decoded once and a
 * line longer than `maxLineBytes` is reported instead of exhausting memory.
 */
export async function* splitLines(chunks: AsyncIterable<Buffer>, maxLineBytes: number, path: string): AsyncGenerator<Line> {
  let pending: Buffer[] = []
  let pendingBytes = 0
  let lineNumber = 0
  let offset = 0
  const emit = (bytes: Buffer): Line => {
    lineNumber++
    const end = bytes.length > 0 && bytes[bytes.length - 1] === 0x0d ? bytes.length - 1 : bytes.length
    const line = { bytes: bytes.subarray(0, end), lineNumber, offset }
    offset += bytes.length + 1
    return line
  }
  const tooLong = (): SieveError =>
    new SieveError(
      'LINE_TOO_LONG',
      `Line ${lineNumber + 1} of ${path} is longer than ${Math.round(maxLineBytes / (1 << 20))} MB. Is this really a JSONL or CSV file? Split the record or raise the limit.`,
      { path, line: lineNumber + 1, offset }
    )
  for await (const chunk of chunks) {
    let start = 0
    for (;;) {
      const nl = chunk.indexOf(0x0a, start)
      if (nl === -1) break
      const piece = chunk.subarray(start, nl)
      if (pendingBytes + piece.length > maxLineBytes) throw tooLong()
      if (pending.length === 0) {
        yield emit(piece)
      } else {
        pending.push(piece)
        yield emit(Buffer.concat(pending))
        pending = []
        pendingBytes = 0
      }
      start = nl + 1
    }
    if (start < chunk.length) {
      const rest = chunk.subarray(start)
      pendingBytes += rest.length
      if (pendingBytes > maxLineBytes) throw tooLong()
      pending.push(rest)
    }
  }
  if (pendingBytes > 0) yield emit(Buffer.concat(pending))
}

/** Decodes a file's chunks as UTF-8 text, refusing bytes that are not UTF-8 with the file and the byte named. */
export class StrictUtf8Decoder {
  private readonly decoder = new TextDecoder('utf-8', { fatal: true })
  private position: number

  constructor(
    private readonly path: string,
    firstByte = 0
  ) {
    this.position = firstByte
  }

  decode(chunk: Uint8Array): string {
    try {
      return this.decoder.decode(chunk, { stream: true })
    } catch {
      const near = this.position + validPrefixLength(chunk)
      throw new SieveError('NOT_UTF8', `${this.path} is not valid UTF-8 text (near byte ${near}). Re-encode it as UTF-8.`, {
        path: this.path
      })
    } finally {
      this.position += chunk.length
    }
  }
}

/** How many leading bytes of a chunk are whole UTF-8 characters before the first broken one (error path only). */
function validPrefixLength(chunk: Uint8Array): number {
  // Streamed, a prefix stays valid up to the byte that breaks a character: binary-search for that byte.
  let valid = 0
  let invalid = chunk.length
  while (invalid - valid > 1) {
    const middle = (valid + invalid) >>> 1
    if (decodes(chunk.subarray(0, middle), true)) valid = middle
    else invalid = middle
  }
  // That prefix may end inside the broken character (up to 3 bytes): point at where the character starts.
  let start = valid
  while (start > 0 && valid - start < 3 && !decodes(chunk.subarray(0, start), false)) start--
  return start
}

function decodes(bytes: Uint8Array, stream: boolean): boolean {
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(bytes, { stream })
    return true
  } catch {
    return false
  }
}
