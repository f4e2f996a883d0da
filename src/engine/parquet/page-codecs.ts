import { brotliDecompressSync, gunzipSync } from 'node:zlib'
import { decompress as zstdDecompress } from 'fzstd'

/**
 * Decompression of one Parquet page body, for the checks that must look inside a page (the
 * dictionary index bit width). Codecs without a decoder here (LZO, Hadoop-framed LZ4) give
 * undefined: those pages are left to the full decode. Corrupt input throws.
 */
export function decompressPage(codec: string, body: Uint8Array, uncompressedSize: number): Uint8Array | undefined {
  switch (codec) {
    case 'UNCOMPRESSED':
      return body
    case 'SNAPPY':
      return snappy(body, uncompressedSize)
    case 'GZIP':
      return gunzipSync(body, { maxOutputLength: Math.max(1, uncompressedSize) })
    case 'BROTLI':
      return brotliDecompressSync(body, { maxOutputLength: Math.max(1, uncompressedSize) })
    case 'ZSTD':
      return zstdDecompress(body, new Uint8Array(uncompressedSize))
    case 'LZ4_RAW':
      return lz4Block(body, uncompressedSize)
    default:
      return undefined
  }
}

class CodecError extends Error {}

function varint(bytes: Uint8Array): { value: number; next: number } {
  let value = 0
  for (let i = 0; i < 5; i++) {
    const b = bytes[i]
    if (b === undefined) break
    value += (b & 0x7f) * 2 ** (7 * i)
    if ((b & 0x80) === 0) return { value, next: i + 1 }
  }
  throw new CodecError('snappy length is not a valid varint')
}

/** Copies `length` bytes from `offset` back in `out` (overlap allowed: that is how runs repeat). */
function copyBack(out: Uint8Array, at: number, offset: number, length: number): void {
  if (offset === 0 || offset > at || at + length > out.length) throw new CodecError('a back-reference points outside the data')
  for (let i = 0; i < length; i++) out[at + i] = out[at + i - offset]!
}

/** Snappy raw block format (not the framed stream): a varint length, then literals and copies. */
function snappy(input: Uint8Array, expected: number): Uint8Array {
  const { value: length, next } = varint(input)
  if (length !== expected) throw new CodecError(`snappy block holds ${length} bytes; the page header says ${expected}`)
  const out = new Uint8Array(length)
  let at = 0
  let i = next
  const byte = (): number => {
    const b = input[i++]
    if (b === undefined) throw new CodecError('snappy block ends early')
    return b
  }
  while (i < input.length) {
    const tag = byte()
    const kind = tag & 3
    if (kind === 0) {
      let n = tag >> 2
      if (n >= 60) {
        const extra = n - 59
        n = 0
        for (let k = 0; k < extra; k++) n += byte() * 2 ** (8 * k)
      }
      n += 1
      if (i + n > input.length || at + n > out.length) throw new CodecError('a snappy literal runs past the data')
      out.set(input.subarray(i, i + n), at)
      i += n
      at += n
    } else if (kind === 1) {
      const n = 4 + ((tag >> 2) & 7)
      copyBack(out, at, ((tag >> 5) << 8) | byte(), n)
      at += n
    } else {
      const n = (tag >> 2) + 1
      let offset = byte() | (byte() << 8)
      if (kind === 3) offset += byte() * 2 ** 16 + byte() * 2 ** 24
      copyBack(out, at, offset, n)
      at += n
    }
  }
  if (at !== length) throw new CodecError(`snappy block decodes to ${at} bytes; it declares ${length}`)
  return out
}

/** LZ4 block format (LZ4_RAW): sequences of literals then a match, the last with literals only. */
function lz4Block(input: Uint8Array, expected: number): Uint8Array {
  const out = new Uint8Array(expected)
  let at = 0
  let i = 0
  const byte = (): number => {
    const b = input[i++]
    if (b === undefined) throw new CodecError('lz4 block ends early')
    return b
  }
  const extend = (n: number): number => {
    if (n !== 15) return n
    for (;;) {
      const b = byte()
      n += b
      if (b !== 255) return n
    }
  }
  while (i < input.length) {
    const token = byte()
    const literals = extend(token >> 4)
    if (i + literals > input.length || at + literals > out.length) throw new CodecError('an lz4 literal runs past the data')
    out.set(input.subarray(i, i + literals), at)
    i += literals
    at += literals
    if (i === input.length) break
    const offset = byte() | (byte() << 8)
    const n = extend(token & 15) + 4
    copyBack(out, at, offset, n)
    at += n
  }
  if (at !== expected) throw new CodecError(`lz4 block decodes to ${at} bytes; the page header says ${expected}`)
  return out
}
