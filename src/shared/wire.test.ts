import { describe, expect, it } from 'vitest'
import { decodeFrame, encodeFrame } from './wire'

describe('wire frames', () => {
  it('round-trips nested values and carries byte arrays as attachments, not JSON numbers', () => {
    const bytes = new Uint8Array(1 << 16).map((_, i) => i % 251)
    const message = { id: 7, reply: { ok: true, result: { head: bytes, nested: [{ b: new Uint8Array([1, 2, 3]) }], text: 'ünï' } } }
    const frame = encodeFrame(message)
    // The header must not contain the bytes spelled out as numbers.
    const headerLength = new DataView(frame.buffer).getUint32(0, true)
    expect(headerLength).toBeLessThan(300)
    expect(frame.byteLength).toBe(4 + headerLength + bytes.byteLength + 3)
    expect(decodeFrame(frame)).toEqual(message)
  })

  it('carries a Node Buffer as bytes too (Buffer.toJSON must not turn it into numbers)', () => {
    const decoded = decodeFrame(encodeFrame({ b: Buffer.from('hello') })) as { b: Uint8Array }
    expect(decoded.b).toBeInstanceOf(Uint8Array)
    expect(Buffer.from(decoded.b).toString()).toBe('hello')
  })

  it('rejects frames whose lengths do not add up', () => {
    const frame = encodeFrame({ a: new Uint8Array(10) })
    expect(() => decodeFrame(frame.subarray(0, frame.byteLength - 1))).toThrow(/exceed/)
    expect(() => decodeFrame(new Uint8Array([1, 0]))).toThrow()
    const lying = new Uint8Array(frame)
    new DataView(lying.buffer).setUint32(0, 1 << 30, true)
    expect(() => decodeFrame(lying)).toThrow(/exceeds/)
  })

  it('refuses attachment indices that are not the next attachment: a huge one, a gap, a repeat, a negative length', () => {
    const forged = (header: unknown, attached = 0): Uint8Array => {
      const json = new TextEncoder().encode(JSON.stringify(header))
      const frame = new Uint8Array(4 + json.byteLength + attached)
      new DataView(frame.buffer).setUint32(0, json.byteLength, true)
      frame.set(json, 4)
      return frame
    }
    expect(() => decodeFrame(forged({ x: { $bin: 40_000_000, length: 0 } }))).toThrow(/attachment 40000000 out of order/)
    expect(() => decodeFrame(forged({ x: { $bin: 1, length: 1 } }, 2))).toThrow(/out of order/)
    expect(() =>
      decodeFrame(
        forged(
          [
            { $bin: 0, length: 1 },
            { $bin: 0, length: 1 }
          ],
          2
        )
      )
    ).toThrow(/out of order/)
    expect(() => decodeFrame(forged({ x: { $bin: 0, length: -1 } }, 1))).toThrow(/exceed/)
    expect(
      decodeFrame(
        forged(
          [
            { $bin: 0, length: 1 },
            { $bin: 1, length: 1 }
          ],
          2
        )
      )
    ).toEqual([new Uint8Array(1), new Uint8Array(1)])
  })

  it('keeps a "__proto__" key as a plain key, never as the prototype of the decoded object', () => {
    const json = new TextEncoder().encode('{"__proto__":{"polluted":true}}')
    const frame = new Uint8Array(4 + json.byteLength)
    new DataView(frame.buffer).setUint32(0, json.byteLength, true)
    frame.set(json, 4)
    const decoded = decodeFrame(frame) as Record<string, unknown>
    expect(Object.getPrototypeOf(decoded)).toBe(Object.prototype)
    expect(Object.keys(decoded)).toEqual(['__proto__'])
    expect(decoded.polluted).toBeUndefined()
  })
})
