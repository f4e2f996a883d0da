import { createReadStream } from 'node:fs'
import { createInterface } from 'node:readline'
import { SieveError } from '../../shared/errors'
import { fileError } from '../io/fs-errors'
import { KENLM_BINARY_MAGIC } from './check-file'
import { kenlmWords, type LanguageModel } from './language-model'

/** The log10 probability KenLM gives <unk> when an ARPA file has none (lm/config.cc, unknown_missing_logprob). */
const UNKNOWN_MISSING_LOGPROB = -100

/** One order of n-grams: each n-gram's word ids joined by spaces, to its position in `prob` and `backoff`. */
interface Order {
  index: Map<string, number>
  prob: Float32Array
  backoff: Float32Array
}

/**
 * An ARPA n-gram language model scored as KenLM scores it (lm/model.cc FullScore, python/kenlm.pyx
 * Model.score): the longest n-gram of the context and the word that the model has gives its
 * log10 probability, plus the back-off weights of every longer context (in KenLM's order, from the
 * shortest); a word not in the vocabulary is <unk>; a sentence starts after <s> and ends with </s>.
 * Values are float32 and summed in float32, as KenLM stores and Python's binding adds them.
 */
export class ArpaModel implements LanguageModel {
  private constructor(
    readonly order: number,
    private readonly vocab: Map<string, number>,
    /** orders[0] is the unigrams, keyed by word id. */
    private readonly orders: Order[],
    private readonly unk: number,
    private readonly bos: number,
    private readonly eos: number
  ) {}

  /** Reads an ARPA file (its \data\ counts, then each \N-grams: section); a KenLM binary file is refused (KenlmBinaryModel reads it). */
  static async load(path: string): Promise<ArpaModel> {
    const reader = new ArpaReader(path)
    try {
      const lines = createInterface({ input: createReadStream(path, { encoding: 'utf8' }), crlfDelay: Infinity })
      for await (const line of lines) reader.line(line)
    } catch (err) {
      if (err instanceof SieveError) throw err
      throw fileError(err, path)
    }
    return reader.finish((order, vocab, orders, unk, bos, eos) => new ArpaModel(order, vocab, orders, unk, bos, eos))
  }

  get vocabularySize(): number {
    return this.vocab.size
  }

  /** log10 P(sentence), as kenlm.Model.score(sentence, bos, eos): words are the sentence split on white space. */
  score(sentence: string, bos = true, eos = true): number {
    const words = kenlmWords(sentence)
    // The context as the keys of its suffixes: keys[n - 1] is its last n word ids joined by spaces,
    // each built once from the one before, so no lookup joins ids again.
    let keys: string[] = bos ? [String(this.bos)] : []
    let last = bos ? this.bos : -1
    let total = 0
    const step = (word: number): void => {
      total = Math.fround(total + this.wordScore(keys, last, word))
      const next = [String(word)]
      for (let n = 1; n < this.order - 1 && n <= keys.length; n++) next.push(`${keys[n - 1]} ${word}`)
      keys = next
      last = word
    }
    for (const w of words) step(this.vocab.get(w) ?? this.unk)
    if (eos) step(this.eos)
    return total
  }

  /**
   * log10 P(word | context): the longest known n-gram's probability plus the back-offs of the longer
   * contexts. `keys` are the context's suffix keys (see score), `last` its last word id.
   */
  private wordScore(keys: readonly string[], last: number, word: number): number {
    const longest = Math.min(keys.length, this.order - 1)
    let matched = 0
    let prob = this.orders[0]!.prob[word]!
    for (let n = longest; n > 0; n--) {
      const order = this.orders[n]!
      const at = order.index.get(`${keys[n - 1]} ${word}`)
      if (at !== undefined) {
        prob = order.prob[at]!
        matched = n
        break
      }
    }
    for (let n = matched + 1; n <= longest; n++) {
      const backoff = n === 1 ? this.orders[0]!.backoff[last]! : this.lookupBackoff(n, keys[n - 1]!)
      prob = Math.fround(prob + backoff)
    }
    return prob
  }

  private lookupBackoff(length: number, key: string): number {
    const order = this.orders[length - 1]!
    const at = order.index.get(key)
    return at === undefined ? 0 : order.backoff[at]!
  }
}

type Build = (order: number, vocab: Map<string, number>, orders: Order[], unk: number, bos: number, eos: number) => ArpaModel

/** Reads an ARPA file line by line into the model's tables, refusing what does not follow the format with its line number. */
class ArpaReader {
  private lineNo = 0
  private section: 'start' | 'data' | 'ngrams' | 'end' = 'start'
  private readonly counts: number[] = []
  private n = 0
  private filled = 0
  private readonly vocab = new Map<string, number>()
  private orders: Order[] = []

  constructor(private readonly path: string) {}

  private fail(why: string): never {
    throw new SieveError('BAD_REQUEST', `${this.path}, line ${this.lineNo}: not a valid ARPA model: ${why}.`, { path: this.path, line: this.lineNo })
  }

  line(raw: string): void {
    this.lineNo++
    if (this.lineNo === 1 && raw.startsWith(KENLM_BINARY_MAGIC))
      throw new SieveError(
        'BAD_REQUEST',
        `${this.path} is in KenLM's binary format, not ARPA text: it is read as a KenLM binary model (LANG.arpa.bin).`,
        { path: this.path }
      )
    const line = raw.trim()
    if (line === '') return
    if (this.section === 'start') {
      if (line !== '\\data\\') this.fail("it must begin with a '\\data\\' line")
      this.section = 'data'
    } else if (line === '\\end\\') {
      this.endSection()
      this.section = 'end'
    } else if (/^\\\d+-grams:$/.test(line)) {
      if (this.section === 'ngrams') this.endSection()
      else this.startTables()
      const n = Number(/\d+/.exec(line)![0])
      if (n !== this.n + 1 || n > this.counts.length) this.fail(`section ${line} is out of order`)
      this.n = n
      this.filled = 0
      this.section = 'ngrams'
    } else if (this.section === 'data') {
      const count = /^ngram\s+(\d+)\s*=\s*(\d+)$/.exec(line)
      if (count === null || Number(count[1]) !== this.counts.length + 1) this.fail(`expected 'ngram ${this.counts.length + 1}=COUNT'`)
      this.counts.push(Number(count[2]))
    } else if (this.section === 'ngrams') this.entry(line)
  }

  private startTables(): void {
    if (this.counts.length === 0) this.fail('its \\data\\ section gives no n-gram counts')
    this.orders = this.counts.map((count) => ({ index: new Map(), prob: new Float32Array(count), backoff: new Float32Array(count) }))
  }

  private endSection(): void {
    if (this.filled !== this.counts[this.n - 1])
      this.fail(`\\data\\ says ngram ${this.n}=${this.counts[this.n - 1]}, but the section has ${this.filled}`)
  }

  private entry(line: string): void {
    const fields = line.split(/\s+/)
    const n = this.n
    if (fields.length !== n + 1 && fields.length !== n + 2) this.fail(`a ${n}-gram line has a probability, ${n} word(s) and maybe a back-off weight`)
    if (this.filled >= this.counts[n - 1]!) this.fail(`more ${n}-grams than \\data\\ says (${this.counts[n - 1]})`)
    const prob = logValue(fields[0]!)
    const backoff = fields.length === n + 2 ? logValue(fields[n + 1]!) : 0
    if (Number.isNaN(prob) || Number.isNaN(backoff)) this.fail('a probability or back-off weight is not a number')
    const words = fields.slice(1, n + 1)
    const order = this.orders[n - 1]!
    const at = this.filled++
    if (n === 1) {
      if (this.vocab.has(words[0]!)) this.fail(`the word '${words[0]}' is listed twice`)
      // Unigrams are looked up by word id, which is their position.
      this.vocab.set(words[0]!, at)
    } else {
      const ids = words.map((w) => this.vocab.get(w) ?? this.fail(`the word '${w}' of a ${n}-gram is not among the 1-grams`))
      order.index.set(ids.join(' '), at)
    }
    order.prob[at] = prob
    order.backoff[at] = backoff
  }

  finish(build: Build): ArpaModel {
    if (this.section !== 'end') this.fail("it ends before its '\\end\\' line")
    const bos = this.vocab.get('<s>')
    const eos = this.vocab.get('</s>')
    if (bos === undefined || eos === undefined) this.fail('it has no <s> or no </s> among its 1-grams')
    let unk = this.vocab.get('<unk>')
    if (unk === undefined) {
      // KenLM adds <unk> to a model without it, at unknown_missing_logprob and no back-off.
      unk = this.vocab.size
      this.vocab.set('<unk>', unk)
      const uni = this.orders[0]!
      const grow = (a: Float32Array, value: number): Float32Array => {
        const b = new Float32Array(a.length + 1)
        b.set(a)
        b[a.length] = value
        return b
      }
      this.orders[0] = { index: uni.index, prob: grow(uni.prob, UNKNOWN_MISSING_LOGPROB), backoff: grow(uni.backoff, 0) }
    }
    return build(this.counts.length, this.vocab, this.orders, unk, bos, eos)
  }
}

/** An ARPA log10 value; '-inf' (or -infinity) is how some toolkits write a zero probability. */
function logValue(text: string): number {
  if (/^[-+]?inf(inity)?$/i.test(text)) return text.startsWith('-') ? -Infinity : Infinity
  return /^[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$/.test(text) ? Number(text) : Number.NaN
}
