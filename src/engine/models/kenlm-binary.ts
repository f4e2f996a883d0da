import { SieveError } from '../../shared/errors'
import {
  ProbingCursor,
  TrieCursor,
  probingFind,
  type Fail,
  type NgramCursor,
  type ProbingTable,
  type TrieLevel,
  type TrieQuant
} from './kenlm-binary-search'
import { ARRAY_TRIE, PROBING, QUANT_ARRAY_TRIE, QUANT_TRIE, align8, parseKenlmHeader, type KenlmHeader } from './kenlm-binary-header'
import { FileBytes, murmurHash64A, requiredBits, type FileBytesOptions } from './kenlm-bytes'
import { kenlmWords, type LanguageModel } from './language-model'

/** The bytes of the header `parseKenlmHeader` reads: enough for the counts of an order up to 255. */
const HEAD_BYTES = 2200

/** The message for a KenLM binary file Sieve cannot read. */
export function kenlmBinaryFail(path: string): Fail {
  return (why) => {
    throw new SieveError('BAD_REQUEST', `${path} is not a KenLM binary model Sieve can read: ${why}.`, { path })
  }
}

/** How a word's id is found (lm/vocab.hh): by the MurmurHash64A of its UTF-8 bytes; 0 (<unk>) when absent. */
interface Vocabulary {
  /** Words, <unk> included: ids are below this. */
  bound: number
  index(word: string): number
}

/**
 * Words whose ids a model remembers, at most: more than a SentencePiece vocabulary has pieces (what
 * perplexity_filter scores), and a bound on the memory other text can take.
 */
const REMEMBERED_WORDS = 1 << 18

/** One KenLM state (lm/state.hh): the context words, most recent first, and the back-off of each n-gram they end. */
class State {
  length = 0
  readonly words: Uint32Array
  readonly backoff: Float64Array

  constructor(order: number) {
    this.words = new Uint32Array(order)
    this.backoff = new Float64Array(order)
  }
}

/** The sign bit of a back-off of 0 says whether the n-gram starts a longer one (lm/blank.hh HasExtension). */
function hasExtension(backoff: number): boolean {
  return !Object.is(backoff, -0)
}

/**
 * A language model in KenLM's binary format (build_binary's output, Data-Juicer's `LANG.arpa.bin`):
 * probing hash tables or a trie, quantized or not, with array-compressed pointers or not. It scores
 * as KenLM's FullScore does, state by state: the longest n-gram found walking back from the word,
 * plus the back-offs of the context n-grams longer than it; float32 values summed in float32.
 * A file up to 1 GiB is read into memory whole, once per worker thread; a larger one is read as
 * lookups reach it, at most 1 GiB of it kept per thread (see FileBytes).
 */
export class KenlmBinaryModel implements LanguageModel {
  /** The state before and after each word, reused from word to word. */
  private readonly state: [State, State]
  /** Ids of the words met so far: hashing a word and finding it costs more than the rest of its scoring. */
  private readonly ids = new Map<string, number>()

  private constructor(
    readonly order: number,
    private readonly vocab: Vocabulary,
    private readonly cursor: NgramCursor,
    /** KenLM's BeginSentence and EndSentence: the ids of <s> and </s> (0 when the model lacks them). */
    private readonly bos: number,
    private readonly eos: number
  ) {
    this.state = [new State(order), new State(order)]
  }

  /** Opens the file (read whole, or block by block when large: see FileBytes) and checks its layout against its size. */
  static async load(path: string, options?: FileBytesOptions): Promise<KenlmBinaryModel> {
    const bytes = FileBytes.open(path, options)
    const fail = kenlmBinaryFail(path)
    const header = parseKenlmHeader(bytes.slice(0, Math.min(bytes.size, HEAD_BYTES)), fail)
    const { vocab, cursor, end } = header.modelType === PROBING ? probingLayout(bytes, header, fail) : trieLayout(bytes, header, fail)
    if (header.hasVocabulary) checkWords(bytes, end, vocab.bound, fail)
    const bos = vocab.index('<s>')
    const eos = vocab.index('</s>')
    return new KenlmBinaryModel(header.order, vocab, cursor, bos, eos)
  }

  get vocabularySize(): number {
    return this.vocab.bound
  }

  score(sentence: string, bos = true, eos = true): number {
    let [state, next] = this.state
    if (bos) {
      // KenLM's BeginSentenceState: <s> with its unigram back-off, whether or not it extends.
      this.cursor.unigram(this.bos)
      state.words[0] = this.bos
      state.backoff[0] = this.cursor.backoff
      state.length = 1
    } else state.length = 0
    let total = 0
    for (const word of kenlmWords(sentence)) {
      total = Math.fround(total + this.fullScore(state, this.wordId(word), next))
      ;[state, next] = [next, state]
    }
    if (eos) total = Math.fround(total + this.fullScore(state, this.eos, next))
    return total
  }

  private wordId(word: string): number {
    let id = this.ids.get(word)
    if (id === undefined) {
      id = this.vocab.index(word)
      if (this.ids.size < REMEMBERED_WORDS) this.ids.set(word, id)
    }
    return id
  }

  /** log10 P(word | state) into `out` (lm/model.cc FullScore, ScoreExceptBackoff, ResumeScore). */
  private fullScore(state: State, word: number, out: State): number {
    const cursor = this.cursor
    cursor.unigram(word)
    let prob = cursor.prob
    let ngramLength = 1
    out.words[0] = word
    out.backoff[0] = cursor.backoff
    out.length = hasExtension(cursor.backoff) ? 1 : 0
    if (state.length > 0) {
      let i = 0
      for (; i < state.length && !cursor.independentLeft && i < this.order - 2; i++) {
        if (!cursor.middle(i, state.words[i]!)) break
        out.backoff[i + 1] = cursor.backoff
        prob = cursor.prob
        ngramLength = i + 2
        if (hasExtension(cursor.backoff)) out.length = ngramLength
      }
      if (i === this.order - 2 && i < state.length && !cursor.independentLeft && cursor.longest(state.words[i]!)) {
        prob = cursor.prob
        ngramLength = this.order
      }
      for (let k = 1; k < out.length; k++) out.words[k] = state.words[k - 1]!
    }
    for (let k = ngramLength - 1; k < state.length; k++) prob = Math.fround(prob + state.backoff[k]!)
    return prob
  }
}

/** Fails unless a file of `size` bytes has `end` bytes. */
export function requireBytes(size: number, end: number, fail: Fail): void {
  if (size < end) fail(`it is truncated: its header's counts make it at least ${end} bytes, but it has ${size}`)
}

/** Buckets of a probing hash table (util/probing_hash_table.hh Size), computed in float32 as KenLM does. */
function probingBuckets(entries: number, multiplier: number): number {
  return Math.max(entries + 1, Math.trunc(Math.fround(multiplier * Math.fround(entries))))
}

function wordBytes(word: string): Buffer {
  return Buffer.from(word, 'utf8')
}

/**
 * Where the tables of a probing model are (lm/search_hashed.hh, lm/vocab.hh ProbingVocabulary), in
 * the order build_binary writes them; all follows from the header, `end` included (where the
 * vocabulary's words start), so a truncated file is known from its size alone.
 */
export function probingTables(header: KenlmHeader): {
  vocab: ProbingTable
  unigramStart: number
  middles: ProbingTable[]
  longest: ProbingTable
  end: number
} {
  const { counts, probingMultiplier } = header
  const vocab: ProbingTable = { start: header.bytes + 8, buckets: probingBuckets(counts[0]!, probingMultiplier), entryBytes: 12 }
  let at = vocab.start + vocab.buckets * vocab.entryBytes
  const unigramStart = at
  at += (counts[0]! + 1) * 8
  const middles: ProbingTable[] = []
  for (let n = 2; n < header.order; n++) {
    const table = { start: at, buckets: probingBuckets(counts[n - 1]!, probingMultiplier), entryBytes: 16 }
    middles.push(table)
    at += table.buckets * table.entryBytes
  }
  const longest = { start: at, buckets: probingBuckets(counts[header.order - 1]!, probingMultiplier), entryBytes: 12 }
  return { vocab, unigramStart, middles, longest, end: longest.start + longest.buckets * longest.entryBytes }
}

function probingLayout(bytes: FileBytes, header: KenlmHeader, fail: Fail): { vocab: Vocabulary; cursor: NgramCursor; end: number } {
  const { counts } = header
  const tables = probingTables(header)
  const vocabTable = tables.vocab
  requireBytes(bytes.size, tables.end, fail)
  if (bytes.u32(header.bytes) !== 0) fail(`its vocabulary is version ${bytes.u32(header.bytes)}; KenLM reads version 0`)
  const bound = bytes.u32(header.bytes + 4)
  if (bound < 1 || bound > counts[0]! + 1) fail(`its vocabulary has ${bound} words for ${counts[0]} unigrams`)
  const vocab: Vocabulary = {
    bound,
    index: (word) => {
      const found = probingFind(bytes, vocabTable, murmurHash64A(wordBytes(word)))
      if (found < 0) return 0
      const id = bytes.u32(found + 8)
      return id < bound ? id : fail(`the word '${word}' has id ${id}, beyond its vocabulary of ${bound}`)
    }
  }
  return { vocab, cursor: new ProbingCursor(bytes, tables.unigramStart, tables.middles, tables.longest), end: tables.end }
}

/** lm/bhiksha.cc ChopBits: how many high bits of a next pointer the offsets array holds. */
function chopBits(maxOffset: number, maxNext: number, configuredBits: number): number {
  const required = requiredBits(maxNext)
  let best = 0
  let lowest = Infinity
  for (let chop = 0; chop <= Math.min(required, configuredBits); chop++) {
    const change = Math.floor(maxNext / 2 ** (required - chop)) * 64 - maxOffset * chop
    if (change < lowest) {
      lowest = change
      best = chop
    }
  }
  return best
}

/** lm/search_trie.hh, lm/trie.hh, lm/quantize.hh, lm/bhiksha.hh and lm/vocab.hh SortedVocabulary, in the order build_binary writes them. */
function trieLayout(bytes: FileBytes, header: KenlmHeader, fail: Fail): { vocab: Vocabulary; cursor: NgramCursor; end: number } {
  const { counts, order, modelType } = header
  const vocabStart = header.bytes
  let at = vocabStart + 8 + 8 * counts[0]!
  let quant: TrieQuant | undefined
  if (modelType === QUANT_TRIE || modelType === QUANT_ARRAY_TRIE) {
    requireBytes(bytes.size, at + 8, fail)
    if (bytes.u8(at) !== 2) fail(`its quantization is version ${bytes.u8(at)}; KenLM reads version 2`)
    const probBits = bytes.u8(at + 1)
    const backoffBits = bytes.u8(at + 2)
    if (probBits < 1 || probBits > 25 || backoffBits < 1 || backoffBits > 25)
      fail(`it is quantized to ${probBits} and ${backoffBits} bits; KenLM takes 1 to 25`)
    const tableStart = at + 8
    at = tableStart + ((order - 2) * (2 ** backoffBits + 2 ** probBits) + 2 ** probBits) * 4
    requireBytes(bytes.size, at, fail)
    const floats = (start: number, n: number): Float32Array => Float32Array.from({ length: n }, (_, i) => bytes.f32(start + 4 * i))
    const middles: TrieQuant['middles'] = []
    let table = tableStart
    for (let n = 2; n < order; n++) {
      const prob = floats(table, 2 ** probBits)
      table += prob.byteLength
      const backoff = floats(table, 2 ** backoffBits)
      table += backoff.byteLength
      middles.push({ prob, backoff })
    }
    quant = { probBits, backoffBits, middles, longest: floats(table, 2 ** probBits) }
  }
  const unigramStart = at
  at += (counts[0]! + 2) * 16
  const arrayPointers = modelType === ARRAY_TRIE || modelType === QUANT_ARRAY_TRIE
  let pointerBits = 0
  if (arrayPointers && order > 2) {
    requireBytes(bytes.size, at + 2, fail)
    if (bytes.u8(at) !== 0) fail(`its pointer compression is version ${bytes.u8(at)}; KenLM reads version 0`)
    pointerBits = bytes.u8(at + 1)
  }
  const wordBits = requiredBits(counts[0]!)
  const packedBytes = (entries: number, totalBits: number): number => Math.floor(((1 + entries) * totalBits + 7) / 8) + 8
  const middles: TrieLevel[] = []
  const offsetArrays: { level: TrieLevel; start: number; count: number }[] = []
  for (let n = 2; n < order; n++) {
    const entries = counts[n - 1]!
    const nextEntries = counts[n]!
    const valueBits = quant === undefined ? 63 : quant.probBits + quant.backoffBits
    let nextBits = requiredBits(nextEntries)
    let arrayBytes = 0
    let offsets: { start: number; count: number } | undefined
    if (arrayPointers) {
      const chop = chopBits(entries + 1, nextEntries, pointerBits)
      const count = Math.floor(nextEntries / 2 ** (nextBits - chop)) + 1
      arrayBytes = 8 * (1 + count) + 7
      offsets = { start: align8(at) + 8, count }
      nextBits -= chop
    }
    const totalBits = wordBits + valueBits + nextBits
    const level: TrieLevel = { bitStart: (at + arrayBytes) * 8, wordBits, totalBits, entries, nextBits, nextEntries }
    if (offsets !== undefined) offsetArrays.push({ level, ...offsets })
    middles.push(level)
    at += arrayBytes + packedBytes(entries, totalBits)
  }
  const longestBits = wordBits + (quant === undefined ? 31 : quant.probBits)
  const longestEntries = counts[order - 1]!
  const longest: TrieLevel = { bitStart: at * 8, wordBits, totalBits: longestBits, entries: longestEntries, nextBits: 0, nextEntries: 0 }
  at += packedBytes(longestEntries, longestBits)
  requireBytes(bytes.size, at, fail)
  for (const { level, start, count } of offsetArrays) {
    level.pointerOffsets = Float64Array.from({ length: count }, (_, i) => bytes.u64(start + 8 * i) ?? fail('a compressed pointer is beyond 2^53'))
    if (level.pointerOffsets[0] !== 0) fail("its compressed pointers' offsets do not start at 0")
  }
  const words = bytes.u64(vocabStart)
  if (words === undefined || words > counts[0]!) fail(`its vocabulary has ${words} words for ${counts[0]} unigrams`)
  const vocab: Vocabulary = {
    bound: words + 1,
    index: (word) => {
      const hash = murmurHash64A(wordBytes(word))
      // Compared as two 32-bit halves, the high one first: the same order as the uint64 hashes, without a BigInt per step.
      const high = Number(hash >> 32n)
      const low = Number(hash & 0xffffffffn)
      let first = 0
      let end = words
      while (first < end) {
        const mid = Math.floor((first + end) / 2)
        const at = vocabStart + 8 + 8 * mid
        const keyHigh = bytes.u32(at + 4)
        const keyLow = bytes.u32(at)
        if (keyHigh < high || (keyHigh === high && keyLow < low)) first = mid + 1
        else if (keyHigh !== high || keyLow !== low) end = mid
        else return mid + 1
      }
      return 0
    }
  }
  const bigrams = order > 2 ? middles[0]!.entries : longestEntries
  return { vocab, cursor: new TrieCursor(bytes, unigramStart, bigrams, middles, longest, quant, fail), end: at }
}

/** The vocabulary's words that follow the tables (build_binary writes them unless -v): <unk> first, each NUL-terminated, `bound` of them. */
function checkWords(bytes: FileBytes, start: number, bound: number, fail: Fail): void {
  const words = bytes.slice(start, bytes.size)
  if (!words.subarray(0, 6).equals(Buffer.from('<unk>\0', 'latin1')))
    fail(`its vocabulary's words do not start with <unk> at byte ${start}, where its tables end: the file is truncated or damaged`)
  let count = 0
  for (let at = words.indexOf(0); at >= 0; at = words.indexOf(0, at + 1)) count++
  if (count !== bound || words[words.length - 1] !== 0)
    fail(`it has ${count} vocabulary words at its end where its tables say ${bound}: the file is truncated`)
}
