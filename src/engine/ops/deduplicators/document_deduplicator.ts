import { createHash } from 'node:crypto'
import { declareParams, defineOp, type ParamValues } from '../define'
import { Deduplicator } from '../global'
import { pythonStrip } from '../text'

/**
 * What `ignore_non_character` removes, as Data-Juicer's pattern `\s+|\d+|[string.punctuation]`
 * does with the `regex` module: Unicode White_Space (not JS `\\s`, which adds U+FEFF and
 * lacks U+0085), Unicode decimal digits, ASCII punctuation.
 */
const NON_CHARACTER = /[\t-\r \x85\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]+|\p{Nd}+|[!"#$%&'()*+,\-./:;<=>?@[\\\]^_`{|}~]/gu

const params = declareParams([
  { name: 'lowercase', type: 'bool', default: false, description: 'Compare texts ignoring case.' },
  {
    name: 'ignore_non_character',
    type: 'bool',
    default: false,
    description: 'Compare texts ignoring whitespace, digits and ASCII punctuation.'
  }
])
export type DocumentDedupParams = ParamValues<typeof params>
type Params = DocumentDedupParams

export class DocumentDeduplicator extends Deduplicator<Params> {
  private readonly lowercase = this.params.lowercase
  private readonly ignoreNonCharacter = this.params.ignore_non_character

  /** Data-Juicer's HashKeys.hash: the MD5 in hex, as `key` gives it. */
  override readonly hashColumn: string | null = '__dj__hash'

  /** One table of 128-bit keys: the MD5, as four words. */
  readonly keyShape = { tables: 1, keyWords: 4, payloadWords: 0 }

  private digest(text: string): Buffer {
    let t = text
    if (this.lowercase) t = t.toLowerCase()
    if (this.ignoreNonCharacter) t = t.replace(NON_CHARACTER, '')
    return createHash('md5').update(pythonStrip(t), 'utf8').digest()
  }

  protected key(text: string): string {
    return this.digest(text).toString('hex')
  }

  protected writeKeys(text: string, words: Uint32Array, at: number): void {
    const md5 = this.digest(text)
    for (let w = 0; w < 4; w++) words[at + w] = md5.readUInt32BE(4 * w)
  }
}

export const documentDeduplicator = defineOp({
  name: 'document_deduplicator',
  kind: 'deduplicator',
  description: 'Removes exact duplicates across the whole dataset (MD5 of the text), keeping the first occurrence in input order.',
  params,
  create: (info, values, context) => new DocumentDeduplicator(info, values, context)
})
export { params as documentDedupParams }
