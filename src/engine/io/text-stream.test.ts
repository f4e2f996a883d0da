import { describe, expect, it } from 'vitest'
import { splitLines } from './text-stream'

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
