import { describe, expect, it } from 'vitest'
import { decodeFrame, encodeFrame } from './wire'

/** A frame built by hand: [u32 LE header length][header][attachments]. */
function frameOf(header: string, ...attachments: Uint8Array[]): Uint8Array {
  const head = Buffer.from(header, 'utf8')
  const length = Buffer.alloc(4)
  length.writeUInt32LE(head.length)
  return new Uint8Array(Buffer.concat([length, head, ...attachments]))
}

describe('wire frames: the exact layout', () => {
  it('a message without byte arrays is its JSON and nothing after it', () => {
    const frame = encodeFrame({ id: 1, ok: true })
    expect(Buffer.from(frame).toString('utf8', 4)).toBe('{"id":1,"ok":true}')
    expect(decodeFrame(frame)).toEqual({ id: 1, ok: true })
  })

  it('attachments are numbered from 0 in the order met; a hand-made frame decodes by those numbers, any other order is refused', () => {
    const frame = encodeFrame({ a: new Uint8Array([1]), b: new Uint8Array([2, 3]) })
    const headerLength = new DataView(frame.buffer).getUint32(0, true)
    expect(JSON.parse(Buffer.from(frame).toString('utf8', 4, 4 + headerLength))).toEqual({ a: { $bin: 0, length: 1 }, b: { $bin: 1, length: 2 } })
    const decoded = decodeFrame(
      frameOf('{"x":{"$bin":0,"length":2},"y":{"$bin":1,"length":1}}', new Uint8Array([7, 8]), new Uint8Array([9]))
    ) as Record<string, Uint8Array>
    expect([...decoded.x!]).toEqual([7, 8])
    expect([...decoded.y!]).toEqual([9])
    for (const forged of [
      '{"x":{"$bin":1,"length":1},"y":{"$bin":0,"length":2}}',
      '{"x":{"$bin":0,"length":1},"y":{"$bin":0,"length":1}}',
      '{"x":{"$bin":40000000,"length":1}}'
    ]) {
      expect(() => decodeFrame(frameOf(forged, new Uint8Array([7, 8, 9]))), forged).toThrow('out of order')
    }
  })

  it('objects that only look like attachment references stay plain objects', () => {
    for (const lookalike of [
      { $bin: '0', length: 1 },
      { $bin: 0, length: '1' },
      { $bin: 0, length: 1, extra: true }
    ]) {
      expect(decodeFrame(frameOf(JSON.stringify({ v: lookalike }), new Uint8Array([5])))).toEqual({ v: lookalike })
    }
  })

  it('a frame too short for its own header length says so', () => {
    expect(() => decodeFrame(new Uint8Array([1, 0, 0]))).toThrow('frame shorter than its header length')
    expect(() => decodeFrame(frameOf('{}').subarray(0, 5))).toThrow('frame header length exceeds frame size')
    expect(() => decodeFrame(frameOf('{"a":{"$bin":0,"length":4}}', new Uint8Array(3)))).toThrow('frame attachments exceed frame size')
  })
})
