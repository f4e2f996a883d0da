import { randomBytes } from 'node:crypto'
import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { scratchDir } from '../testing'
import { FileBytes, requiredBits } from './kenlm-bytes'

const scratch = scratchDir('sieve-kenlm-bytes-')
afterAll(() => scratch.remove())

/** `length` bits at bit `bit` of `data`, least significant first, by BigInt arithmetic on the bytes. */
function referenceBits(data: Buffer, bit: number, length: number): number {
  let value = 0n
  for (let i = 0; i < 8; i++) value |= BigInt(data[Math.floor(bit / 8) + i] ?? 0) << BigInt(8 * i)
  return Number((value >> BigInt(bit % 8)) & ((1n << BigInt(length)) - 1n))
}

describe('FileBytes', () => {
  const data = randomBytes(1000)
  const path = join(scratch.path, 'random.bin')
  writeFileSync(path, data)

  for (const options of [{}, { blockBytes: 64 }, { blockBytes: 17 }, { blockBytes: 64, maxBlocks: 3 }, { blockBytes: 17, maxBlocks: 1 }]) {
    it(`reads every offset as a Buffer does, held as ${JSON.stringify(options)}`, () => {
      const bytes = FileBytes.open(path, options)
      expect(bytes.size).toBe(1000)
      for (let at = 0; at + 8 <= data.length; at++) {
        expect([bytes.u8(at), bytes.u32(at), bytes.f32(at)]).toEqual([data.readUInt8(at), data.readUInt32LE(at), data.readFloatLE(at)])
        const u64 = data.readBigUInt64LE(at)
        expect(bytes.u64(at)).toBe(u64 <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(u64) : undefined)
      }
      for (let bit = 0; bit + 64 <= data.length * 8; bit += 13) {
        for (const length of [1, 7, 25, 31, 32, 33, 45, 52]) expect(bytes.bits(bit, length)).toBe(referenceBits(data, bit, length))
      }
      expect(bytes.slice(3, 990).equals(data.subarray(3, 990))).toBe(true)
      expect(bytes.slice(0, 1000).equals(data)).toBe(true)
    })
  }

  it('reads zeros past the end, as bit-level reads of the last entries may look there', () => {
    for (const options of [{}, { blockBytes: 64, maxBlocks: 2 }]) expect(FileBytes.open(path, options).bits(999 * 8 + 4, 12)).toBe(data[999]! >> 4)
  })

  it('refuses a file it cannot open, naming it', () => {
    expect(() => FileBytes.open(join(scratch.path, 'missing.bin'))).toThrow(/missing\.bin/)
  })
})

describe('requiredBits', () => {
  it('is the bits of the highest value, as KenLM counts them', () => {
    expect([0, 1, 2, 3, 4, 255, 256, 2 ** 40].map(requiredBits)).toEqual([0, 1, 2, 2, 3, 8, 9, 41])
  })
})
