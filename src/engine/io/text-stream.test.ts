import { describe, expect, it } from 'vitest'
import { splitLines, StrictUtf8Decoder } from './text-stream'

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

describe('StrictUtf8Decoder', () => {
  it('joins a character split across chunks and names the byte where the text stops being UTF-8', () => {
    const decoder = new StrictUtf8Decoder('/data/a.csv', 1000)
    const euro = Buffer.from('€')
    expect(decoder.decode(Buffer.concat([Buffer.from('ab'), euro.subarray(0, 1)]))).toBe('ab')
    expect(decoder.decode(euro.subarray(1))).toBe('€')
    expect(() => decoder.decode(Buffer.from([0x63, 0xe9, 0x74, 0xe9]))).toThrow(
      expect.objectContaining({ code: 'NOT_UTF8', message: '/data/a.csv is not valid UTF-8 text (near byte 1006). Re-encode it as UTF-8.' })
    )
  })
})
