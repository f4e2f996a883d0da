import { describe, expect, it } from 'vitest'
import { LenientUtf8Decoder, splitLines } from './text-stream'

async function* chunks(...parts: string[]): AsyncGenerator<Buffer> {
  for (const p of parts) yield Buffer.from(p)
}

async function collect(gen: AsyncIterable<{ bytes: Buffer; lineNumber: number; offset: number }>): Promise<[string, number, number][]> {
  const out: [string, number, number][] = []
  for await (const line of gen) out.push([line.bytes.toString(), line.lineNumber, line.offset])
  return out
}

describe('splitLines', () => {
  it('splits across chunk borders, strips \\r\\n and keeps byte offsets', async () => {
    const lines = await collect(splitLines(chunks('ab', 'c\r\nde', 'f\n', '\ng'), 1 << 20, 'x'))
    expect(lines).toEqual([
      ['abc', 1, 0],
      ['def', 2, 5],
      ['', 3, 9],
      ['g', 4, 10]
    ])
  })

  it('stops on a line longer than the limit instead of buffering it', async () => {
    const big = 'x'.repeat(100)
    await expect(collect(splitLines(chunks('ok\n', big, big, '\n'), 150, 'big.jsonl'))).rejects.toThrow(/Line 2 of big.jsonl is longer/)
  })
})

describe('LenientUtf8Decoder', () => {
  it('joins a character split across chunks, keeps a leading U+FEFF and marks each invalid byte with its position', () => {
    const decoder = new LenientUtf8Decoder(1000)
    const euro = Buffer.from('€')
    expect(decoder.decode(Buffer.concat([Buffer.from('\uFEFFab'), euro.subarray(0, 1)]))).toBe('\uFEFFab')
    expect(decoder.decode(euro.subarray(1))).toBe('€')
    const text = decoder.decode(Buffer.from([0x63, 0xe9, 0x74, 0xed, 0xa0, 0x80]))
    expect(text).toBe('c\udce9t\udced\udca0\udc80')
    expect(text.isWellFormed()).toBe(false)
    expect(decoder.take(text)).toBe(1009)
    expect(decoder.decode(Buffer.from([0xc3]), true)).toBe('\udcc3')
  })
})
