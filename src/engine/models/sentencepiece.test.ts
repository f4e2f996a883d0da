import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { scratchDir } from '../testing'
import { loadSentencePiece } from './sentencepiece'
import { generateLmFixtures, HAVE_LM_TOOLS, readLmFixtures, type LmFixtures } from './testing-lm'

const scratch = scratchDir('sieve-spm-')
afterAll(() => scratch.remove())

async function compareWithSpmEncode(fixtures: LmFixtures): Promise<void> {
  const model = await loadSentencePiece(join(fixtures.dir, 'tiny.model'))
  expect(fixtures.texts.map((t) => model.encodePieces(t))).toEqual(fixtures.pieces)
}

describe('loadSentencePiece', () => {
  it("gives each text spm_encode's pieces (committed fixtures: NFKC, accents, CJK, odd spaces)", async () => {
    await compareWithSpmEncode(readLmFixtures())
  })

  it.runIf(HAVE_LM_TOOLS)('agrees with spm_encode on a model trained now with spm_train', async () => {
    const dir = join(scratch.path, 'fresh')
    generateLmFixtures(dir)
    await compareWithSpmEncode(readLmFixtures(dir))
  })

  it('refuses a file SentencePiece cannot load, with its reason', async () => {
    const path = join(scratch.path, 'bad.model')
    writeFileSync(path, Buffer.from([0x0a, 0x02, 0x41, 0x42, 0x99, 0x99]))
    await expect(loadSentencePiece(path)).rejects.toThrow(
      /bad\.model is not a SentencePiece model SentencePiece can load \(.*Model is not initialized/
    )
    await expect(loadSentencePiece(join(scratch.path, 'absent.model'))).rejects.toThrow(/absent\.model/)
  })
})
