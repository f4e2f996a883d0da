import { createHash } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import { md5, md5Hex } from './md5'
import { generator, randomText } from './testing-texts'

describe('md5', () => {
  it("equals node:crypto's digest for every length across block boundaries", () => {
    const rand = generator(5)
    const bytes = new Uint8Array(4096)
    for (let i = 0; i < bytes.length; i++) bytes[i] = Math.floor(rand() * 256)
    const out = new Int32Array(4)
    for (const length of [...Array.from({ length: 200 }, (_, i) => i), 447, 448, 511, 512, 513, 1000, 3000]) {
      const start = Math.floor(rand() * (bytes.length - length))
      md5(bytes, start, start + length, out)
      const got = Buffer.from(out.buffer).toString('hex')
      expect([length, got]).toEqual([
        length,
        createHash('md5')
          .update(bytes.subarray(start, start + length))
          .digest('hex')
      ])
    }
  })

  it('md5Hex equals createHash(md5).update(text, utf8).digest(hex) on varied texts, lone surrogates included', () => {
    const rand = generator(9)
    const texts = ['', 'a', '\ud800', 'x\udc00y', '🙂', 'İstanbul', ...Array.from({ length: 2000 }, () => randomText(rand))]
    for (const text of texts) expect([text, md5Hex(text)]).toEqual([text, createHash('md5').update(text, 'utf8').digest('hex')])
  })
})
