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

/**
 * Attachments are numbered in the order the encoder met them, which is the order JSON.parse revives
 * them: any other index (a gap, a repeat, 40,000,000) is a forged frame, refused before anything is
 * allocated for it.
 */
export function decodeFrame(frame: Uint8Array): unknown {
  if (frame.byteLength < 4) throw new Error('frame shorter than its header length')
  const view = new DataView(frame.buffer, frame.byteOffset, frame.byteLength)
  const headerLength = view.getUint32(0, true)
  if (4 + headerLength > frame.byteLength) throw new Error('frame header length exceeds frame size')
  const header = decoder.decode(frame.subarray(4, 4 + headerLength))
  const offsets: number[] = []
  let offset = 4 + headerLength
  const parsed = JSON.parse(header, (_key, value: unknown) => {
    if (!isBinaryRef(value)) return value
    if (value.$bin !== offsets.length) throw new Error(`frame attachment ${value.$bin} out of order (expected ${offsets.length})`)
    if (!Number.isSafeInteger(value.length) || value.length < 0 || offset + value.length > frame.byteLength) {
      throw new Error('frame attachments exceed frame size')
    }
    offsets.push(offset)
    offset += value.length
    return value
  }) as unknown
  return restore(parsed, (ref) => frame.slice(offsets[ref.$bin]!, offsets[ref.$bin]! + ref.length))
}

function restore(value: unknown, load: (ref: BinaryRef) => Uint8Array): unknown {
  if (isBinaryRef(value)) return load(value)
  if (Array.isArray(value)) return value.map((v) => restore(v, load))
  if (typeof value === 'object' && value !== null) {
    // fromEntries defines own properties: a "__proto__" key stays a key, never a prototype.
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, restore(v, load)]))
  }
  return value
}
