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
})
