import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { scratchDir } from '../testing'
import { ArpaModel } from './kenlm-arpa'
import { generateLmFixtures, HAVE_LM_TOOLS, readLmFixtures, type LmFixtures } from './testing-lm'

const scratch = scratchDir('sieve-arpa-')
afterAll(() => scratch.remove())

function arpa(name: string, text: string): string {
  const path = join(scratch.path, name)
  writeFileSync(path, text)
  return path
}

/** Every document's perplexity from Sieve's scorer, printed as IRSTLM prints it, against IRSTLM's. */
async function compareWithIrstlm(fixtures: LmFixtures): Promise<void> {
  const model = await ArpaModel.load(join(fixtures.dir, 'tiny.arpa'))
  expect(fixtures.perplexity).toHaveLength(fixtures.pieces.length)
  const ours = fixtures.pieces.map((pieces) => {
    const words = pieces.length + 1
    return { words, pp: (10 ** (-model.score(pieces.join(' ')) / words)).toFixed(2) }
  })
  expect(ours).toEqual(fixtures.perplexity)
}

describe('ArpaModel', () => {
  it("scores each document with the perplexity IRSTLM's compile-lm gives it (committed fixtures)", async () => {
    await compareWithIrstlm(readLmFixtures())
  })

  it.runIf(HAVE_LM_TOOLS)('agrees with IRSTLM on a model and texts made now with the real tools', async () => {
    const dir = join(scratch.path, 'fresh')
    generateLmFixtures(dir)
    await compareWithIrstlm(readLmFixtures(dir))
  })

  it('backs off as KenLM does: the longest known n-gram plus the back-off weights of the longer contexts, <s> and </s> added', async () => {
    const model = await ArpaModel.load(
      arpa(
        'hand.arpa',
        `\\data\\\nngram 1=5\nngram 2=3\nngram 3=1\n\n\\1-grams:\n-1.0\t<unk>\n-99\t<s>\t-0.5\n-0.7\t</s>\n-0.6\ta\t-0.25\n-0.8\tb\t-0.125\n\n` +
          `\\2-grams:\n-0.3\t<s> a\t-0.0625\n-0.2\ta b\t-0.03125\n-0.4\tb </s>\n\n\\3-grams:\n-0.1\t<s> a b\n\n\\end\\\n`
      )
    )
    const f = Math.fround
    // <s> a: bigram; a b after <s> a: trigram; </s> after a b: bigram (b </s>) + bow(a b).
    expect(model.score('a b')).toBe(f(f(f(-0.3) + f(-0.1)) + f(f(-0.4) + f(-0.03125))))
    // b after <s> b? no: "b a": <s> b unseen -> P(b) + bow(<s>); b a unseen -> P(a) + bow(b); a </s> unseen -> P(</s>) + bow(a).
    const ba = f(f(f(f(-0.8) + f(-0.5)) + f(f(-0.6) + f(-0.125))) + f(f(-0.7) + f(-0.25)))
    expect(model.score('b a')).toBe(ba)
    // An unknown word is <unk>; white space is ASCII white space, as KenLM splits the sentence's bytes.
    expect(model.score('zzz')).toBe(f(f(f(-1.0) + f(-0.5)) + f(-0.7)))
    expect(model.score(' \tb\u00a0a ')).toBe(f(f(f(-1.0) + f(-0.5)) + f(-0.7)))
    // Without <s> and </s>.
    expect(model.score('a b', false, false)).toBe(f(f(-0.6) + f(-0.2)))
  })

  it('gives <unk> -100 when the model has none, as KenLM does', async () => {
    const model = await ArpaModel.load(arpa('nounk.arpa', `\\data\\\nngram 1=3\n\n\\1-grams:\n-99\t<s>\n-0.5\t</s>\n-0.3\tx\n\n\\end\\\n`))
    expect(model.score('y', false, false)).toBe(-100)
  })

  it("refuses a file in KenLM's binary format, which KenlmBinaryModel reads", async () => {
    const path = arpa('en.arpa', 'mmap lm http://kheafield.com/code format version 5\n\0\0\0')
    await expect(ArpaModel.load(path)).rejects.toThrow(/en\.arpa is in KenLM's binary format, not ARPA text: it is read as a KenLM binary model/)
  })

  it('refuses a file that does not follow the ARPA format, with the line', async () => {
    await expect(ArpaModel.load(arpa('a.arpa', 'hello\n'))).rejects.toThrow(
      /a\.arpa, line 1: not a valid ARPA model: it must begin with a '\\data\\' line/
    )
    await expect(ArpaModel.load(arpa('b.arpa', `\\data\\\nngram 1=3\n\n\\1-grams:\n-99\t<s>\n-0.5\t</s>\n\n\\end\\\n`))).rejects.toThrow(
      /line 8: .*ngram 1=3, but the section has 2/
    )
    await expect(ArpaModel.load(arpa('c.arpa', `\\data\\\nngram 1=2\n\n\\1-grams:\n-99\t<s>\n-0.5\t</s>\n`))).rejects.toThrow(
      /ends before its '\\end\\' line/
    )
    await expect(
      ArpaModel.load(arpa('d.arpa', `\\data\\\nngram 1=2\nngram 2=1\n\n\\1-grams:\n-99\t<s>\n-0.5\t</s>\n\n\\2-grams:\n-0.1\t<s> q\n\\end\\\n`))
    ).rejects.toThrow(/line 10: .*the word 'q' of a 2-gram is not among the 1-grams/)
    await expect(ArpaModel.load(arpa('e.arpa', `\\data\\\nngram 1=2\n\n\\1-grams:\n-99\t<s>\nx\t</s>\n\n\\end\\\n`))).rejects.toThrow(
      /line 6: .*not a number/
    )
    await expect(ArpaModel.load(arpa('f.arpa', `\\data\\\nngram 1=1\n\n\\1-grams:\n-1\tx\n\n\\end\\\n`))).rejects.toThrow(/no <s> or no <\/s>/)
  })
})
