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
  // eslint-disable-next-line prefer-const -- assigned once, after the transform that reads it exists
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

/**
 * Decodes a file's chunks as UTF-8 text, keeping a leading U+FEFF (a BOM is the parser's to drop,
 * at the file's start only). A byte that is not part of a UTF-8 character becomes the lone
 * surrogate U+DC80 + (byte − 0x80), which no valid text decodes to, so the parser can quarantine
 * the one record holding it; its position in the file is kept for the bad record.
 */
export class LenientUtf8Decoder {
  private readonly fatal = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true })
  private carry: Buffer = Buffer.alloc(0)
  private position: number
  /** Positions of the invalid bytes decoded so far and not yet taken by a record, in order. */
  private readonly invalid: number[] = []

  constructor(firstByte = 0) {
    this.position = firstByte
  }

  /** Decodes a chunk; a character cut at its end waits for the next chunk (or `final`). */
  decode(chunk: Uint8Array, final = false): string {
    const bytes = this.carry.length > 0 ? Buffer.concat([this.carry, chunk]) : Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength)
    const end = final ? bytes.length : completeLength(bytes)
    this.carry = Buffer.from(bytes.subarray(end))
    const body = bytes.subarray(0, end)
    const base = this.position
    this.position += end
    try {
      return this.fatal.decode(body)
    } catch {
      return this.escape(body, base)
    }
  }

  /** The file position of the first invalid byte in a record's text, taking that record's invalid bytes off the queue. */
  take(text: string): number | undefined {
    let count = 0
    for (let i = 0; i < text.length; i++) {
      const c = text.charCodeAt(i)
      if (c >= 0xdc80 && c <= 0xdcff) count++
    }
    return this.invalid.splice(0, count)[0]
  }

  private escape(body: Buffer, base: number): string {
    const parts: string[] = []
    let run = 0
    let i = 0
    while (i < body.length) {
      const n = sequenceLength(body, i)
      if (n > 0) {
        i += n
        continue
      }
      parts.push(body.toString('utf8', run, i), String.fromCharCode(0xdc00 + body[i]!))
      this.invalid.push(base + i)
      i++
      run = i
    }
    parts.push(body.toString('utf8', run, body.length))
    return parts.join('')
  }
}

/** How many leading bytes hold whole characters: a lead byte in the last three whose character is cut stays back. */
function completeLength(bytes: Uint8Array): number {
  for (let i = bytes.length - 1; i >= Math.max(0, bytes.length - 3); i--) {
    const b = bytes[i]!
    if (b < 0x80) return bytes.length
    if (b >= 0xc0) {
      const need = b >= 0xf0 ? 4 : b >= 0xe0 ? 3 : 2
      return bytes.length - i < need ? i : bytes.length
    }
  }
  return bytes.length
}

const isContinuation = (b: number | undefined): boolean => b !== undefined && b >= 0x80 && b <= 0xbf

/** The length of the valid UTF-8 character at `i`, or 0 when the byte there starts none (RFC 3629). */
function sequenceLength(bytes: Uint8Array, i: number): number {
  const b = bytes[i]!
  if (b < 0x80) return 1
  const b1 = bytes[i + 1]
  if (b >= 0xc2 && b <= 0xdf) return isContinuation(b1) ? 2 : 0
  if (b >= 0xe0 && b <= 0xef) {
    const low = b === 0xe0 ? 0xa0 : 0x80
    const high = b === 0xed ? 0x9f : 0xbf
    return b1 !== undefined && b1 >= low && b1 <= high && isContinuation(bytes[i + 2]) ? 3 : 0
  }
  if (b >= 0xf0 && b <= 0xf4) {
    const low = b === 0xf0 ? 0x90 : 0x80
    const high = b === 0xf4 ? 0x8f : 0xbf
    return b1 !== undefined && b1 >= low && b1 <= high && isContinuation(bytes[i + 2]) && isContinuation(bytes[i + 3]) ? 4 : 0
  }
  return 0
}
