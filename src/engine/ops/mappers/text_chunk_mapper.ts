import { SieveError } from '../../../shared/errors'
import { declareParams, defineOp, type ParamValues } from '../define'
import type { OpInfo } from '../../../shared/ops'
import { Mapper, type OpContext } from '../base'

const params = declareParams([
  { name: 'max_len', type: 'int', default: null, min: 1, description: 'Longest chunk, in characters; empty to split only at the pattern.' },
  {
    name: 'split_pattern',
    type: 'string',
    default: '\\n\\n',
    nullable: true,
    description: 'Regular expression where chunks may end; empty to cut only by length.'
  },
  { name: 'overlap_len', type: 'int', default: 0, min: 0, description: 'Characters a length cut repeats at the start of the next chunk.' },
  {
    name: 'tokenizer',
    type: 'string',
    default: null,
    description: 'A tokenizer to count length in tokens (not supported in Sieve: leave empty).'
  },
  { name: 'trust_remote_code', type: 'bool', default: false, description: 'For loading a Hugging Face tokenizer (unused in Sieve).' }
])
type Params = ParamValues<typeof params>

/**
 * Data-Juicer's text_chunk_mapper: one row becomes one row per chunk of its text, the other fields
 * repeated. With only split_pattern the text is split there (blank pieces dropped); with only
 * max_len it is cut every max_len - overlap_len characters into max_len-long pieces; with both, a
 * chunk ends at the last split_pattern match within max_len characters, or is cut at max_len (the
 * next chunk then starting overlap_len characters back). Lengths are in code points.
 */
class TextChunkMapper extends Mapper<Params> {
  private readonly maxLen = this.params.max_len
  private readonly overlap = this.params.overlap_len
  private readonly pattern = this.params.split_pattern

  constructor(info: OpInfo, values: Params, context: OpContext) {
    super(info, values, context)
    const fail = (why: string): never => {
      throw new SieveError('BAD_REQUEST', `text_chunk_mapper: ${why}`, { op: 'text_chunk_mapper' })
    }
    if (this.maxLen === null && this.pattern === null) fail('max_len and split_pattern cannot both be empty.')
    if (this.maxLen !== null && this.overlap >= this.maxLen) fail(`overlap_len (${this.overlap}) must be less than max_len (${this.maxLen}).`)
    if (this.params.tokenizer !== null) fail('a tokenizer is not available in Sieve; lengths are counted in characters. Leave tokenizer empty.')
  }

  protected processText(text: string): string[] {
    if (this.pattern !== null && this.maxLen === null) {
      return text.split(new RegExp(`(${this.pattern})`, 'u')).filter((t) => t.trim() !== '')
    }
    const chars = Array.from(text)
    if (this.pattern === null) {
      if (chars.length <= this.maxLen!) return [text]
      const out: string[] = []
      for (let start = 0; start < chars.length; start += this.maxLen! - this.overlap) out.push(chars.slice(start, start + this.maxLen!).join(''))
      return out
    }
    // Walk the code points by index: each chunk costs its own length, not the rest of the text.
    const out: string[] = []
    const split = new RegExp(this.pattern, 'gu')
    let carry: string[] = []
    let at = 0
    for (;;) {
      const remaining = carry.length + chars.length - at
      if (remaining <= this.maxLen!) break
      const fromRest = this.maxLen! - carry.length
      const window = carry.length > 0 ? carry.concat(chars.slice(at, at + Math.max(0, fromRest))) : chars.slice(at, at + this.maxLen!)
      const head = window.join('')
      let last: RegExpExecArray | null = null
      split.lastIndex = 0
      for (let m = split.exec(head); m !== null; m = split.exec(head)) {
        last = m
        if (m[0] === '') split.lastIndex++
      }
      if (last === null || last.index + last[0].length === 0) {
        out.push(head)
        // The next chunk starts overlap_len characters back.
        carry = window.slice(this.maxLen! - this.overlap)
      } else {
        out.push(head.slice(0, last.index))
        carry = Array.from(head.slice(last.index + last[0].length))
      }
      at += Math.max(0, fromRest)
    }
    out.push(carry.join('') + chars.slice(at).join(''))
    return out
  }
}

export const textChunkMapper = defineOp({
  name: 'text_chunk_mapper',
  kind: 'mapper',
  description: 'Splits each text into chunks (at a pattern, at a length, or at the last pattern within a length); each chunk becomes its own row.',
  params,
  create: (info, values, context) => new TextChunkMapper(info, values, context)
})
