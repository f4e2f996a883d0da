import { readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { SieveError } from '../../shared/errors'
import { scratchDir } from '../testing'
import { ArpaModel } from './kenlm-arpa'
import { KenlmBinaryModel } from './kenlm-binary'
import { loadKenlmModel } from './kenlm-load'
import { LM_FIXTURES, readLmFixtures } from './testing-lm'

const scratch = scratchDir('sieve-kenlm-binary-')
afterAll(() => scratch.remove())

/** The eval documents' SentencePiece pieces, one sentence each, as scripts/gen-kenlm-fixtures.sh gave them to query. */
const sentences = readLmFixtures().pieces.map((p) => p.join(' '))

/**
 * query's totals for each sentence, with <s> and </s> (query -v sentence) and then with neither
 * (query -n): printed as the shortest decimal that reads back as the same float32.
 */
function queryTotals(model: string): { withBoundaries: number[]; without: number[] } {
  const totals = readFileSync(join(LM_FIXTURES, `${model}.query.txt`), 'utf8')
    .trim()
    .split('\n')
    .map((line) => Math.fround(Number(/^Total: (\S+) OOV: \d+$/.exec(line)![1])))
  expect(totals).toHaveLength(2 * sentences.length)
  return { withBoundaries: totals.slice(0, sentences.length), without: totals.slice(sentences.length) }
}

/**
 * Every binary fixture, with the committed ARPA file build_binary made it from (if any) and whether
 * its values are that file's exactly; the bigram models have no <unk>, so KenLM gives it -100.
 */
const VARIANTS: { file: string; arpa?: string; exact: boolean; order: number; vocabulary: number }[] = [
  { file: 'tiny.probing', arpa: 'tiny.arpa', exact: true, order: 3, vocabulary: 410 },
  { file: 'tiny.trie', arpa: 'tiny.arpa', exact: true, order: 3, vocabulary: 410 },
  { file: 'small5.probing', arpa: 'small5.arpa', exact: true, order: 5, vocabulary: 332 },
  { file: 'small5.trie', arpa: 'small5.arpa', exact: true, order: 5, vocabulary: 332 },
  { file: 'small5.trie-a22', arpa: 'small5.arpa', exact: true, order: 5, vocabulary: 332 },
  { file: 'small5.trie-v', arpa: 'small5.arpa', exact: true, order: 5, vocabulary: 332 },
  { file: 'small5.trie-q8', arpa: 'small5.arpa', exact: false, order: 5, vocabulary: 332 },
  { file: 'small5.trie-q8-a22', arpa: 'small5.arpa', exact: false, order: 5, vocabulary: 332 },
  { file: 'small2.probing', exact: false, order: 2, vocabulary: 332 },
  { file: 'small2.trie', exact: false, order: 2, vocabulary: 332 }
]

function copyWith(name: string, from: string, change: (bytes: Buffer) => Buffer): string {
  const path = join(scratch.path, name)
  writeFileSync(path, change(readFileSync(join(LM_FIXTURES, from))))
  return path
}

async function refusal(path: string): Promise<string> {
  const error = await KenlmBinaryModel.load(path).then(
    () => undefined,
    (err: unknown) => err
  )
  expect(error).toBeInstanceOf(SieveError)
  expect((error as SieveError).code).toBe('BAD_REQUEST')
  return (error as SieveError).message
}

describe('KenlmBinaryModel', () => {
  for (const { file, arpa, exact, order, vocabulary } of VARIANTS) {
    it(`scores ${file}.bin as KenLM's query does, sentence by sentence`, async () => {
      const model = await KenlmBinaryModel.load(join(LM_FIXTURES, `${file}.bin`))
      const { withBoundaries, without } = queryTotals(file)
      expect(sentences.map((s) => model.score(s))).toEqual(withBoundaries)
      expect(sentences.map((s) => model.score(s, false, false))).toEqual(without)
      expect([model.order, model.vocabularySize]).toEqual([order, vocabulary])
      if (arpa !== undefined) {
        const fromArpa = await ArpaModel.load(join(LM_FIXTURES, arpa))
        expect([fromArpa.order, fromArpa.vocabularySize]).toEqual([order, vocabulary])
        if (exact) {
          // Unquantized, it holds the ARPA file's float32 values: the ARPA reader's scores are the same, with any boundaries.
          for (const [bos, eos] of [
            [true, true],
            [true, false],
            [false, true],
            [false, false]
          ] as const) {
            expect(sentences.map((s) => model.score(s, bos, eos))).toEqual(sentences.map((s) => fromArpa.score(s, bos, eos)))
          }
        }
      }
    })
  }

  it('scores the same read block by block, blocks that entries and bit fields straddle, a few kept at a time', async () => {
    for (const file of ['tiny.probing', 'small5.trie-q8-a22', 'small5.trie']) {
      for (const options of [{ blockBytes: 1001 }, { blockBytes: 1001, maxBlocks: 4 }, { blockBytes: 4096, maxBlocks: 1 }]) {
        const model = await KenlmBinaryModel.load(join(LM_FIXTURES, `${file}.bin`), options)
        expect(sentences.map((s) => model.score(s))).toEqual(queryTotals(file).withBoundaries)
      }
    }
  })

  it('scores words it does not know as <unk>, and splits on ASCII white space only', async () => {
    const model = await KenlmBinaryModel.load(join(LM_FIXTURES, 'small5.probing.bin'))
    const arpa = await ArpaModel.load(join(LM_FIXTURES, 'small5.arpa'))
    for (const text of ['never-seen zzz ▁the', ' \t▁the\u00a0▁cat ', '', '▁How ▁many ▁apples']) expect(model.score(text)).toBe(arpa.score(text))
  })

  it('is loaded by loadKenlmModel from either format, told apart by content', async () => {
    expect(await loadKenlmModel(join(LM_FIXTURES, 'tiny.trie.bin'))).toBeInstanceOf(KenlmBinaryModel)
    expect(await loadKenlmModel(join(LM_FIXTURES, 'tiny.arpa'))).toBeInstanceOf(ArpaModel)
  })

  it('refuses a truncated file, saying so, wherever it was cut', async () => {
    expect(await refusal(copyWith('head.bin', 'tiny.probing.bin', (b) => b.subarray(0, 60)))).toMatch(
      /head\.bin is not a KenLM binary model Sieve can read: it ends within its header, after 60 bytes\./
    )
    expect(await refusal(copyWith('tables.bin', 'tiny.probing.bin', (b) => b.subarray(0, 100_000)))).toMatch(
      /tables\.bin is not a KenLM binary model Sieve can read: it is truncated: its header's counts make it at least (\d+) bytes, but it has 100000\./
    )
    expect(await refusal(copyWith('words.bin', 'tiny.probing.bin', (b) => b.subarray(0, b.length - 10)))).toMatch(
      /words\.bin .*it has 40\d vocabulary words at its end where its tables say 410: the file is truncated\./
    )
    expect(await refusal(copyWith('trie.bin', 'small5.trie-q8-a22.bin', (b) => b.subarray(0, 5000)))).toMatch(
      /trie\.bin .*it is truncated: .* but it has 5000\./
    )
  })

  it('refuses a file that is not a KenLM binary model, or one of a version or kind Sieve does not read', async () => {
    const header = (b: Buffer, patch: (b: Buffer) => void): Buffer => {
      const copy = Buffer.from(b)
      patch(copy)
      return copy
    }
    expect(await refusal(join(LM_FIXTURES, 'tiny.arpa'))).toMatch(/tiny\.arpa .*it does not begin with KenLM's header/)
    expect(await refusal(copyWith('v4.bin', 'tiny.probing.bin', (b) => header(b, (c) => c.write('4', 49, 'latin1'))))).toMatch(
      /it is in KenLM's binary format version 4; Sieve reads version 5/
    )
    expect(
      await refusal(
        copyWith('incomplete.bin', 'tiny.probing.bin', (b) =>
          header(b, (c) => c.write('mmap lm http://kheafield.com/code incomplete\n', 0, 'latin1'))
        )
      )
    ).toMatch(/build_binary did not finish writing it/)
    expect(await refusal(copyWith('sanity.bin', 'tiny.probing.bin', (b) => header(b, (c) => c.writeFloatLE(2, 60))))).toMatch(
      /its header's test values are not those of a 64-bit little-endian build of KenLM/
    )
    expect(await refusal(copyWith('rest.bin', 'tiny.probing.bin', (b) => header(b, (c) => c.writeInt32LE(1, 96))))).toMatch(
      /it holds probing hash tables with rest costs \(build_binary -r\), which Sieve does not read/
    )
    expect(await refusal(copyWith('type9.bin', 'tiny.probing.bin', (b) => header(b, (c) => c.writeInt32LE(9, 96))))).toMatch(
      /model type 9, which KenLM does not have/
    )
    expect(await refusal(copyWith('search.bin', 'tiny.trie.bin', (b) => header(b, (c) => c.writeUInt32LE(0, 104))))).toMatch(
      /it holds trie version 0, but KenLM \(and Sieve\) read version 1/
    )
  })

  it('refuses to score with a trie whose pointers run past their table, rather than giving a wrong score', async () => {
    // tiny.trie.bin: a 136-byte header, then the vocabulary (a count and 410 hashes), then 412 unigrams of
    // 16 bytes whose last 8 are the first bigram; each set beyond the 6992 bigrams.
    const unigramsAt = 136 + 8 + 8 * 410
    const path = copyWith('pointer.bin', 'tiny.trie.bin', (b) => {
      const copy = Buffer.from(b)
      for (let word = 0; word < 412; word++) copy.writeBigUInt64LE(99_999n, unigramsAt + word * 16 + 8)
      return copy
    })
    const damaged = await KenlmBinaryModel.load(path)
    expect(() => damaged.score(sentences[0]!)).toThrow(
      /pointer\.bin is not a KenLM binary model Sieve can read: an n-gram points to entries 99999\.\.99999 of a table of 6992\./
    )
  })
})
