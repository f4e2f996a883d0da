import { Field, Schema, Utf8, type RecordBatch } from 'apache-arrow'
import { describe, expect, it } from 'vitest'
import { rowsToBatch } from '../../io/schema'
import type { Mapper } from '../base'
import { readStrings } from '../batch'
import { resolveParams } from '../registry'
import { sentenceSplitMapper } from './sentence_split_mapper'

const schema = new Schema([new Field('text', new Utf8(), true)])
const batchOf = (texts: string[]): RecordBatch =>
  rowsToBatch(
    texts.map((t) => [t]),
    schema
  )
const make = (params: Record<string, unknown> = {}): Mapper =>
  sentenceSplitMapper.create(resolveParams(sentenceSplitMapper.info, params), { textKey: 'text' })
const split = (text: string, lang = 'en'): string => readStrings(make({ lang }).process(batchOf([text])).batch, 'text')[0]!

describe('sentence_split_mapper', () => {
  it("passes Data-Juicer's own cases in English, French, Portuguese and Spanish", () => {
    expect(
      split(
        'Smithfield employs 3,700 people at its plant in Sioux Falls, South Dakota. The plant slaughters 19,500 pigs a day — 5 percent of U.S. pork.'
      )
    ).toBe(
      'Smithfield employs 3,700 people at its plant in Sioux Falls, South Dakota.\nThe plant slaughters 19,500 pigs a day — 5 percent of U.S. pork.'
    )
    expect(
      split(
        "Smithfield emploie 3,700 personnes dans son usine de Sioux Falls, dans le Dakota du Sud. L'usine abat 19 500 porcs par jour, soit 5 % du porc américain.",
        'fr'
      )
    ).toBe(
      "Smithfield emploie 3,700 personnes dans son usine de Sioux Falls, dans le Dakota du Sud.\nL'usine abat 19 500 porcs par jour, soit 5 % du porc américain."
    )
    expect(
      split(
        'A Smithfield emprega 3.700 pessoas em sua fábrica em Sioux Falls, Dakota do Sul. A fábrica abate 19.500 porcos por dia – 5% da carne suína dos EUA.',
        'pt'
      )
    ).toBe(
      'A Smithfield emprega 3.700 pessoas em sua fábrica em Sioux Falls, Dakota do Sul.\nA fábrica abate 19.500 porcos por dia – 5% da carne suína dos EUA.'
    )
    expect(
      split(
        'Smithfield emplea a 3.700 personas en su planta de Sioux Falls, Dakota del Sur. La planta sacrifica 19.500 cerdos al día, el 5 por ciento de la carne de cerdo de EE.',
        'es'
      )
    ).toBe(
      'Smithfield emplea a 3.700 personas en su planta de Sioux Falls, Dakota del Sur.\nLa planta sacrifica 19.500 cerdos al día, el 5 por ciento de la carne de cerdo de EE.'
    )
  })

  it('drops the whitespace between sentences and at the end, keeps leading whitespace and inner line breaks', () => {
    expect(split('  Hello world.  Bye now.  ')).toBe('  Hello world.\nBye now.')
    expect(split('line one\nline two. Next\n\nPara')).toBe('line one\nline two.\nNext\n\nPara')
    expect(split('Hello.\r\nWorld.')).toBe('Hello.\nWorld.')
    expect(split('Hi.\u2028There')).toBe('Hi.\nThere')
    expect(split('Done.\tNext')).toBe('Done.\nNext')
    expect(split('')).toBe('')
    expect(split(' \t\n\u3000 ')).toBe('')
    expect(split('no punctuation at all\n')).toBe('no punctuation at all')
  })

  it('ends sentences at ? and ! runs and moves closing quotes and brackets into the sentence', () => {
    expect(split('Hi!! There')).toBe('Hi!!\nThere')
    expect(split('Wow?! Really.')).toBe('Wow?!\nReally.')
    expect(split('Q? a')).toBe('Q?\na')
    expect(split('He said "Stop." Then left.')).toBe('He said "Stop."\nThen left.')
    expect(split('(See above.) Next one.')).toBe('(See above.)\nNext one.')
    // Punkt does not look past a non-ASCII closing quote.
    expect(split('He said “Stop.” Then left.')).toBe('He said “Stop.” Then left.')
  })

  it('does not split inside numbers, URLs or words, nor after abbreviations and initials', () => {
    expect(split('Number 3.14 is pi. Yes')).toBe('Number 3.14 is pi.\nYes')
    expect(split('See example.com/a.b for more.')).toBe('See example.com/a.b for more.')
    expect(split('Mr. Smith came. He left.')).toBe('Mr. Smith came.\nHe left.')
    expect(split('I saw J. Smith. He left.')).toBe('I saw J. Smith.\nHe left.')
    expect(split('e.g. this. Then')).toBe('e.g. this.\nThen')
    expect(split('Fig. 3 shows it.')).toBe('Fig. 3 shows it.')
    expect(split('In 3. pigs')).toBe('In 3. pigs')
    expect(split('In 1999. The end')).toBe('In 1999.\nThe end')
    // An ordinary word ends a sentence whatever follows, as in Punkt.
    expect(split('End. and lower')).toBe('End.\nand lower')
  })

  it('splits after an abbreviation, initial or ellipsis when a capitalised sentence starter follows', () => {
    expect(split('He moved to the U.S. The plant closed.')).toBe('He moved to the U.S.\nThe plant closed.')
    expect(split('Wait... What now?')).toBe('Wait...\nWhat now?')
    expect(split('Wait... then what?')).toBe('Wait... then what?')
  })

  it('uses the abbreviations of the chosen language', () => {
    expect(split('M. Dupont est là. Il part.', 'fr')).toBe('M. Dupont est là.\nIl part.')
    expect(split('La Sra. García llegó. Ella habló.', 'es')).toBe('La Sra. García llegó.\nElla habló.')
    expect(split('O Sr. Silva chegou. Ele falou.', 'pt')).toBe('O Sr. Silva chegou.\nEle falou.')
    expect(split('Voir av. Foch. Il part.', 'fr')).toBe('Voir av. Foch.\nIl part.')
    expect(() => resolveParams(sentenceSplitMapper.info, { lang: 'de' })).toThrow(/one of en, fr, pt, es/)
  })

  it('handles emoji, astral letters, CJK and Arabic', () => {
    expect(split('Great job 👍🏽. See you!')).toBe('Great job 👍🏽.\nSee you!')
    expect(split('Use 𝔘. Next one.')).toBe('Use 𝔘. Next one.') // a one-letter initial
    expect(split('我很好。你呢？')).toBe('我很好。你呢？') // full-width punctuation is not a Punkt sentence end
    expect(split('مرحبا. كيف حالك؟')).toBe('مرحبا.\nكيف حالك؟')
  })

  // Its time is measured by `npm run bench:ops` (bench/ops-worst-case.ts).
  it('splits a text of 80,000 sentences', () => {
    const text = 'The cat sat on the mat. Dr. Smith came by! Was it 3.14? Yes. '.repeat(20_000)
    expect(split(text).split('\n')).toHaveLength(80_000)
  })
})
