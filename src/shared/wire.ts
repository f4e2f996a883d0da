/**
 * The WebSocket frame format: one binary frame per message,
 *   [u32 little-endian header length][UTF-8 JSON header][binary attachments, back to back].
 * Byte arrays inside the message are replaced in the header by {"$bin": index, "length": n} so that
 * Arrow IPC tables and upload chunks cross as bytes, never as JSON arrays of numbers.
 */

interface BinaryRef {
  $bin: number
  length: number
}

const encoder = new TextEncoder()
const decoder = new TextDecoder()

function isBinaryRef(value: unknown): value is BinaryRef {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as BinaryRef).$bin === 'number' &&
    typeof (value as BinaryRef).length === 'number' &&
    Object.keys(value).length === 2
  )
}

export function encodeFrame(message: unknown): Uint8Array {
  const blobs: Uint8Array[] = []
  const header = JSON.stringify(message, function (this: Record<string, unknown>, key: string, value: unknown) {
    // The holder's raw value: a Node Buffer has been turned into {type, data} by its toJSON already.
    const raw = this[key]
    if (raw instanceof Uint8Array) {
      blobs.push(raw)
      return { $bin: blobs.length - 1, length: raw.byteLength }
    }
    return value
  })
  const headerBytes = encoder.encode(header)
  let total = 4 + headerBytes.byteLength
  for (const b of blobs) total += b.byteLength
  const frame = new Uint8Array(total)
  new DataView(frame.buffer).setUint32(0, headerBytes.byteLength, true)
  frame.set(headerBytes, 4)
  let offset = 4 + headerBytes.byteLength
  for (const b of blobs) {
    frame.set(b, offset)
    offset += b.byteLength
  }
  return frame
}

export function decodeFrame(frame: Uint8Array): unknown {
  if (frame.byteLength < 4) throw new Error('frame shorter than its header length')
  const view = new DataView(frame.buffer, frame.byteOffset, frame.byteLength)
  const headerLength = view.getUint32(0, true)
  if (4 + headerLength > frame.byteLength) throw new Error('frame header length exceeds frame size')
  const header = decoder.decode(frame.subarray(4, 4 + headerLength))
  const blobStarts: number[] = []
  const parsed = JSON.parse(header, (_key, value: unknown) => {
    if (isBinaryRef(value)) {
      blobStarts[value.$bin] = value.length
      return value
    }
    return value
  }) as unknown
  const offsets: number[] = []
  let offset = 4 + headerLength
  for (let i = 0; i < blobStarts.length; i++) {
    offsets[i] = offset
    offset += blobStarts[i] ?? 0
  }
  if (offset > frame.byteLength) throw new Error('frame attachments exceed frame size')
  return restore(parsed, (ref) => frame.slice(offsets[ref.$bin]!, offsets[ref.$bin]! + ref.length))
}

function restore(value: unknown, load: (ref: BinaryRef) => Uint8Array): unknown {
  if (isBinaryRef(value)) return load(value)
  if (Array.isArray(value)) return value.map((v) => restore(v, load))
  if (typeof value === 'object' && value !== null) {
    const out: Record<string, unknown> = {}
    for (const [k, v] of Object.entries(value)) out[k] = restore(v, load)
    return out
  }
  return value
}
