import { join } from 'node:path'
import { Worker } from 'node:worker_threads'
import { Field, Schema, Utf8, type RecordBatch } from 'apache-arrow'
import { describe, expect, it } from 'vitest'
import { rowsToBatch } from '../../io/schema'
import type { StatFilter } from '../base'
import { readStat, readStrings, STATS_COLUMN } from '../batch'
import { resolveParams } from '../registry'
import { identifyLanguage, languageIdModelState, languageIdScoreFilter, prepareLanguageIdModel } from './language_id_score_filter'

const schema = new Schema([new Field('text', new Utf8(), true)])
const batchOf = (texts: string[]): RecordBatch =>
  rowsToBatch(
    texts.map((t) => [t]),
    schema
  )
const make = (params: Record<string, unknown> = {}): StatFilter =>
  languageIdScoreFilter.create(resolveParams(languageIdScoreFilter.info, params), { textKey: 'text' })
const kept = (params: Record<string, unknown>, texts: string[]): string[] =>
  readStrings(make(params).process(batchOf(texts)).batch, 'text') as string[]

// Tests run in order: the first one sees the thread before the model is loaded.
describe('language_id_score_filter model loading', () => {
  it('does not load the model on import, and refuses to run before prepare()', () => {
    expect(languageIdModelState()).toEqual({ loaded: false, loads: 0 })
    expect(() => make().process(batchOf(['Hello there, my friend.']))).toThrow(/not loaded/)
  })

  it('loads it once however many times prepare() is called', async () => {
    await Promise.all([prepareLanguageIdModel(), languageIdScoreFilter.prepare!({}, {}), prepareLanguageIdModel()])
    await prepareLanguageIdModel()
    expect(languageIdModelState()).toEqual({ loaded: true, loads: 1 })
  })

  it('loads it in each worker thread of its own, from node_modules', async () => {
    const source = join(__dirname, 'language_id_score_filter.ts')
    const code = `
      require('tsx/cjs/api').register()
      const { parentPort } = require('node:worker_threads')
      const m = require(${JSON.stringify(source)})
      const before = m.languageIdModelState()
      m.prepareLanguageIdModel().then(() => parentPort.postMessage({ before, after: m.languageIdModelState(), result: m.identifyLanguage('Guten Morgen, wie geht es dir?') }))
    `
    const worker = new Worker(code, { eval: true })
    const message = await new Promise<{ before: unknown; after: unknown; result: { lang: string } }>((resolve, reject) => {
      worker.once('message', resolve)
      worker.once('error', reject)
    })
    await worker.terminate()
    expect(message.before).toEqual({ loaded: false, loads: 0 })
    expect(message.after).toEqual({ loaded: true, loads: 1 })
    expect(message.result.lang).toBe('de')
  })
})

describe('language_id_score_filter', () => {
  it('identifies English, German, French, Spanish, Russian, Chinese and Japanese', () => {
    const samples: [string, string][] = [
      ['en', 'The weather is lovely today and we are going to the park.'],
      ['de', 'Das Wetter ist heute schön und wir gehen in den Park.'],
      ['fr', "Il fait beau aujourd'hui et nous allons au parc."],
      ['es', 'Hoy hace buen tiempo y vamos a ir al parque.'],
      ['ru', 'Сегодня хорошая погода, и мы идём в парк.'],
      ['zh', '今天天气很好，我们要去公园。'],
      ['ja', '今日は天気が良いので、公園に行きます。'],
      ['ar', 'مرحبا، كيف حالك اليوم؟']
    ]
    for (const [lang, text] of samples) {
      const result = identifyLanguage(text)
      expect(result.lang, text).toBe(lang)
      expect(result.score, text).toBeGreaterThan(0.9)
    }
  })

  it('lower-cases and turns \\n into spaces before predicting, as Data-Juicer does', () => {
    expect(identifyLanguage('DAS WETTER IST HEUTE SCHÖN')).toEqual(identifyLanguage('das wetter ist heute schön'))
    expect(identifyLanguage('Hello world\nhow are you')).toEqual(identifyLanguage('hello world how are you'))
    // Only \n: fastText would stop at a newline, but \r and U+2028 are left to it unchanged.
    expect(identifyLanguage('Hello world\r\nhow are you')).toEqual(identifyLanguage('hello world\r how are you'))
    // Empty text still gets fastText's prediction for an empty line.
    expect(identifyLanguage('').lang).toBe('en')
    expect(identifyLanguage('')).toEqual(identifyLanguage('   '))
  })

  it("passes Data-Juicer's own cases: lang 'en', 'zh', none and a list", () => {
    const en = [
      'a=1\nb\nc=1+2+3+5\nd=6',
      "Today is Sund Sund Sund Sunda and it's a happy day!\nYou know",
      'a v s e e f g a qkc',
      '，。、„”“«»１」「《》´∶：？！（）；–—．～’…━〈〉【】％►',
      'Do you need a cup of coffee?',
      'emoji表情测试下😊，😸31231\n'
    ]
    expect(kept({ lang: ['en'], min_score: 0.8 }, en)).toEqual([en[1], en[4]])
    const zh = [
      'a=1\nb\nc=1+2+3+5\nd=6',
      "Today is Sund Sund Sund Sunda and it's a happy day!\nYou know",
      '我出生于2023年12月15日',
      '，。、„”“«»１」「《》´∶：？！（）；–—',
      '他的英文名字叫Harry Potter',
      '这是一个测试'
    ]
    expect(kept({ lang: ['zh'], min_score: 0.8 }, zh)).toEqual(zh.slice(2))
    expect(kept({ lang: [], min_score: 0.8 }, zh)).toEqual(zh.slice(1))
    expect(kept({ lang: ['en', 'zh'], min_score: 0.8 }, [...en, '这是一个测试'])).toEqual([en[1], en[3], en[4], '这是一个测试'])
  })

  it('records lang and lang_score and explains each drop', () => {
    const texts = ['Das Wetter ist heute schön und wir gehen in den Park.', 'The weather is lovely today.', 'a v s e e f g a qkc', '', '👍🏽👍🏽 𝔘']
    const out = make({ lang: ['de'] }).process(batchOf(texts))
    expect(readStrings(out.batch, 'text')).toEqual([texts[0]])
    expect(readStat(out.batch, 'lang')).toEqual(['de'])
    expect(readStat(out.batch, 'lang_score')![0]).toBeGreaterThan(0.99)
    expect(out.rejected?.reasons[0]).toMatch(/^lang en \(score 0\.9\d*\) not in de$/)
    const field = out.batch.schema.fields.find((f) => f.name === STATS_COLUMN)
    expect(String(field?.type)).toBe('Struct<{lang:Utf8, lang_score:Float64}>')

    const any = make({ min_score: 0.5 }).process(batchOf(texts))
    expect(readStrings(any.batch, 'text')).toEqual(texts.slice(0, 2))
    expect(any.rejected?.reasons[0]).toMatch(/^lang_score 0\.\d+ < min_score 0\.5 \(detected [a-z]+\)$/)
  })

  it('keeps min_score as a closed bound', () => {
    const text = 'Do you need a cup of coffee?'
    const { score } = identifyLanguage(text)
    expect(kept({ min_score: score }, [text])).toEqual([text])
    expect(kept({ min_score: score + 1e-9 }, [text])).toEqual([])
    expect(kept({ min_score: 0 }, ['', '👍🏽'])).toEqual(['', '👍🏽'])
  })

  it('accepts lang as a single string too, as Data-Juicer does', () => {
    const filter = make({ lang: 'fr', min_score: 0.8 })
    expect(
      readStrings(filter.process(batchOf(['Bonjour tout le monde, comment allez-vous ?', 'Hello everyone, how are you?'])).batch, 'text')
    ).toEqual(['Bonjour tout le monde, comment allez-vous ?'])
    const none = make({ lang: '', min_score: 0.8 })
    expect(readStrings(none.process(batchOf(['Hello everyone, how are you?'])).batch, 'text')).toHaveLength(1)
  })

  it('reuses lang and lang_score already present instead of predicting again', () => {
    const first = make().computeStats(batchOf(['Hello everyone, how are you?'])).batch
    const second = make({ lang: ['en'] })
    const out = second.process(first)
    expect(second.counters.textBytesIn).toBe(0)
    expect(readStrings(out.batch, 'text')).toHaveLength(1)
  })
})
